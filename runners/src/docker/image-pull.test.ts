import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pullLines, toPullEvent } from './image-pull';

describe('toPullEvent', () => {
  it('maps a layer progress line', () => {
    expect(
      toPullEvent({
        status: 'Downloading',
        id: 'a1b2c3',
        progress: '[==>   ] 1MB/5MB',
        progressDetail: { current: 1_000_000, total: 5_000_000 },
      }),
    ).toEqual({
      type: 'progress',
      progress: { id: 'a1b2c3', status: 'Downloading', current: 1_000_000, total: 5_000_000 },
    });
  });

  it('maps a status line without layer or numbers', () => {
    expect(toPullEvent({ status: 'Pulling from library/nginx', progressDetail: {} })).toEqual({
      type: 'progress',
      progress: { id: null, status: 'Pulling from library/nginx', current: null, total: null },
    });
    expect(toPullEvent({ stream: 'Trying to pull docker.io/library/nginx:1...\n' })).toMatchObject({
      progress: { status: 'Trying to pull docker.io/library/nginx:1...' },
    });
  });

  it("prefers errorDetail's message for an error line", () => {
    expect(toPullEvent({ error: 'short', errorDetail: { message: 'manifest unknown' } })).toEqual({
      type: 'error',
      message: 'manifest unknown',
    });
    expect(toPullEvent({ error: 'only this' })).toEqual({ type: 'error', message: 'only this' });
  });

  it('skips empty lines', () => {
    expect(toPullEvent({ progressDetail: {} })).toBeNull();
  });
});

describe('pullLines', () => {
  it('splits JSON lines across chunk boundaries and keeps a line that is not JSON as status', async () => {
    const chunks = ['{"status":"a"}\n{"sta', 'tus":"b","id":"x"}\n', 'plain text\n', '{"status":"c"}'].map(
      (text) => Buffer.from(text),
    );
    const lines = [];
    for await (const line of pullLines(Readable.from(chunks))) lines.push(line);
    expect(lines).toEqual([
      { status: 'a' },
      { status: 'b', id: 'x' },
      { status: 'plain text' },
      { status: 'c' },
    ]);
  });

  it('keeps a character whose bytes are split between chunks', async () => {
    const bytes = Buffer.from('{"status":"ü"}\n');
    const lines = [];
    for await (const line of pullLines(Readable.from([bytes.subarray(0, 12), bytes.subarray(12)])))
      lines.push(line);
    expect(lines).toEqual([{ status: 'ü' }]);
  });
});
