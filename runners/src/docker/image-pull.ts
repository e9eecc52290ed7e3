/**
 * Reading the engine's pull stream: one JSON object per line, progress or an error. The engine
 * often answers a failed pull with 200 and an error line, so the error has to be found in the
 * stream, not in the status.
 */
import type { pullProgressSchema } from '@homelab/db/docker';
import type { z } from 'zod';

export type PullProgress = z.infer<typeof pullProgressSchema>;

/** One line of the engine's pull output: Docker's and Podman's compat API share these fields. */
export type PullLine = {
  id?: string;
  status?: string;
  stream?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
};

export type PullEvent = { type: 'progress'; progress: PullProgress } | { type: 'error'; message: string };

/** A pull line as an event to show; null for lines with nothing to show. */
export function toPullEvent(line: PullLine): PullEvent | null {
  const error = line.errorDetail?.message || line.error;
  if (error) return { type: 'error', message: error };
  const status = (line.status ?? line.stream ?? '').trim();
  if (!status) return null;
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  return {
    type: 'progress',
    progress: {
      id: line.id || null,
      status,
      current: number(line.progressDetail?.current),
      total: number(line.progressDetail?.total),
    },
  };
}

/** The stream's lines parsed as JSON; a line that is not JSON is passed on as a status line. */
export async function* pullLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<PullLine> {
  let buffered = '';
  const decoder = new TextDecoder();
  const parse = (text: string): PullLine => {
    try {
      const value: unknown = JSON.parse(text);
      return value && typeof value === 'object' ? (value as PullLine) : { status: text };
    } catch {
      return { status: text };
    }
  };
  for await (const chunk of stream) {
    buffered += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const text = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (text) yield parse(text);
      newline = buffered.indexOf('\n');
    }
  }
  if (buffered.trim()) yield parse(buffered.trim());
}
