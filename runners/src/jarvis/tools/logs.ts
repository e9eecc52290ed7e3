/**
 * The container_logs tool: the tail of a container's logs, at most 200 lines and 8 KB, newest kept
 * when cut. The text is the container's own output, so it is flagged untrusted.
 */
import type { LogLine } from '@homelab/db/docker';
import { z } from 'zod';
import { containerFailure, inspectContainer } from '../../docker/containers';
import { createLogParser, sinceSeconds } from '../../docker/logs';
import { defineTool } from './define';
import { dockerDeps } from './docker';
import type { ToolContext } from './types';

export const maxLogLines = 200;
export const maxLogBytes = 8 * 1024;

export type LogTail = { name: string; lines: LogLine[]; truncated: boolean };

/** The last `tail` lines (filtered by `search`), cut from the oldest end to fit `maxLogBytes`. */
export async function readLogTail(
  ctx: Pick<ToolContext, 'engine' | 'log'>,
  ref: string,
  options: { tail: number; since?: string; search?: string },
): Promise<LogTail> {
  const { inspect, summary } = await inspectContainer(dockerDeps(ctx), ref);
  const tail = Math.min(Math.max(options.tail, 1), maxLogLines);
  const since = sinceSeconds(options.since);
  const container = ctx.engine.require().getContainer(summary.id);
  let body: Buffer;
  try {
    // A search reads more than it shows, so that matching lines further back are found.
    body = (await container.logs({
      stdout: true,
      stderr: true,
      timestamps: true,
      follow: false,
      tail: options.search ? tail * 10 : tail,
      ...(since ? { since } : {}),
    })) as unknown as Buffer;
  } catch (error) {
    throw containerFailure(error, ref);
  }
  const parser = createLogParser({ tty: inspect.Config?.Tty === true, timestamps: true });
  const all: LogLine[] = [];
  const onLine = (line: LogLine) => all.push(line);
  if (Buffer.isBuffer(body)) parser.push(body, onLine);
  else if (typeof body === 'string') parser.push(Buffer.from(body), onLine);
  parser.end(onLine);
  const needle = options.search?.toLowerCase();
  let lines = (needle ? all.filter((line) => line.text.toLowerCase().includes(needle)) : all).slice(-tail);
  let truncated = false;
  let bytes = lines.reduce((sum, line) => sum + line.text.length + 1, 0);
  while (bytes > maxLogBytes && lines.length > 1) {
    bytes -= (lines[0]?.text.length ?? 0) + 1;
    lines = lines.slice(1);
    truncated = true;
  }
  const last = lines[lines.length - 1];
  if (last && last.text.length > maxLogBytes) {
    lines = [{ ...last, text: last.text.slice(-maxLogBytes) }];
    truncated = true;
  }
  return { name: summary.name, lines, truncated };
}

export const containerLogs = defineTool('container_logs', {
  args: z.object({
    container: z.string().min(1).max(128).describe('The container: its name or id'),
    tail: z
      .number()
      .int()
      .min(1)
      .max(maxLogLines)
      .default(100)
      .describe(`How many of the last lines (at most ${maxLogLines})`),
    since: z.string().max(40).optional().describe('Only lines after this time: ISO 8601, or Unix seconds'),
    search: z.string().max(200).optional().describe('Only lines containing this text (case-insensitive)'),
  }),
  target: (args) => args.container,
  async run(args, ctx) {
    const tail = await readLogTail(ctx, args.container, args);
    return {
      ok: true,
      summary: `${tail.lines.length} log lines of ${tail.name}${tail.truncated ? ' (cut to 8 KB)' : ''}`,
      untrusted: true,
      data: {
        container: tail.name,
        truncated: tail.truncated,
        lines: tail.lines.map((line) =>
          `${line.at ?? ''} ${line.stream === 'stderr' ? '[err] ' : ''}${line.text}`.trim(),
        ),
      },
    };
  },
});
