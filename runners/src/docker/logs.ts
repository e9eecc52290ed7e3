/**
 * Container logs as LogLine objects: the engine's stream is demultiplexed (8-byte frame headers
 * tell stdout from stderr for containers without a TTY), cut into lines, timestamp split off and
 * filtered; served live as SSE or as a plain-text download.
 */
import { type LogLine, logsQuerySchema } from '@homelab/db/docker';
import type Dockerode from 'dockerode';
import type { Context } from 'hono';
import { stream as streamText } from 'hono/streaming';
import type { z } from 'zod';
import { HttpError } from '../internal/errors';
import { parseInput } from '../internal/request-input';
import { openSse } from '../internal/sse';
import { containerFailure, inspectContainer } from './containers';
import type { DockerDeps } from './deps';

type Stream = LogLine['stream'];
type LogsQuery = z.output<typeof logsQuerySchema>;

// A line with no newline in this many bytes is cut, so one runaway writer cannot grow memory.
const maxLineBytes = 64 * 1024;
const timestampPrefix = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) ?/;

export type LogParser = {
  push(chunk: Buffer, onLine: (line: LogLine) => void): void;
  /** Emits what is left of unfinished lines. */
  end(onLine: (line: LogLine) => void): void;
};

/**
 * Reads Docker's log stream: for a non-TTY container, frames of [stream, 0, 0, 0, size(4, BE)] +
 * payload that may split anywhere across chunks; for a TTY container, raw bytes on stdout.
 */
export function createLogParser(options: { tty: boolean; timestamps: boolean }): LogParser {
  const header = Buffer.alloc(8);
  let headerFill = 0;
  let remaining = 0;
  let current: Stream = 'stdout';
  const partial: Record<Stream, Buffer[]> = { stdout: [], stderr: [] };
  const partialBytes: Record<Stream, number> = { stdout: 0, stderr: 0 };

  function toLine(stream: Stream, bytes: Buffer): LogLine {
    let text = bytes.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (!options.timestamps) return { stream, at: null, text };
    const match = timestampPrefix.exec(text);
    if (!match) return { stream, at: null, text };
    return { stream, at: match[1] ?? null, text: text.slice(match[0].length) };
  }

  function take(stream: Stream, tail: Buffer) {
    const parts = partial[stream];
    if (parts.length === 0) return tail;
    parts.push(tail);
    const whole = Buffer.concat(parts);
    partial[stream] = [];
    partialBytes[stream] = 0;
    return whole;
  }

  function feed(stream: Stream, bytes: Buffer, onLine: (line: LogLine) => void) {
    let start = 0;
    let newline = bytes.indexOf(10, start);
    while (newline >= 0) {
      onLine(toLine(stream, take(stream, bytes.subarray(start, newline))));
      start = newline + 1;
      newline = bytes.indexOf(10, start);
    }
    if (start < bytes.length) {
      partial[stream].push(bytes.subarray(start));
      partialBytes[stream] += bytes.length - start;
      if (partialBytes[stream] >= maxLineBytes) onLine(toLine(stream, take(stream, Buffer.alloc(0))));
    }
  }

  return {
    push(chunk, onLine) {
      if (options.tty) {
        feed('stdout', chunk, onLine);
        return;
      }
      let offset = 0;
      while (offset < chunk.length) {
        if (remaining === 0) {
          const count = Math.min(8 - headerFill, chunk.length - offset);
          chunk.copy(header, headerFill, offset, offset + count);
          headerFill += count;
          offset += count;
          if (headerFill < 8) return;
          headerFill = 0;
          current = header[0] === 2 ? 'stderr' : 'stdout';
          remaining = header.readUInt32BE(4);
          continue;
        }
        const count = Math.min(remaining, chunk.length - offset);
        feed(current, chunk.subarray(offset, offset + count), onLine);
        offset += count;
        remaining -= count;
      }
    },
    end(onLine) {
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partialBytes[stream] > 0) onLine(toLine(stream, take(stream, Buffer.alloc(0))));
      }
    },
  };
}

/** The engine's `since`: Unix seconds as given, or an ISO time converted to them. */
export function sinceSeconds(since: string | undefined): string | undefined {
  if (since === undefined || since === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(since)) return since;
  const ms = Date.parse(since);
  if (Number.isNaN(ms))
    throw new HttpError(
      400,
      'invalid_request',
      'Check the request: since must be an ISO time or Unix seconds.',
    );
  return (ms / 1000).toFixed(3);
}

