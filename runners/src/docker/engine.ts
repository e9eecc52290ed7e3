/**
 * The one connection to the container engine (Docker, or Podman's Docker-compatible API): it pings
 * and follows the engine's event stream, and when the socket goes away it reports "unreachable"
 * and reconnects with backoff instead of crashing the runner.
 */
import Dockerode from 'dockerode';
import { backoffDelay } from '../backoff';
import { HttpError } from '../internal/errors';
import type { Logger } from '../log';

/** One engine event, as Docker's /events stream sends it (Podman's compat API uses the same shape). */
export type EngineEvent = {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes?: Record<string, string> };
  time: number;
  timeNano?: number;
};

export type EngineState =
  | { status: 'connecting'; since: string }
  | { status: 'connected'; since: string; version: string; apiVersion: string; engine: string }
  | { status: 'unreachable'; since: string; error: string; retryInMs: number };

export type Engine = {
  readonly docker: Dockerode;
  state(): EngineState;
  /** The client, or a 503 `engine_unreachable` error that says why. */
  require(): Dockerode;
  /** Called for every engine event; returns an unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Called on every change of connection state (connect, lose, reconnect). */
  onState(listener: (state: EngineState) => void): () => void;
  /** Resolves once connected, or after `timeoutMs` with whatever the state is then. */
  waitConnected(timeoutMs: number): Promise<EngineState>;
  close(): void;
};

export type EngineOptions = {
  log: Logger;
  /** DOCKER_HOST form: unix:///path or tcp://host:port. Defaults to DOCKER_HOST, then /var/run/docker.sock. */
  host?: string;
  retry?: { baseMs: number; maxMs: number };
};

/** Dockerode options for a DOCKER_HOST value. */
export function dockerOptions(host: string | undefined): Dockerode.DockerOptions {
  if (!host) return { socketPath: '/var/run/docker.sock' };
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375), protocol: 'http' };
}

export function createEngine(options: EngineOptions): Engine {
  const { log } = options;
  const retry = options.retry ?? { baseMs: 500, maxMs: 30_000 };
  const docker = new Dockerode(dockerOptions(options.host ?? process.env.DOCKER_HOST));
  const eventListeners = new Set<(event: EngineEvent) => void>();
  const stateListeners = new Set<(state: EngineState) => void>();
  let state: EngineState = { status: 'connecting', since: new Date().toISOString() };
  let closed = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let stream: NodeJS.ReadableStream | undefined;

  function setState(next: EngineState) {
    const changed = next.status !== state.status;
    state = next;
    if (changed) for (const listener of stateListeners) listener(next);
  }

  function lost(error: unknown) {
    if (closed) return;
    stream = undefined;
    failures += 1;
    const retryInMs = backoffDelay(failures, retry);
    const message = error instanceof Error ? error.message : String(error);
    if (state.status !== 'unreachable')
      log.warn('container engine unreachable', { error: message, retryInMs });
    setState({ status: 'unreachable', since: new Date().toISOString(), error: message, retryInMs });
    retryTimer = setTimeout(() => void connect(), retryInMs);
  }

  async function connect() {
    if (closed) return;
    try {
      const version = await docker.version();
      const events = (await docker.getEvents({})) as NodeJS.ReadableStream & { destroy(): void };
      if (closed) {
        events.destroy();
        return;
      }
      stream = events;
      let buffered = '';
      events.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf('\n');
          if (!line) continue;
          let event: EngineEvent;
          try {
            event = JSON.parse(line) as EngineEvent;
          } catch {
            continue;
          }
          for (const listener of eventListeners) {
            try {
              listener(event);
            } catch (error) {
              log.error('engine event listener failed', { err: error });
            }
          }
        }
      });
      events.once('error', (error: unknown) => lost(error));
      events.once('end', () => lost(new Error('the engine closed its event stream')));
      failures = 0;
      log.info('container engine connected', { version: version.Version, api: version.ApiVersion });
      setState({
        status: 'connected',
        since: new Date().toISOString(),
        version: version.Version,
        apiVersion: version.ApiVersion,
        engine: engineName(version),
      });
    } catch (error) {
      lost(error);
    }
  }

  void connect();

  return {
    docker,
    state: () => state,
    require() {
      if (state.status === 'connected') return docker;
      const why = state.status === 'unreachable' ? state.error : 'still connecting';
      throw new HttpError(503, 'engine_unreachable', `The container engine is not reachable (${why}).`);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    waitConnected(timeoutMs) {
      if (state.status === 'connected') return Promise.resolve(state);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          off();
          resolve(state);
        }, timeoutMs);
        const off = this.onState((next) => {
          if (next.status !== 'connected') return;
          clearTimeout(timer);
          off();
          resolve(next);
        });
      });
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      (stream as { destroy?: () => void } | undefined)?.destroy?.();
      eventListeners.clear();
      stateListeners.clear();
    },
  };
}

function engineName(version: Dockerode.DockerVersion): string {
  const components = (version as { Components?: { Name: string }[] }).Components ?? [];
  return components.some((c) => /podman/i.test(c.Name)) ? 'podman' : 'docker';
}

export type EngineLease = {
  engine: Engine;
  /** Gives the lease back; the last one for a host closes the connection. Safe to call twice. */
  release(): void;
};

type Shared = { engine: Engine; leases: number };
const shared = new Map<string, Shared>();

/**
 * The process-wide engine for a host, shared by every runner that needs one (docker, databases), so
 * the process keeps one event stream and one reconnect loop per engine rather than one per runner.
 * The first caller's options (logger, retry) shape the connection.
 */
export function acquireEngine(options: EngineOptions): EngineLease {
  const host = options.host ?? process.env.DOCKER_HOST ?? '';
  let entry = shared.get(host);
  if (!entry) {
    entry = { engine: createEngine({ ...options, host: host || undefined }), leases: 0 };
    shared.set(host, entry);
  }
  entry.leases += 1;
  const held = entry;
  let released = false;
  return {
    engine: held.engine,
    release() {
      if (released) return;
      released = true;
      held.leases -= 1;
      if (held.leases > 0) return;
      if (shared.get(host) === held) shared.delete(host);
      held.engine.close();
    },
  };
}
