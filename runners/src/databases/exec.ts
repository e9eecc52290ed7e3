/**
 * Runs a command inside a database container (Docker's exec API, which Podman also speaks) with
 * its own environment and optional stdin, streaming stdout to a file for dumps. The engine
 * multiplexes stdout and stderr on one socket; the demuxer here honours backpressure, so a dump
 * larger than memory is written at disk speed instead of piling up in the process.
 */
import { PassThrough, type Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Dockerode from 'dockerode';
import type { ExecCommand } from './templates';

export type ExecOptions = {
  /** Where stdout goes; captured (up to captureBytes) when absent. */
  stdout?: Writable;
  /** Overrides command.stdin, e.g. a backup file. */
  stdin?: Readable;
  signal?: AbortSignal;
  /** Gives up (and reports a failure) after this long. */
  timeoutMs?: number;
  captureBytes?: number;
};

export type ExecResult = { exitCode: number; stdout: string; stderr: string };

/** Keeps the last `limit` bytes: the end of an error output says what went wrong. */
function tailBuffer(limit: number) {
  let chunks: Buffer[] = [];
  let size = 0;
  return {
    push(chunk: Buffer) {
      chunks.push(chunk);
      size += chunk.length;
      while (size > limit && chunks.length > 1) size -= (chunks.shift() as Buffer).length;
    },
    text() {
      const all = Buffer.concat(chunks);
      chunks = [all];
      return all.subarray(Math.max(0, all.length - limit)).toString('utf8');
    },
  };
}

/** Splits the engine's 8-byte-framed stream: stdout frames pass on, stderr frames go to `onStderr`. */
export function demuxer(onStderr: (chunk: Buffer) => void) {
  let pending: Buffer = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 8) {
        const size = pending.readUInt32BE(4);
        if (pending.length < 8 + size) break;
        const payload = pending.subarray(8, 8 + size);
        if (pending[0] === 2) onStderr(payload);
        else if (payload.length) this.push(payload);
        pending = pending.subarray(8 + size);
      }
      done();
    },
  });
}

export async function execIn(
  docker: Dockerode,
  containerName: string,
  command: ExecCommand,
  options: ExecOptions = {},
): Promise<ExecResult> {
  const input = options.stdin ?? (command.stdin !== undefined ? command.stdin : undefined);
  const exec = await docker.getContainer(containerName).exec({
    Cmd: command.cmd,
    Env: command.env,
    AttachStdin: input !== undefined,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const socket = (await exec.start({ hijack: true, stdin: input !== undefined })) as NodeJS.ReadWriteStream &
    Readable & { destroy(error?: Error): void; end(data?: string): void };
  const stderr = tailBuffer(8 * 1024);
  const stdout = tailBuffer(options.captureBytes ?? 64 * 1024);
  const sink =
    options.stdout ??
    new PassThrough().on('data', (chunk: Buffer) => {
      stdout.push(chunk);
    });

  const abort = () => socket.destroy(new Error('the command was cancelled'));
  options.signal?.addEventListener('abort', abort, { once: true });
  const timer = options.timeoutMs
    ? setTimeout(
        () => socket.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      )
    : undefined;
  try {
    const feeding =
      typeof input === 'string'
        ? Promise.resolve(socket.end(input))
        : input
          ? // The command may exit before reading everything (an error): that is its result, not ours.
            pipeline(input, socket, { end: true }).catch(() => {})
          : Promise.resolve();
    await pipeline(
      socket,
      demuxer((chunk) => stderr.push(chunk)),
      sink,
    );
    await feeding;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
  }
  return { exitCode: await exitCodeOf(exec), stdout: stdout.text(), stderr: stderr.text() };
}

/** The stream can end a moment before the engine records the exit code. */
async function exitCodeOf(exec: Dockerode.Exec): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) return info.ExitCode;
    await new Promise((resolve) => setTimeout(resolve, 20 * (i + 1)));
  }
  throw new Error('the command did not report an exit code');
}

/** The command's failure in a sentence, from its exit code and the end of its error output. */
export function execFailure(what: string, result: ExecResult): string {
  const said = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-3).join(' ').slice(0, 500);
  return `${what} exited with code ${result.exitCode}${said ? `: ${said}` : ''}`;
}

export function succeeded(command: ExecCommand, result: ExecResult) {
  return result.exitCode === 0 && (!command.expect || command.expect.test(result.stdout));
}
