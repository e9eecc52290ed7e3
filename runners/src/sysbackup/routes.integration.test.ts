/**
 * The runner's backup routes against a real migrated database: "Back up now" writes rows that end
 * done with a `backup.finished` event, the drill of that backup passes, retention promotes, and a
 * restore goes only into a new database after the id is typed back.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPool } from '@homelab/db/client/pool';
import { freshDatabase } from '@homelab/infra/test/fresh-database';
import { Hono } from 'hono';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toErrorResponse } from '../internal/errors';
import { createLogger } from '../log';
import { createOperations } from './operations';
import { dropDatabase } from './restore';
import { createSysbackupRoutes } from './routes';
import { localTarget } from './targets';

const adminUrl = inject('adminUrl');
let sql: postgres.Sql;
let dir: string;
let app: Hono;
let ownerUrl: string;
const work: Promise<unknown>[] = [];
const restored: string[] = [];

function build(admin: string | null) {
  const operations = createOperations({
    sql,
    log: createLogger({ level: 'error' }),
    sourceUrl: ownerUrl,
    adminUrl: admin,
    adminMissingReason: 'not possible: needs an owner URL',
    dir,
    key: randomBytes(32).toString('base64'),
    policy: { daily: 7, weekly: 4, monthly: 6 },
    targets: [localTarget(dir)],
    unusable: [{ kind: 's3', reason: 'not configured: set S3_ENDPOINT and S3_BUCKET' }],
    volumes: [],
    docker: () => {
      throw new Error('no engine in this test');
    },
    signal: new AbortController().signal,
  });
  const routes = createSysbackupRoutes({
    sql,
    log: createLogger({ level: 'error' }),
    operations,
    schedule: '30 3 * * *',
    nextRun: () => null,
    background: (_what, run) => {
      work.push(run());
    },
  });
  // The internal server's error answer, as the runner process gives it.
  const host = new Hono();
  host.onError((error, c) => {
    const { status, body } = toErrorResponse(error);
    return c.json(body, status);
  });
  host.route('/', routes);
  return host;
}

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  const db = await freshDatabase();
  ownerUrl = db.ownerUrl;
  // The runners' own pool: timestamps and jsonb arrive as text through it, as in production.
  sql = createPool(db.appUrl, { max: 2 }).sql;
  dir = await mkdtemp(path.join(tmpdir(), 'sysbackup-routes-'));
  app = build(adminUrl);
});

afterAll(async () => {
  for (const name of restored) await dropDatabase(adminUrl, name).catch(() => {});
  await sql?.end({ timeout: 5 });
  await rm(dir, { recursive: true, force: true });
});

describe('sysbackup routes', () => {
  it('backs up now: a running row answers at once, then it is done, encrypted, announced, and a drill of it passes', async () => {
    const started = await app.request('/backups', { method: 'POST' });
    expect(started.status).toBe(202);
    const { backups } = (await started.json()) as { backups: { id: string; status: string; tier: string }[] };
    expect(backups).toEqual([
      expect.objectContaining({ status: 'running', tier: 'manual', target: 'local', encrypted: true }),
    ]);
    // A second press while it runs is refused, not queued.
    expect((await app.request('/backups', { method: 'POST' })).status).toBe(409);
    await Promise.all(work.splice(0));

    const list = (await (await app.request('/backups')).json()) as { backups: Record<string, unknown>[] };
    const [backup] = list.backups;
    expect(backup).toMatchObject({ id: backups[0]?.id, status: 'done', error: null, encrypted: true });
    expect(backup?.sizeBytes).toBeGreaterThan(0);
    expect(backup?.contents).toMatchObject({ tables: expect.any(Number), volumes: [] });
    expect(await readdir(dir)).toContain(backup?.location);

    const events = await sql<{ payload: string }[]>`
      select payload::text as payload from automation_events where type = 'backup.finished' order by id desc limit 1`;
    expect(JSON.parse(events[0]?.payload ?? 'null')).toEqual({
      kind: 'system',
      id: backup?.id,
      status: 'done',
      sizeBytes: backup?.sizeBytes,
    });

    const drillStarted = await app.request('/drills', { method: 'POST' });
    expect(drillStarted.status).toBe(202);
    await Promise.all(work.splice(0));
    const { drills } = (await (await app.request('/drills')).json()) as { drills: Record<string, unknown>[] };
    expect(drills[0]).toMatchObject({ backupId: backup?.id, status: 'passed', error: null });
    expect(drills[0]?.tablesChecked).toBeGreaterThan(10);
  });

  it('restores only into a new database, and only after the backup id is typed back', async () => {
    const { backups } = (await (await app.request('/backups')).json()) as { backups: { id: string }[] };
    const id = backups[0]?.id as string;
    const name = `${inject('runPrefix')}_sbr_${randomBytes(3).toString('hex')}`;
    const refused = await app.request(`/backups/${id}/restore`, json({ confirm: 'yes', database: name }));
    expect(refused.status).toBe(400);
    const live = new URL(ownerUrl).pathname.slice(1);
    const overwrite = await app.request(`/backups/${id}/restore`, json({ confirm: id, database: live }));
    expect(overwrite.status).toBe(409);
    expect(((await overwrite.json()) as { error: { message: string } }).error.message).toMatch(
      /already exists/,
    );

    restored.push(name);
    const done = await app.request(`/backups/${id}/restore`, json({ confirm: id, database: name }));
    expect(done.status).toBe(201);
    expect(await done.json()).toMatchObject({ database: name, tables: expect.any(Number) });
  });

  it('reports the settings, and says why a drill is not possible without an owner URL', async () => {
    const settings = (await (await app.request('/settings')).json()) as Record<string, unknown>;
    expect(settings).toMatchObject({
      schedule: '30 3 * * *',
      retention: { daily: 7, weekly: 4, monthly: 6 },
      encrypted: true,
      drill: { possible: true, reason: null },
      targets: [
        { kind: 'local', configured: true, detail: dir },
        { kind: 's3', configured: false, detail: 'not configured: set S3_ENDPOINT and S3_BUCKET' },
      ],
    });
    const noOwner = build(null);
    const refused = await noOwner.request('/drills', { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /needs an owner URL/,
    );
    expect(await (await noOwner.request('/settings')).json()).toMatchObject({
      drill: { possible: false, reason: 'not possible: needs an owner URL' },
    });
  });
});
