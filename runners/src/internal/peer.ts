/**
 * Forwarding to the peer runners process: when the runners run as two processes, each one passes the
 * calls for the runners it has not enabled, unchanged and still signed, to the other, which checks
 * them again. The `x-homelab-forwarded` header keeps a call from going back and forth.
 */
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { createOutageReporter, type Logger } from '../log';
import type { RunnerSnapshot } from '../supervisor';
import { HttpError } from './errors';
import { signRequest } from './signing';

export const forwardedHeader = 'x-homelab-forwarded';

// Hop-by-hop: they describe this connection, not the call; fetch sets its own framing.
const hopByHop = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-connection',
]);

export type PeerOptions = {
  url: string;
  secret: string;
  log: Logger;
  /** How long the health merge waits for the peer before answering without it. */
  healthTimeoutMs?: number;
};

export function isForwarded(headers: { get(name: string): string | null }) {
  return headers.get(forwardedHeader) !== null;
}

function unavailable(runner: string, url: string) {
  return new HttpError(
    503,
    'runner_unavailable',
    `The ${runner} runner runs in the peer runners process (${url}), which does not answer.`,
  );
}

export function createPeer(options: PeerOptions) {
  // Below functions' own 1.5 s wait for the health answer, so a hung peer still leaves time to answer.
  const opts = { healthTimeoutMs: 1_000, ...options };
  const base = opts.url.replace(/\/$/, '');
  const target = new URL(base);
  const log = opts.log.child({ component: 'peer', peer: base });
  // One warning when the peer stops answering and one when it is back, not one per call.
  const outage = createOutageReporter(log, 'reaching the peer runners process');
  const tunnels = new Set<Duplex>();

  /** Sends a call on to the peer and hands back its answer as it streams in (SSE event by event). */
  async function forward(
    runner: string,
    request: Request,
    body: Uint8Array | ReadableStream<Uint8Array> | null,
  ): Promise<Response> {
    const url = new URL(request.url);
    const headers = new Headers();
    request.headers.forEach((value, name) => {
      if (!hopByHop.has(name)) headers.set(name, value);
    });
    headers.set(forwardedHeader, '1');
    let res: Response;
    try {
      res = await fetch(`${base}${url.pathname}${url.search}`, {
        method: request.method,
        headers,
        body: body instanceof Uint8Array && body.byteLength === 0 ? undefined : body,
        signal: request.signal,
        redirect: 'manual',
        duplex: 'half',
      } as RequestInit);
    } catch (error) {
      if (request.signal.aborted) throw error;
      outage.failed(error);
      throw unavailable(runner, base);
    }
    outage.ok();
    // fetch has already decoded a compressed body, so its encoding and length no longer apply.
    const answer = new Headers(res.headers);
    for (const name of ['content-encoding', 'content-length', 'transfer-encoding', 'connection'])
      answer.delete(name);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: answer });
  }

  /**
   * Relays an upgrade request to the peer byte for byte: the peer answers the handshake and the
   * WebSocket frames then flow through untouched. `refuse` answers when the peer cannot be reached.
   */
  function forwardUpgrade(
    runner: string,
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    refuse: (error: HttpError) => void,
  ) {
    const port = Number(target.port || 80);
    const upstream = connect(port, target.hostname);
    // A peer that is gone from the network would otherwise leave the client waiting for minutes.
    upstream.setTimeout(5_000, () => upstream.destroy(new Error('connect timed out after 5 s')));
    let connected = false;
    const close = () => {
      tunnels.delete(socket);
      upstream.destroy();
      socket.destroy();
    };
    upstream.once('connect', () => {
      connected = true;
      upstream.setTimeout(0);
      outage.ok();
      tunnels.add(socket);
      let lines = `${request.method} ${request.url} HTTP/${request.httpVersion}\r\n`;
      const raw = request.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const name = raw[i] as string;
        const lower = name.toLowerCase();
        if (lower === 'host' || lower === forwardedHeader) continue;
        lines += `${name}: ${raw[i + 1]}\r\n`;
      }
      lines += `Host: ${target.host}\r\n${forwardedHeader}: 1\r\n\r\n`;
      upstream.write(lines);
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
    upstream.on('error', (error) => {
      if (connected) return close();
      outage.failed(error);
      refuse(unavailable(runner, base));
    });
    upstream.on('close', () => {
      // Before the connection, the error handler answers the client; destroying now would cut that off.
      if (connected) close();
    });
    socket.on('close', close);
    socket.on('error', close);
  }

  /** The peer's runners, or null when it does not answer in time (the caller answers without them). */
  async function runners(): Promise<RunnerSnapshot[] | null> {
    const pathWithQuery = '/supervisor/health';
    try {
      const headers = await signRequest({ secret: opts.secret, method: 'GET', pathWithQuery });
      const res = await fetch(`${base}${pathWithQuery}`, {
        headers: { ...headers, [forwardedHeader]: '1' },
        signal: AbortSignal.timeout(opts.healthTimeoutMs),
      });
      if (!res.ok) throw new Error(`answered ${res.status}`);
      const { runners } = (await res.json()) as { runners: RunnerSnapshot[] };
      outage.ok();
      return runners;
    } catch (error) {
      outage.failed(error);
      return null;
    }
  }

  return {
    forward,
    forwardUpgrade,
    runners,
    /** Cuts the relayed WebSockets: they are raw byte pipes, with no frame of ours to close them by. */
    closeTunnels() {
      for (const socket of tunnels) socket.destroy();
      tunnels.clear();
    },
  };
}
export type Peer = ReturnType<typeof createPeer>;

/**
 * The local snapshot with the peer's: a runner disabled here shows as the peer reports it, and any
 * other name clash keeps the local entry.
 */
export function mergeRunners(local: RunnerSnapshot[], peer: RunnerSnapshot[]): RunnerSnapshot[] {
  const theirs = new Map(peer.map((runner) => [runner.name, runner]));
  const merged = local.map((runner) =>
    runner.state === 'disabled' ? (theirs.get(runner.name) ?? runner) : runner,
  );
  const mine = new Set(local.map((runner) => runner.name));
  return [...merged, ...peer.filter((runner) => !mine.has(runner.name))];
}
