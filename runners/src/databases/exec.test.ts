import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { demuxer, execFailure, succeeded } from './exec';

const frame = (stream: 1 | 2, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('demuxer', () => {
  it('passes stdout frames on and hands stderr frames aside, across chunk boundaries', async () => {
    const stderr: string[] = [];
    const demux = demuxer((chunk) => stderr.push(chunk.toString()));
    const out: string[] = [];
    demux.on('data', (chunk: Buffer) => out.push(chunk.toString()));
    const all = Buffer.concat([frame(1, 'hello '), frame(2, 'warning'), frame(1, 'world')]);
    // Split mid-header and mid-payload.
    demux.write(all.subarray(0, 3));
    demux.write(all.subarray(3, 17));
    demux.end(all.subarray(17));
    await new Promise((resolve) => demux.once('end', resolve));
    expect(out.join('')).toBe('hello world');
    expect(stderr).toEqual(['warning']);
  });

  it('stops taking input while its reader is behind, and loses nothing', async () => {
    const demux = demuxer(() => {});
    const accepted = Array.from({ length: 10 }, () => demux.write(frame(1, 'x'.repeat(100_000))));
    // Nobody reads yet: after the first frames fill the readable side, writes ask the writer to wait.
    expect(accepted.at(-1)).toBe(false);
    let read = 0;
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => {
      read += chunk.length;
    });
    demux.pipe(sink);
    demux.end();
    await new Promise((resolve) => sink.once('end', resolve));
    expect(read).toBe(1_000_000);
  });
});

describe('exec results', () => {
  it('needs exit code 0 and, when asked, the expected output', () => {
    const command = { cmd: ['redis-cli', 'PING'], env: [], expect: /PONG/ };
    expect(succeeded(command, { exitCode: 0, stdout: 'PONG\n', stderr: '' })).toBe(true);
    expect(succeeded(command, { exitCode: 0, stdout: 'NOAUTH Authentication required.', stderr: '' })).toBe(
      false,
    );
    expect(succeeded({ cmd: ['true'], env: [] }, { exitCode: 1, stdout: '', stderr: '' })).toBe(false);
  });

  it('describes a failure by its last lines of output', () => {
    expect(
      execFailure('The dump', {
        exitCode: 1,
        stdout: '',
        stderr: 'line 1\npg_dump: error: connection failed\n',
      }),
    ).toBe('The dump exited with code 1: line 1 pg_dump: error: connection failed');
    expect(execFailure('The dump', { exitCode: 137, stdout: '', stderr: '' })).toBe(
      'The dump exited with code 137',
    );
  });
});
