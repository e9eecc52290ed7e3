import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { waitFor } from '../testing/helpers';
import { createUpstreamPool, type UpstreamPool } from './pool';
import type { UpstreamConnection } from './upstream';

let nextPid = 1;

/** Stands in for an upstream connection: the pool only opens, resets and closes it. */
function fakeConnection(options: { resetFails?: boolean } = {}) {
  const listeners: (() => void)[] = [];
  const connection = {
    backendPid: nextPid++,
    closed: false,
    dirty: false,
    lastUsed: 0,
    resets: 0,
    async reset() {
      connection.resets += 1;
      if (options.resetFails) throw new Error('DISCARD ALL timed out');
      connection.dirty = false;
    },
    onClose(listener: () => void) {
      listeners.push(listener);
      return () => {};
    },
    end: () => connection.destroy(),
    destroy() {
      if (connection.closed) return;
      connection.closed = true;
      for (const listener of listeners) listener();
    },
  };
  return connection;
}
type Fake = ReturnType<typeof fakeConnection>;
const asUpstream = (fake: Fake) => fake as unknown as UpstreamConnection;

const log = createLogger({ write: () => {} });
let pool: UpstreamPool | null = null;

function makePool(options: Partial<Parameters<typeof createUpstreamPool>[0]> & { opened?: Fake[] } = {}) {
  const opened = options.opened ?? [];
  pool = createUpstreamPool({
    log,
    connect: async () => {
      const fake = fakeConnection();
      opened.push(fake);
      return asUpstream(fake);
    },
    ...options,
  });
  return { pool, opened };
}

afterEach(() => {
  pool?.close();
  pool = null;
});

describe('upstream pool', () => {
  it('opens the minimum at start and lends the most recently returned connection first', async () => {
    const { pool, opened } = makePool({ min: 2, max: 4 });
    await waitFor(() => pool.stats().idle === 2);
    const first = await pool.acquire();
    await pool.release(first);
    expect(await pool.acquire()).toBe(first);
    expect(opened).toHaveLength(2);
  });

  it('resets a used connection on release and skips the reset of an unused one', async () => {
    const { pool } = makePool({ min: 1, max: 1 });
    const connection = (await pool.acquire()) as unknown as Fake;
    await pool.release(asUpstream(connection));
    expect(connection.resets).toBe(0);
    connection.dirty = true;
    await pool.release(asUpstream(connection));
    expect(connection.resets).toBe(1);
  });

  it('makes a session wait for a connection at the maximum, then times it out', async () => {
    const { pool } = makePool({ min: 0, max: 1, acquireTimeoutMs: 100 });
    const held = await pool.acquire();
    const waiting = pool.acquire();
    expect(pool.stats().waiting).toBe(1);
    await pool.release(held);
    expect(await waiting).toBe(held);
    const started = Date.now();
    await expect(pool.acquire()).rejects.toThrow(/timed out after 100 ms waiting for a free connection/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('fails at once while PostgreSQL refuses connections and recovers in the background', async () => {
    let up = false;
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    pool = createUpstreamPool({
      log,
      min: 1,
      acquireTimeoutMs: 5_000,
      connect: async () => {
        if (!up) throw refused;
        return asUpstream(fakeConnection());
      },
    });
    const started = Date.now();
    await expect(pool.acquire()).rejects.toThrow(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(200);
    up = true;
    expect(await waitFor(() => pool?.stats().idle === 1, 3_000)).toBe(true);
  });

  it('closes a connection whose reset fails instead of lending it again', async () => {
    const opened: Fake[] = [];
    const { pool } = makePool({
      min: 0,
      max: 1,
      opened,
      connect: async () => {
        const fake = fakeConnection({ resetFails: opened.length === 0 });
        opened.push(fake);
        return asUpstream(fake);
      },
    });
    const broken = (await pool.acquire()) as unknown as Fake;
    broken.dirty = true;
    await pool.release(asUpstream(broken));
    expect(broken.closed).toBe(true);
    expect(await pool.acquire()).not.toBe(broken);
    expect(opened).toHaveLength(2);
  });

  it('closes idle connections above the minimum once they have idled long enough', async () => {
    const { pool } = makePool({ min: 1, max: 3, idleTimeoutMs: 100 });
    const held = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    for (const connection of held) await pool.release(connection);
    expect(pool.stats().idle).toBe(3);
    expect(await waitFor(() => pool.stats().idle === 1, 2_000)).toBe(true);
  });
});