type LogSource = { tty: boolean; name: string; body: Buffer | NodeJS.ReadableStream | null };

async function openLogs(
  deps: DockerDeps,
  ref: string,
  query: LogsQuery,
  follow: boolean,
): Promise<LogSource> {
  const { inspect, summary } = await inspectContainer(deps, ref);
  const tty = inspect.Config?.Tty === true;
  const since = sinceSeconds(query.since);
  // Engines disagree on tail=0 (some read it as "everything"): without history, start from now.
  if (query.tail === 0 && !follow) return { tty, name: summary.name, body: null };
  const options: Dockerode.ContainerLogsOptions = {
    stdout: true,
    stderr: true,
    timestamps: query.timestamps,
  };
  if (query.tail === 0) options.since = since ?? (Date.now() / 1000).toFixed(3);
  else {
    options.tail = query.tail;
    if (since) options.since = since;
  }
  const container = deps.engine.require().getContainer(summary.id);
  try {
    const body = follow
      ? await container.logs({ ...options, follow: true })
      : await container.logs({ ...options, follow: false });
    return { tty, name: summary.name, body };
  } catch (error) {
    throw containerFailure(error, ref);
  }
}

function lineFilter(search: string | undefined) {
  if (!search) return () => true;
  const needle = search.toLowerCase();
  return (line: LogLine) => line.text.toLowerCase().includes(needle);
}

/** Feeds every chunk of `body` through the parser; `flush` gets each chunk's lines, awaited for backpressure. */
async function pump(
  source: LogSource,
  parser: LogParser,
  keep: (line: LogLine) => boolean,
  format: (line: LogLine) => string,
  flush: (text: string) => Promise<void>,
  stopped: () => boolean,
) {
  let out = '';
  const onLine = (line: LogLine) => {
    if (keep(line)) out += format(line);
  };
  const drain = async () => {
    if (!out) return;
    const text = out;
    out = '';
    await flush(text);
  };
  const { body } = source;
  if (Buffer.isBuffer(body)) parser.push(body, onLine);
  else if (body) {
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        parser.push(chunk, onLine);
        await drain();
        if (stopped()) break;
      }
    } catch {
      // The engine closed the stream (container removed, engine gone): what was read is still sent.
    }
  }
  parser.end(onLine);
  await drain();
}

function destroy(body: LogSource['body']) {
  if (body && !Buffer.isBuffer(body)) (body as unknown as { destroy(): void }).destroy();
}

export async function streamLogs(c: Context, deps: DockerDeps, ref: string, heartbeatMs: number) {
  const query = parseInput(logsQuerySchema, c.req.query(), 'query');
  const source = await openLogs(deps, ref, query, query.follow);
  const parser = createLogParser({ tty: source.tty, timestamps: query.timestamps });
  return openSse(
    c,
    async (channel, signal) => {
      if (signal.aborted) destroy(source.body);
      else signal.addEventListener('abort', () => destroy(source.body), { once: true });
      await pump(
        source,
        parser,
        lineFilter(query.search),
        (line) => `event: line\ndata: ${JSON.stringify(line)}\n\n`,
        (text) => channel.raw(text),
        () => signal.aborted,
      );
      if (!signal.aborted) await channel.send('end', { reason: query.follow ? 'stream ended' : 'done' });
    },
    { heartbeatMs, first: 'logs' },
  );
}

export async function downloadLogs(c: Context, deps: DockerDeps, ref: string) {
  const query = parseInput(logsQuerySchema, c.req.query(), 'query');
  const source = await openLogs(deps, ref, query, false);
  const parser = createLogParser({ tty: source.tty, timestamps: query.timestamps });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  c.header('content-type', 'text/plain; charset=utf-8');
  c.header('content-disposition', `attachment; filename="${source.name}-${stamp}.log"`);
  c.header('cache-control', 'no-store');
  return streamText(c, async (out) => {
    await pump(
      source,
      parser,
      lineFilter(query.search),
      (line) => (line.at ? `${line.at} ${line.text}\n` : `${line.text}\n`),
      async (text) => {
        await out.write(text);
      },
      () => out.aborted,
    );
  });
}
