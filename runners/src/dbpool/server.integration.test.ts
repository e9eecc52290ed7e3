import { createServer, connect as netConnect, type Socket } from 'node:net';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../log';
import { testDatabaseUrl, uniqueName } from '../testing/database';
import { sleep, waitFor } from '../testing/helpers';
import { viaProxy } from '../testing/tcp-proxy';
import type { DbPoolConfig } from './config';
import { type DbPool, startDbPool } from './server';

type Sql = postgres.Sql;

const quiet = createLogger({ write: () => {} });
let upstreamUrl: string;
let admin: Sql;
let probeTable: string;
const poolers: DbPool[] = [];

async function startPooler(overrides: Partial<DbPoolConfig> = {}) {
  const pooler = await startDbPool({
    config: {
      upstreamUrl,
      host: '127.0.0.1',
      port: 0,
      min: 1,
      max: 3,
      acquireTimeoutMs: 2_000,
      logLevel: 'info',
      ...overrides,
    },
    log: quiet,
  });
  poolers.push(pooler);
  return pooler;
}

type ClientOptions = { ssl?: 'prefer'; socket?: () => Socket; onclose?: (connectionId: number) => void };

/** A single-connection postgres.js client through the pooler, as a function opens one per request. */
function client(pooler: DbPool, url = upstreamUrl, options: ClientOptions = {}) {
  // postgres.js takes `socket` (a socket of the test's own, to cut) though its types omit it.
  const extra: Record<string, unknown> = options;
  return postgres(viaProxy(url, pooler.port), { max: 1, fetch_types: false, onnotice: () => {}, ...extra });
}

async function session<T>(pooler: DbPool, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = client(pooler);
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const backendPid = async (sql: Sql) => (await sql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;

beforeAll(async () => {
  upstreamUrl = testDatabaseUrl();
  admin = postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });
  const owner = postgres(inject('databaseOwnerUrl'), { max: 1, onnotice: () => {} });
  probeTable = uniqueName('dbpool_probe').replace('-', '_');
  await owner.unsafe(`create table ${probeTable} (note text not null)`);
  await owner.unsafe(`grant select, insert on ${probeTable} to "${new URL(upstreamUrl).username}"`);
  await owner.end();
});

afterEach(async () => {
  await Promise.all(poolers.splice(0).map((pooler) => pooler.stop()));
});

afterAll(async () => {
  await admin.end({ timeout: 5 });
});

