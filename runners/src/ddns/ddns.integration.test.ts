/**
 * The ddns runner against a private database, local "what is my IP" servers and the ZoneEdit fake:
 * disagreeing sources send nothing, agreement updates once, the same IP again calls nobody, and a
 * provider's refusal backs off and is written to the history.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from '@homelab/db/client/pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDnsServer, startFakeDnsProvider } from '../../../e2e/fakes/zoneedit/server';
import type { Config } from '../config';
import type { RunnerHandle } from '../runner';
import { privateDatabaseUrl, testPool } from '../testing/database';
import { caller } from '../testing/docker-routes';
import { testRunnerContext } from '../testing/runner-context';
import { createDdnsRunner } from './service';

const databaseUrl = await privateDatabaseUrl();
const answers = { a: '203.0.113.10', b: '203.0.113.10', c: '198.51.100.99' };
let pool: Pool;
let sources: Server;
let fake: FakeDnsServer;
let handle: RunnerHandle;
let call: ReturnType<typeof caller>;

function config(): Config {
  return {
    databaseUrl,
    runnerSecret: 'x'.repeat(32),
    port: 0,
    host: '127.0.0.1',
    enabledRunners: ['ddns'],
    metricsIntervalMs: 5_000,
    logLevel: 'error',
    encryptionKey: randomBytes(32).toString('base64'),
    backupDir: '.data/backups',
  };
}

const history = async () =>
  (await call('/history?limit=50')).body.history as {
    kind: string;
    newIp: string | null;
    detail: string | null;
  }[];

beforeAll(async () => {
  pool = testPool(databaseUrl);
  sources = createServer((req, res) => res.end(`${answers[(req.url ?? '/a').slice(1) as 'a'] ?? ''}\n`));
  await new Promise<void>((resolve) => sources.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(sources.address() as AddressInfo).port}`;
  fake = await startFakeDnsProvider({
    account: { username: 'owner', password: 'zone-pass', hosts: ['home.example.com'] },
  });
  handle = await createDdnsRunner({
    sources: [`${base}/a`, `${base}/b`, `${base}/c`],
    schedule: '0 0 1 1 *',
    sourceTimeoutMs: 2_000,
  }).start(testRunnerContext({ pool, config: config() }));
  call = caller(handle.routes!);
});

afterAll(async () => {
  await handle?.stop();
  await fake?.close();
  sources?.closeAllConnections();
  await new Promise((resolve) => sources?.close(resolve));
  await pool?.sql.end();
});

describe('ddns runner', () => {
  let recordId: string;

  it('stores a record without ever showing its password', async () => {
    const created = await call('/records', {
      method: 'POST',
      json: {
        provider: 'zoneedit',
        hostname: 'Home.Example.com',
        serverUrl: fake.zoneEditUrl,
        username: 'owner',
        password: 'zone-pass',
      },
    });
    expect(created.status).toBe(201);
    recordId = created.body.record.id;
    expect(created.body.record).toMatchObject({ hostname: 'home.example.com', lastIp: null, enabled: true });
    expect(JSON.stringify(created.body)).not.toMatch(/zone-pass|password/i);
    const [row] = await pool.sql<
      { sealed: string }[]
    >`select password_sealed as sealed from ddns_records where id = ${recordId}`;
    expect(row?.sealed).toMatch(/^v1:/);
    expect((await call('/records')).body.records).toHaveLength(1);
    const duplicate = await call('/records', {
      method: 'POST',
      json: { provider: 'zoneedit', hostname: 'home.example.com', username: 'x', password: 'y' },
    });
    expect(duplicate.status).toBe(409);
    const dyndnsWithoutServer = await call('/records', {
      method: 'POST',
      json: { provider: 'dyndns2', hostname: 'x.example.com', username: 'x', password: 'y' },
    });
    expect(dyndnsWithoutServer.status).toBe(400);
  });

  it('sends nothing while the sources disagree', async () => {
    answers.b = '192.0.2.1';
    const check = await call('/check', { method: 'POST' });
    expect(check.body).toMatchObject({ ip: null, attempted: [] });
    expect(fake.calls).toHaveLength(0);
    expect((await call('/status')).body.publicIp).toBeNull();
  });

  it('updates once when two sources agree, and stores the public IP', async () => {
    answers.b = '203.0.113.10';
    const check = await call('/check', { method: 'POST' });
    expect(check.body).toMatchObject({ ip: '203.0.113.10', ipChanged: true });
    expect(check.body.attempted).toEqual([
      expect.objectContaining({ hostname: 'home.example.com', ok: true }),
    ]);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({
      protocol: 'zoneedit',
      host: 'home.example.com',
      ip: '203.0.113.10',
      username: 'owner',
    });
    const status = (await call('/status')).body;
    expect(status.publicIp).toMatchObject({ ip: '203.0.113.10' });
    expect(status.publicIp.sources).toHaveLength(3);
    const [setting] = await pool.sql<
      { value: { ip: string } }[]
    >`select value from settings where key = 'network.public_ip'`;
    expect(setting?.value.ip).toBe('203.0.113.10');
    const record = (await call('/records')).body.records[0];
    expect(record).toMatchObject({ lastIp: '203.0.113.10', lastStatus: 'updated', failures: 0 });
    expect((await history()).map((h) => h.kind)).toEqual(['updated', 'ip_changed']);
    const own = (await call(`/history?recordId=${record.id}`)).body.history as { kind: string }[];
    expect(own.map((h) => h.kind)).toEqual(['updated']);
  });

  it('calls nobody for the same IP again', async () => {
    const check = await call('/check', { method: 'POST' });
    expect(check.body).toMatchObject({ ip: '203.0.113.10', ipChanged: false, attempted: [] });
    expect(fake.calls).toHaveLength(1);
    expect(await history()).toHaveLength(2);
  });

  it('backs off after a provider error and writes it to the history', async () => {
    answers.a = '203.0.113.20';
    answers.b = '203.0.113.20';
    fake.simulateOutage(1);
    const check = await call('/check', { method: 'POST' });
    expect(check.body.attempted).toEqual([
      expect.objectContaining({ ok: false, detail: '702: Update failed' }),
    ]);
    const record = (await call('/records')).body.records[0];
    expect(record).toMatchObject({
      lastIp: '203.0.113.10',
      lastStatus: 'failed',
      failures: 1,
      lastError: '702: Update failed',
    });
    const waitMs = Date.parse(record.nextAttemptAt) - Date.now();
    expect(waitMs).toBeGreaterThan(30_000);
    expect(waitMs).toBeLessThanOrEqual(60_000);
    expect((await history())[0]).toMatchObject({
      kind: 'failed',
      newIp: '203.0.113.20',
      detail: '702: Update failed',
    });

    // Still backing off: the next check does not call the provider.
    await call('/check', { method: 'POST' });
    expect(fake.calls).toHaveLength(2);

    // Once the wait is over the update goes through.
    await pool.sql`update ddns_records set next_attempt_at = now() - interval '1 second' where id = ${recordId}`;
    const retried = await call('/check', { method: 'POST' });
    expect(retried.body.attempted).toEqual([expect.objectContaining({ ok: true })]);
    expect(fake.addresses.get('home.example.com')).toBe('203.0.113.20');
  });

  it('stops retrying a refused login until the record is edited', async () => {
    const edited = await call(`/records/${recordId}`, {
      method: 'PUT',
      json: {
        provider: 'zoneedit',
        hostname: 'home.example.com',
        serverUrl: fake.zoneEditUrl,
        username: 'owner',
        password: 'wrong',
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.record).toMatchObject({ lastIp: null, failures: 0 });
    await call('/check', { method: 'POST' });
    const record = (await call('/records')).body.records[0];
    expect(record).toMatchObject({ lastStatus: 'needs_attention', nextAttemptAt: null });
    const before = fake.calls.length;
    await call('/check', { method: 'POST' });
    expect(fake.calls).toHaveLength(before);

    await call(`/records/${recordId}`, {
      method: 'PUT',
      json: {
        provider: 'zoneedit',
        hostname: 'home.example.com',
        serverUrl: fake.zoneEditUrl,
        username: 'owner',
        password: 'zone-pass',
      },
    });
    const fixed = await call('/check', { method: 'POST' });
    // ZoneEdit already has this address from a moment ago: its 707 counts as success.
    expect(fixed.body.attempted).toEqual([
      expect.objectContaining({ ok: true, detail: expect.stringMatching(/^707: Duplicate/) }),
    ]);
    expect((await call('/records')).body.records[0]).toMatchObject({
      lastIp: '203.0.113.20',
      lastStatus: 'unchanged',
    });
  });

  it('deletes a record and answers 404 after', async () => {
    expect((await call(`/records/${recordId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/records/${recordId}`, { method: 'DELETE' })).status).toBe(404);
    expect((await call('/records/not-an-id', { method: 'DELETE' })).status).toBe(404);
  });
});
