/**
 * The warm upstream connections behind the pooler: hands one to each client session, resets it
 * (ROLLBACK, DISCARD ALL) when the session ends, and keeps `min` of them open, retrying with backoff
 * while PostgreSQL is down, so a client waits milliseconds instead of a backend start.
 */
import { backoffDelay } from '../backoff';
import { createOutageReporter, type Logger } from '../log';
import type { UpstreamConnection } from './upstream';

export type UpstreamPoolOptions = {
  /** Opens one authenticated upstream connection. */
  connect: () => Promise<UpstreamConnection>;
  log: Logger;
  min?: number;
  max?: number;
  acquireTimeoutMs?: number;
  /** Idle connections above `min` close after this long. */
  idleTimeoutMs?: number;
  resetTimeoutMs?: number;
};

const defaults = { min: 2, max: 20, acquireTimeoutMs: 5_000, idleTimeoutMs: 60_000, resetTimeoutMs: 5_000 };
const retry = { baseMs: 250, maxMs: 10_000 };

export type PoolStats = { idle: number; busy: number; connecting: number; waiting: number; opened: number };

type Waiter = { resolve: (connection: UpstreamConnection) => void; reject: (error: Error) => void };

export class PoolClosedError extends Error {
  override name = 'PoolClosedError';
}

export function createUpstreamPool(options: UpstreamPoolOptions) {
  const opts = { ...defaults, ...options };
  const outage = createOutageReporter(opts.log, 'connecting to PostgreSQL');
  const all = new Set<UpstreamConnection>();
  // Most recently used last: sessions take from the end, so the bottom ones age out when load drops.
  const idle: UpstreamConnection[] = [];
  const waiters: Waiter[] = [];
  let connecting = 0;
  let opened = 0;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const total = () => all.size + connecting;

  function spawn() {
    connecting += 1;
    opts.connect().then(
      (connection) => {
        connecting -= 1;
        opened += 1;
        failures = 0;
        outage.ok();
        if (closed) return connection.end();
        all.add(connection);
        connection.onClose(() => {
          all.delete(connection);
          const index = idle.indexOf(connection);
          if (index !== -1) idle.splice(index, 1);
          if (!closed) grow();
        });
        handOut(connection);
      },
      (error: Error) => {
        connecting -= 1;
        failures += 1;
        outage.failed(error);
        // A refused connection fails the sessions waiting for one now rather than at their timeout.
        for (const waiter of waiters.splice(0)) waiter.reject(error);
        scheduleRetry();
      },
    );
  }

  /** Opens connections for the sessions waiting and up to `min`; in backoff only for waiting ones. */
  function grow() {
    if (closed) return;
    while (connecting < waiters.length && total() < opts.max) spawn();
    if (retryTimer) return;
    while (total() < opts.min) spawn();
  }

  function scheduleRetry() {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(
      () => {
        retryTimer = null;
        grow();
      },
      backoffDelay(failures, retry),
    );
    retryTimer.unref();
  }

  function handOut(connection: UpstreamConnection) {
    const waiter = waiters.shift();
    if (waiter) return waiter.resolve(connection);
    connection.lastUsed = Date.now();
    idle.push(connection);
  }

  function acquire(): Promise<UpstreamConnection> {
    if (closed) return Promise.reject(new PoolClosedError('the pooler is shutting down'));
    const connection = idle.pop();
    if (connection) return Promise.resolve(connection);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = waiters.indexOf(waiter);
        if (index !== -1) waiters.splice(index, 1);
        reject(
          new Error(
            `timed out after ${opts.acquireTimeoutMs} ms waiting for a free connection (${all.size} of ${opts.max} in use)`,
          ),
        );
      }, opts.acquireTimeoutMs);
      const waiter: Waiter = {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      waiters.push(waiter);
      grow();
    });
  }

  /** Takes a connection back after a session; one that cannot be reset cleanly is closed instead. */
  async function release(connection: UpstreamConnection) {
    if (connection.closed) return;
    if (closed) return connection.end();
    if (connection.dirty) {
      try {
        await connection.reset(opts.resetTimeoutMs);
      } catch (error) {
        opts.log.warn('closing an upstream connection that could not be reset', {
          err: error,
          backendPid: connection.backendPid,
        });
        connection.destroy();
        return;
      }
    }
    if (connection.closed) return;
    if (closed) return connection.end();
    handOut(connection);
  }

  const reaper = setInterval(
    () => {
      const now = Date.now();
      while (idle.length > 0 && all.size > opts.min && now - idle[0]!.lastUsed > opts.idleTimeoutMs)
        idle.shift()!.end();
    },
    Math.min(10_000, opts.idleTimeoutMs / 2),
  );
  reaper.unref();

  grow();

  return {
    acquire,
    release,
    stats(): PoolStats {
      return {
        idle: idle.length,
        busy: all.size - idle.length,
        connecting,
        waiting: waiters.length,
        opened,
      };
    },
    /** Refuses new sessions and closes the idle connections; busy ones close as their sessions end. */
    close() {
      closed = true;
      clearInterval(reaper);
      if (retryTimer) clearTimeout(retryTimer);
      for (const waiter of waiters.splice(0))
        waiter.reject(new PoolClosedError('the pooler is shutting down'));
      for (const connection of idle.splice(0)) connection.end();
    },
  };
}

export type UpstreamPool = ReturnType<typeof createUpstreamPool>;
