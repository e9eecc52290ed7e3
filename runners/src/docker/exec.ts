/**
 * The interactive console: a WebSocket (proxied by functions) bridged to a TTY exec in the
 * container. Output goes to the browser as binary frames, keystrokes and terminal resizes come back
 * as small JSON messages, and the exit code is the last word.
 */
import type { Duplex } from 'node:stream';
import { engineRefSchema } from '@homelab/db/docker';
import type Dockerode from 'dockerode';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { HttpError } from '../internal/errors';
import { inspectContainer } from './containers';
import type { DockerDeps } from './deps';

export const execCloseCodes = {
  invalid: 4400,
  notFound: 4404,
  wrongState: 4409,
  unavailable: 4503,
  failed: 1011,
} as const;

const maxCmdBytes = 4096;
const dimension = z.coerce.number().int().min(1).max(1000);
const execQuerySchema = z.object({ cols: dimension.default(80), rows: dimension.default(24) });
const argvSchema = z.array(z.string().min(1).max(maxCmdBytes)).min(1).max(256);

const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('input'), data: z.string().max(64 * 1024) }),
  z.object({
    type: z.literal('resize'),
    cols: z.number().int().min(1).max(1000),
    rows: z.number().int().min(1).max(1000),
  }),
]);

/**
 * The command to run: a JSON array of arguments, or a string split on whitespace. It is an argv,
 * never a shell line: the engine runs it directly. Throws a message for a close reason.
 */
export function parseExecCommand(raw: string | null): string[] {
  if (raw === null || raw.trim() === '') return ['/bin/sh'];
  if (Buffer.byteLength(raw) > maxCmdBytes) throw new Error('cmd is longer than 4 KB');
  if (raw.trimStart().startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error('cmd is not a valid JSON array');
    }
    const parsed = argvSchema.safeParse(value);
    if (!parsed.success) throw new Error('cmd must be a JSON array of non-empty strings');
    return parsed.data;
  }
  return raw.trim().split(/\s+/);
}

/** WebSocket close reasons are limited to 123 bytes. */
function closeReason(text: string) {
  return Buffer.byteLength(text) <= 123 ? text : `${text.slice(0, 110)}…`;
}

function closeWith(socket: WebSocket, code: number, reason: string) {
  if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING)
    socket.close(code, closeReason(reason));
}

async function resize(exec: Dockerode.Exec, cols: number, rows: number) {
  try {
    await exec.resize({ h: rows, w: cols });
  } catch (error) {
    // Podman answers a successful resize with 201, which dockerode counts as unexpected.
    if ((error as { statusCode?: number }).statusCode !== 201) throw error;
  }
}

