/**
 * The network runner against a private database and this host's real /proc: the sampler stores
 * throughput, retention deletes old samples in batches, history is averaged per range, and the
 * overview finds a port this test listens on, held by this very process.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import type { Pool } from '@homelab/db/client/pool';
import { networkHistorySchema, networkOverviewSchema } from '@homelab/db/network';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config';
import { storePublicIp } from '../ddns/store';
import type { RunnerHandle } from '../runner';
import { privateDatabaseUrl, testPool } from '../testing/database';
import { caller } from '../testing/docker-routes';
import { testRunnerContext } from '../testing/runner-context';
import type { DnsLookup } from './dns';
import { createNetworkRunner } from './service';
import { deleteOldSamples, insertSamples, readHistory } from './store';

const databaseUrl = await privateDatabaseUrl();
let pool: Pool;
let handle: RunnerHandle;
let call: ReturnType<typeof caller>;
let server: Server;

const zone: Record<string, string[]> = {
  'home.example.com': ['203.0.113.10'],
  'old.example.com': ['198.51.100.7'],
};
const noData = () => Object.assign(new Error('no data'), { code: 'ENODATA' });
const lookup: DnsLookup = {
  resolve4: async (name) => {
    const answer = zone[name];
    if (!answer) throw noData();
    return answer;
  },
  resolve6: async () => {
    throw noData();
  },
  resolveCname: async () => {
    throw noData();
  },
};

function config(): Config {
  return {
    databaseUrl,
    runnerSecret: 'x'.repeat(32),
    port: 0,
    host: '127.0.0.1',
    enabledRunners: ['network'],
    metricsIntervalMs: 5_000,
    logLevel: 'error',
    encryptionKey: randomBytes(32).toString('base64'),
    backupDir: '.data/backups',
  };
}

const sample = (iface: string, rx: number, tx = rx) => ({
  iface,
  rxBytesPerSec: rx,
  txBytesPerSec: tx,
  rxErrors: 0,
  txErrors: 0,
});

beforeAll(async () => {
  pool = testPool(databaseUrl);
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await storePublicIp(pool.sql, { ip: '203.0.113.10', at: new Date().toISOString(), sources: [] });
  await pool.sql`
    insert into monitors (name, type, config) values
      ('home dns', 'dns', ${JSON.stringify({ type: 'dns', name: 'home.example.com', recordType: 'A' })}::jsonb),
      ('old site', 'http', ${JSON.stringify({ type: 'http', url: 'https://old.example.com/health' })}::jsonb),
      ('by ip', 'tcp', ${JSON.stringify({ type: 'tcp', host: '10.0.0.5', port: 22 })}::jsonb)`;
  handle = await createNetworkRunner({
    intervalMs: 200,
    docker: () => null,
    dns: lookup,
    run: async () => {
      throw new Error('systemctl: not found');
    },
    pruneSchedule: '0 0 1 1 *',
  }).start(testRunnerContext({ pool, config: config() }));
  call = caller(handle.routes!);
});

afterAll(async () => {
  await handle?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await pool?.sql.end();
});

describe('network runner', () => {
  it('stores a throughput sample per interface on its interval', async () => {
    let rows: { iface: string }[] = [];
    for (let i = 0; i < 50 && rows.length === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rows = await pool.sql`select iface from network_samples where iface = 'lo'`;
    }
    expect(rows.length).toBeGreaterThan(0);
  });

  it('deletes samples older than seven days in batches and keeps newer ones', async () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3_600_000);
    for (let i = 0; i < 5; i += 1) await insertSamples(pool.sql, daysAgo(8), [sample(`old${i}`, 1)]);
    await insertSamples(pool.sql, daysAgo(6), [sample('kept0', 1)]);
    expect(await deleteOldSamples(pool.sql, new Date(), 2)).toBe(5);
    const left = await pool.sql<{ iface: string }[]>`
      select iface from network_samples where iface like 'old%' or iface = 'kept0'`;
    expect(left.map((r) => r.iface)).toEqual(['kept0']);
  });

  it('averages history into buckets sized for the range', async () => {
    const now = new Date('2100-02-01T12:00:00Z');
    const at = (time: string) => new Date(`2100-02-01T${time}Z`);
    await insertSamples(pool.sql, at('11:59:00'), [sample('hist0', 100, 10)]);
    await insertSamples(pool.sql, at('11:59:10'), [sample('hist0', 200, 20)]);
    await insertSamples(pool.sql, at('11:59:20'), [sample('hist0', 300, 30)]);
    await insertSamples(pool.sql, at('11:59:40'), [sample('hist0', 1000, 0)]);
    await insertSamples(pool.sql, at('09:00:00'), [sample('hist0', 50, 50)]);

    const hour = await readHistory(pool.sql, 'hist0', '1h', now);
    expect(hour.bucketSeconds).toBe(30);
    expect(hour.points).toEqual([
      { at: '2100-02-01T11:59:00Z', rx: 200, tx: 20 },
      { at: '2100-02-01T11:59:30Z', rx: 1000, tx: 0 },
    ]);
    const day = await readHistory(pool.sql, 'hist0', '24h', now);
    expect(day.points).toEqual([
      { at: '2100-02-01T09:00:00Z', rx: 50, tx: 50 },
      { at: '2100-02-01T11:50:00Z', rx: 400, tx: 15 },
    ]);
  });

  it('answers history through its route and refuses an unknown range', async () => {
    const ok = await call('/history?iface=lo&range=1h');
    expect(ok.status).toBe(200);
    expect(networkHistorySchema.parse(ok.body).points.length).toBeGreaterThan(0);
    const bad = await call('/history?iface=lo&range=2d');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('1h, 24h, 7d');
  });

  it('shows the port this process listens on, with its pid and name', async () => {
    const port = (server.address() as AddressInfo).port;
    const res = await call('/overview');
    expect(res.status).toBe(200);
    const overview = networkOverviewSchema.parse(res.body);
    const mine = overview.listening.find((l) => l.protocol === 'tcp' && l.port === port);
    expect(mine).toMatchObject({
      address: '127.0.0.1',
      process: { pid: process.pid, name: readFileSync('/proc/self/comm', 'utf8').trim() },
      container: null,
    });
    expect(overview.interfaces.map((i) => i.name)).toContain('lo');
    expect(overview.engine).toBe('unreachable');
    expect(overview.twingate).toEqual({ present: false, state: null });
  });

  it('checks the served names against the public IP, leaving IP-only monitors out', async () => {
    const overview = networkOverviewSchema.parse((await call('/overview')).body);
    expect(overview.publicIp?.ip).toBe('203.0.113.10');
    expect(overview.dns).toEqual([
      {
        name: 'home.example.com',
        records: [{ type: 'A', value: '203.0.113.10' }],
        pointsHere: true,
        error: null,
      },
      {
        name: 'old.example.com',
        records: [{ type: 'A', value: '198.51.100.7' }],
        pointsHere: false,
        error: null,
      },
    ]);
  });
});