describe('dbpool with PostgreSQL', () => {
  it('serves many sequential sessions from a few warm backends', async () => {
    const pooler = await startPooler({ min: 1, max: 3 });
    const pids = new Set<number>();
    for (let i = 0; i < 20; i++) pids.add(await session(pooler, backendPid));
    expect(pids.size).toBeLessThanOrEqual(3);
    expect(pooler.pool.stats().opened).toBeLessThanOrEqual(3);
  });

  it('leaves no settings or temp tables from one session to the next', async () => {
    const pooler = await startPooler({ min: 1, max: 1 });
    const first = await session(pooler, async (sql) => {
      await sql`set application_name = 'leaky'`;
      await sql`select set_config('app.leak', 'yes', false), set_config('statement_timeout', '1234', false)`;
      await sql`create temp table leak_tmp (x int)`;
      await sql`select pg_advisory_lock(4242)`;
      return backendPid(sql);
    });
    await session(pooler, async (sql) => {
      expect(await backendPid(sql)).toBe(first);
      const [state] = await sql`
        select current_setting('application_name') as app,
               current_setting('app.leak', true) as leak,
               current_setting('statement_timeout') as timeout,
               to_regclass('pg_temp.leak_tmp') as temp,
               (select count(*)::int from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()) as locks`;
      expect(state).toEqual({
        app: 'postgres.js',
        leak: expect.not.stringMatching('yes'),
        timeout: '0',
        temp: null,
        locks: 0,
      });
    });
  });

  it('rolls back the open transaction of a client that vanished mid-transaction', async () => {
    const pooler = await startPooler({ min: 1, max: 1 });
    const note = uniqueName('vanished');
    let socket: Socket | undefined;
    const sql = client(pooler, upstreamUrl, {
      socket: () => {
        socket = netConnect(pooler.port, '127.0.0.1');
        return socket;
      },
    });
    const pid = await backendPid(sql);
    await sql`begin`;
    await sql`insert into ${sql(probeTable)} (note) values (${note})`;
    socket!.destroy();
    await sql.end({ timeout: 0 }).catch(() => {});

    await session(pooler, async (next) => {
      expect(await backendPid(next)).toBe(pid);
      const [row] = await next`select count(*)::int as n from ${next(probeTable)} where note = ${note}`;
      expect(row?.n).toBe(0);
      expect((await next`select txid_current_if_assigned() as xid`)[0]?.xid).toBeNull();
    });
  });

  it('lets the next session prepare statements of the same name again', async () => {
    const pooler = await startPooler({ min: 1, max: 1 });
    const query = (sql: Sql, n: number) => sql<{ n: number }[]>`select ${n}::int + 1 as n`;
    for (let i = 0; i < 3; i++) {
      await session(pooler, async (sql) => {
        const [left] = await sql.unsafe('select count(*)::int as n from pg_prepared_statements');
        expect(left?.n).toBe(0);
        await sql.unsafe('prepare dbpool_probe (int) as select $1 * 2 as n');
        expect((await sql.unsafe('execute dbpool_probe (21)'))[0]?.n).toBe(42);
        // postgres.js prepares these (named statements); the second run reuses the prepared one.
        expect((await query(sql, i))[0]?.n).toBe(i + 1);
        expect((await query(sql, i))[0]?.n).toBe(i + 1);
      });
    }
  });

  it('runs sessions side by side up to the maximum and makes the next one wait for a free backend', async () => {
    const pooler = await startPooler({ min: 0, max: 2, acquireTimeoutMs: 5_000 });
    const a = client(pooler);
    const b = client(pooler);
    const [pidA, pidB] = await Promise.all([backendPid(a), backendPid(b)]);
    expect(pidA).not.toBe(pidB);

    const c = client(pooler);
    let pidC: number | undefined;
    const waiting = backendPid(c).then((pid) => {
      pidC = pid;
    });
    expect(await waitFor(() => pooler.pool.stats().waiting === 1)).toBe(true);
    await sleep(100);
    expect(pidC).toBeUndefined();

    await a.end({ timeout: 5 });
    await waiting;
    expect(pidC).toBe(pidA);
    await Promise.all([b.end({ timeout: 5 }), c.end({ timeout: 5 })]);
  });

  it('refuses a wrong password with 28P01 and accepts the right one', async () => {
    const role = uniqueName('dbpool_role').replace('-', '_');
    await admin.unsafe(`create role ${role} login password 'right-password'`);
    try {
      const url = new URL(upstreamUrl);
      url.username = role;
      url.password = 'right-password';
      const pooler = await startPooler({ upstreamUrl: url.toString(), min: 0 });
      const wrong = new URL(url);
      wrong.password = 'wrong-password';
      const refused = client(pooler, wrong.toString());
      await expect(refused`select 1`).rejects.toMatchObject({ code: '28P01' });
      await refused.end({ timeout: 1 });
      const accepted = client(pooler, url.toString());
      expect((await accepted`select current_user as user`)[0]?.user).toBe(role);
      await accepted.end({ timeout: 5 });
      await pooler.stop();
    } finally {
      await admin.unsafe(`drop role if exists ${role}`);
    }
  });

  it('refuses a user or database it does not serve', async () => {
    const pooler = await startPooler({ min: 0 });
    const otherUser = new URL(upstreamUrl);
    otherUser.username = 'somebody_else';
    const byUser = client(pooler, otherUser.toString());
    await expect(byUser`select 1`).rejects.toMatchObject({ code: '28000' });
    const otherDatabase = new URL(upstreamUrl);
    otherDatabase.pathname = '/postgres';
    const byDatabase = client(pooler, otherDatabase.toString());
    await expect(byDatabase`select 1`).rejects.toMatchObject({ code: '3D000' });
    await Promise.all([byUser.end({ timeout: 1 }), byDatabase.end({ timeout: 1 })]);
  });

  it('answers 08006 within a second when PostgreSQL is down', async () => {
    const closedPort = await freePort();
    const down = new URL(upstreamUrl);
    down.port = String(closedPort);
    const pooler = await startPooler({ upstreamUrl: down.toString(), acquireTimeoutMs: 5_000 });
    const sql = client(pooler, down.toString());
    const started = Date.now();
    await expect(sql`select 1`).rejects.toMatchObject({
      code: '08006',
      message: expect.stringMatching(/^database unavailable: .*ECONNREFUSED/),
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    await sql.end({ timeout: 1 });
  });

  it('closes the client when its backend dies and serves the next session from a new one', async () => {
    const pooler = await startPooler({ min: 1, max: 1 });
    let closed!: () => void;
    const clientClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const sql = client(pooler, upstreamUrl, { onclose: () => closed() });
    const pid = await backendPid(sql);
    // With a timeout it returns once the backend has exited.
    await admin`select pg_terminate_backend(${pid}, 5000)`;
    // PostgreSQL's goodbye (57P01) is relayed and the client's connection ends with its backend.
    await clientClosed;
    // The client reconnects, and the pooler gives it a new backend, as it does the next session.
    expect(await backendPid(sql)).not.toBe(pid);
    await sql.end({ timeout: 0 });
    expect(await session(pooler, backendPid)).not.toBe(pid);
  });

  it('closes on a cancel request and refuses startup parameters it cannot apply', async () => {
    const pooler = await startPooler({ min: 0 });
    const cancel = netConnect(pooler.port, '127.0.0.1');
    const request = Buffer.alloc(16);
    request.writeInt32BE(16, 0);
    request.writeInt32BE(80_877_102, 4);
    cancel.end(request);
    await new Promise((resolve) => cancel.on('close', resolve));

    const withOptions = postgres(viaProxy(upstreamUrl, pooler.port), {
      max: 1,
      fetch_types: false,
      connection: { options: '-c work_mem=1GB' },
    });
    await expect(withOptions`select 1`).rejects.toMatchObject({
      code: '08P01',
      message: 'unsupported startup parameter: options',
    });
    await withOptions.end({ timeout: 1 });
  });

  it('answers a TLS request with N and goes on in plain text', async () => {
    const pooler = await startPooler({ min: 1 });
    const sql = client(pooler, upstreamUrl, { ssl: 'prefer' });
    expect((await sql`select 1 as one`)[0]?.one).toBe(1);
    await sql.end({ timeout: 5 });
  });
});

async function freePort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