/** The exit code once the process has gone; the engine may need a moment to record it. */
async function exitCode(exec: Dockerode.Exec): Promise<number | null> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const info = await exec.inspect();
      if (!info.Running) return info.ExitCode ?? null;
    } catch {
      return null;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

export type ExecSessions = ReturnType<typeof createExecSessions>;

export function createExecSessions(deps: DockerDeps, options: { pingMs?: number } = {}) {
  const { pingMs = 30_000 } = options;
  const log = deps.log.child({ component: 'exec' });
  const sessions = new Set<WebSocket>();

  async function open(ref: string, url: URL, socket: WebSocket) {
    // Listen at once: messages sent before the exec starts would otherwise be dropped.
    const early: (() => void)[] = [];
    let handle: ((data: Buffer, binary: boolean) => void) | null = null;
    socket.on('error', (error) => log.debug('console socket error', { err: error }));
    socket.on('message', (data: Buffer, binary: boolean) => {
      if (handle) handle(data, binary);
      else if (early.length < 100) early.push(() => handle?.(data, binary));
    });
    let clientGone = socket.readyState !== socket.OPEN;
    socket.once('close', () => {
      clientGone = true;
    });

    let argv: string[];
    let size: { cols: number; rows: number };
    try {
      argv = parseExecCommand(url.searchParams.get('cmd'));
      const query = execQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) throw new Error('cols and rows must be whole numbers from 1 to 1000');
      size = query.data;
    } catch (error) {
      return closeWith(socket, execCloseCodes.invalid, (error as Error).message);
    }

    let container: Dockerode.Container;
    try {
      const { summary } = await inspectContainer(deps, ref);
      if (summary.state !== 'running') {
        const why = summary.state === 'paused' ? 'The container is paused.' : 'The container is not running.';
        return closeWith(socket, execCloseCodes.wrongState, why);
      }
      container = deps.engine.require().getContainer(summary.id);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404)
        return closeWith(socket, execCloseCodes.notFound, error.message);
      if (error instanceof HttpError && error.status === 503)
        return closeWith(socket, execCloseCodes.unavailable, error.message);
      if (error instanceof HttpError && error.status === 400)
        return closeWith(socket, execCloseCodes.invalid, error.message);
      throw error;
    }

    const exec = await container.exec({
      Cmd: argv,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: ['TERM=xterm-256color'],
    });
    const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
    if (clientGone) {
      stream.destroy();
      return;
    }
    log.info('console opened', { container: ref, cmd: argv[0] });
    handle = bridge(exec, stream, socket);
    for (const replay of early.splice(0)) replay();
    await resize(exec, size.cols, size.rows).catch((error) => log.debug('resize failed', { err: error }));
  }

  /** Joins the exec's TTY and the socket; returns what to do with each client message. */
  function bridge(exec: Dockerode.Exec, stream: Duplex, socket: WebSocket) {
    let finished = false;
    let clientGone = false;
    sessions.add(socket);
    const ping = setInterval(() => socket.ping(), pingMs);

    const finish = async () => {
      if (finished) return;
      finished = true;
      sessions.delete(socket);
      if (clientGone) return;
      const code = await exitCode(exec);
      if (socket.readyState === socket.OPEN) {
        socket.send(JSON.stringify({ type: 'exit', code }));
        socket.close(1000, 'the process exited');
      }
    };
    stream.once('end', () => void finish());
    stream.once('close', () => void finish());
    stream.on('error', () => void finish());

    socket.once('close', () => {
      clientGone = true;
      clearInterval(ping);
      sessions.delete(socket);
      // Engines do not hang up a TTY exec when its client leaves (moby#9098), so a closed tab would
      // leave a shell behind: interrupt the foreground job and send end-of-input, as a closing
      // terminal would, then let go of the hijacked connection.
      if (!stream.writableEnded) stream.end(finished ? undefined : '\x03\x04');
      setTimeout(() => stream.destroy(), 1_000).unref();
    });

    stream.on('data', (chunk: Buffer) => {
      if (socket.readyState !== socket.OPEN) return;
      socket.send(chunk, { binary: true });
      // A slow client: stop reading the process until its socket has caught up.
      if (socket.bufferedAmount > 1024 * 1024 && !stream.isPaused()) {
        stream.pause();
        const wait = setInterval(() => {
          if (socket.bufferedAmount > 256 * 1024 && socket.readyState === socket.OPEN) return;
          clearInterval(wait);
          stream.resume();
        }, 50);
      }
    });

    return (data: Buffer, binary: boolean) => {
      if (finished || stream.writableEnded) return;
      if (binary) {
        stream.write(data);
        return;
      }
      let message: unknown;
      try {
        message = JSON.parse(data.toString('utf8'));
      } catch {
        return;
      }
      const parsed = clientMessageSchema.safeParse(message);
      if (!parsed.success) return;
      if (parsed.data.type === 'input') stream.write(parsed.data.data);
      else
        void resize(exec, parsed.data.cols, parsed.data.rows).catch((error) =>
          log.debug('resize failed', { err: error }),
        );
    };
  }

  return {
    /** The runner's sockets hook for `/containers/:id/exec`. */
    async handle(path: string, url: URL, socket: WebSocket) {
      const match = /^\/containers\/([^/]+)\/exec$/.exec(path);
      if (!match?.[1]) return closeWith(socket, execCloseCodes.notFound, `No socket route ${path}.`);
      let ref = '';
      try {
        ref = decodeURIComponent(match[1]);
      } catch {
        // Malformed escapes fall through to the refusal below.
      }
      if (!engineRefSchema.safeParse(ref).success)
        return closeWith(socket, execCloseCodes.invalid, 'The container id or name is not valid.');
      try {
        await open(ref, url, socket);
      } catch (error) {
        log.warn('console failed', { container: ref, err: error });
        closeWith(socket, execCloseCodes.failed, 'The console could not be started.');
      }
    },
    get active() {
      return sessions.size;
    },
    close() {
      for (const socket of sessions) closeWith(socket, 1001, 'the runner is stopping');
      sessions.clear();
    },
  };
}
