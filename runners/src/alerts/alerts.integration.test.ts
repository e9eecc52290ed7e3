/**
 * Alert rules against a private database: samples above the threshold for the whole window fire
 * once and notify once, a window with a hole does not fire, and a sample back below resolves once.
 * Container rules are fed summaries here (a failing healthcheck needs timers Podman lacks), and an
 * unreachable engine is checked to change nothing.
 */
import { randomBytes } from 'node:crypto';
import type { Pool } from '@homelab/db/client/pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config';
import { createLogger } from '../log';
import type { RunnerHandle } from '../runner';
import { privateDatabaseUrl, testPool } from '../testing/database';
import { caller } from '../testing/docker-routes';
import { testRunnerContext } from '../testing/runner-context';
import type { ContainerFacts } from './container-watch';
import { createEvaluator } from './evaluator';
import { createAlertsRunner } from './service';

const databaseUrl = await privateDatabaseUrl();
let pool: Pool;
let channelId: string;
const log = createLogger({ level: 'error' });

function config(patch: Partial<Config> = {}): Config {
  return {
    databaseUrl,
    runnerSecret: 'x'.repeat(32),
    port: 0,
    host: '127.0.0.1',
    enabledRunners: ['alerts'],
    metricsIntervalMs: 5_000,
    logLevel: 'error',
    encryptionKey: randomBytes(32).toString('base64'),
    backupDir: '.data/backups',
    ...patch,
  };
}

async function start(patch: Partial<Config>, containers?: () => Promise<ContainerFacts[] | null>) {
  return createAlertsRunner({ schedule: '0 0 1 1 *', containers }).start(
    testRunnerContext({ pool, config: config(patch), log }),
  );
}

/** Raw samples every 5 s over (`end` - `spanMs`, `end`], with the given cpu and memory. */
async function insertSamples(
  end: number,
  spanMs: number,
  values: { cpu: number; mem: number },
  skip?: (at: number) => boolean,
) {
  const rows = [];
  for (let at = end - spanMs; at <= end; at += 5_000) {
    if (skip?.(at)) continue;
    rows.push({ at: new Date(at).toISOString(), ...values });
  }
  for (const row of rows)
    await pool.sql`
      insert into system_metrics (resolution, at, samples, cpu_percent, load1, mem_percent, swap_percent,
        disk_percent, net_rx_bps, net_tx_bps, disk_read_bps, disk_write_bps, temp_max_c)
      values ('raw', ${row.at}, 1, ${row.cpu}, 0.5, ${row.mem}, 0, 40, 0, 0, 0, 0, 45)
      on conflict (resolution, at) do update set cpu_percent = excluded.cpu_percent, mem_percent = excluded.mem_percent`;
}

const deliveries = (ruleId: string) =>
  pool.sql<{ event: string; title: string }[]>`
    select d.event, d.title from notification_deliveries d
    join incidents i on d.group_key = 'incident:' || i.id
    where i.alert_rule_id = ${ruleId} order by d.id`;

const incidents = (ruleId: string) =>
  pool.sql<{ cause: string; resolved: boolean }[]>`
    select cause, resolved_at is not null as resolved from incidents where alert_rule_id = ${ruleId} order by started_at`;

beforeAll(async () => {
  pool = testPool(databaseUrl);
  const [channel] = await pool.sql<{ id: string }[]>`
    insert into notification_channels (name, type, config_sealed) values ('ops', 'webhook', 'v1:x:y') returning id`;
  channelId = channel!.id;
});
afterAll(() => pool?.sql.end());

describe('host metric rules', () => {
  let handle: RunnerHandle;
  let call: ReturnType<typeof caller>;
  const base = Date.now() + 3_600_000;
  let clock = base;

  beforeAll(async () => {
    handle = await start({}, async () => []);
    call = caller(handle.routes!);
  });
  afterAll(() => handle?.stop());

  it('manages rules through the routes', async () => {
    const bad = await call('/rules', { method: 'POST', json: { name: 'x', metric: 'nope', threshold: 1 } });
    expect(bad.status).toBe(400);
    const created = await call('/rules', {
      method: 'POST',
      json: { name: 'tmp', metric: 'disk', threshold: 90 },
    });
    expect(created.status).toBe(201);
    expect(created.body.rule).toMatchObject({
      durationSeconds: 300,
      enabled: true,
      firing: false,
      channelIds: [],
    });
    const id = created.body.rule.id;
    const edited = await call(`/rules/${id}`, {
      method: 'PUT',
      json: { name: 'tmp2', metric: 'disk', threshold: 95, channelIds: [channelId] },
    });
    expect(edited.body.rule).toMatchObject({ name: 'tmp2', threshold: 95, channelIds: [channelId] });
    expect((await call(`/rules/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/rules/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await call('/rules')).body.rules).toEqual([]);
  });

  it('fires once and notifies once when above for the whole window, resolves once when back below', async () => {
    const evaluator = createEvaluator({
      sql: pool.sql,
      log,
      engine: null,
      sampleIntervalMs: 5_000,
      now: () => new Date(clock),
    });
    const created = await call('/rules', {
      method: 'POST',
      json: { name: 'CPU hot', metric: 'cpu', threshold: 80, durationSeconds: 300, channelIds: [channelId] },
    });
    const ruleId = created.body.rule.id as string;

    // Only the last two minutes are above: not long enough.
    await insertSamples(clock, 120_000, { cpu: 95, mem: 30 });
    await insertSamples(clock - 125_000, 175_000, { cpu: 50, mem: 30 });
    expect((await evaluator.evaluate()).find((r) => r.id === ruleId)).toMatchObject({
      firing: false,
      change: null,
    });

    clock += 200_000;
    await insertSamples(clock, 200_000, { cpu: 95, mem: 30 });
    const fired = (await evaluator.evaluate()).find((r) => r.id === ruleId);
    expect(fired).toMatchObject({ firing: true, change: 'opened' });
    expect(fired?.reason).toMatch(/CPU has been above 80 % for 5 min/);
    expect((await evaluator.evaluate()).find((r) => r.id === ruleId)).toMatchObject({
      firing: true,
      change: null,
    });
    expect(await incidents(ruleId)).toEqual([{ cause: 'alert:cpu', resolved: false }]);
    expect(await deliveries(ruleId)).toEqual([{ event: 'opened', title: 'Alert: CPU hot' }]);
    expect((await call('/rules')).body.rules[0]).toMatchObject({
      firing: true,
      firingSince: new Date(clock).toISOString(),
    });

    // The sender delivered the opening; the recovery is then a message of its own.
    await pool.sql`update notification_deliveries set status = 'sent'`;
    clock += 5_000;
    await insertSamples(clock, 0, { cpu: 20, mem: 30 });
    expect((await evaluator.evaluate()).find((r) => r.id === ruleId)).toMatchObject({
      firing: false,
      change: 'resolved',
    });
    expect((await evaluator.evaluate()).find((r) => r.id === ruleId)).toMatchObject({
      firing: false,
      change: null,
    });
    expect(await incidents(ruleId)).toEqual([{ cause: 'alert:cpu', resolved: true }]);
    expect((await deliveries(ruleId)).map((d) => d.event)).toEqual(['opened', 'resolved']);
  });

  it('does not fire across a gap in the samples', async () => {
    clock += 3_600_000;
    const evaluator = createEvaluator({
      sql: pool.sql,
      log,
      engine: null,
      sampleIntervalMs: 5_000,
      now: () => new Date(clock),
    });
    const created = await call('/rules', {
      method: 'POST',
      json: {
        name: 'Memory full',
        metric: 'memory',
        threshold: 90,
        durationSeconds: 300,
        channelIds: [channelId],
      },
    });
    const ruleId = created.body.rule.id as string;
    // Above the whole time, but nothing was sampled for two minutes in the middle.
    await insertSamples(
      clock,
      300_000,
      { cpu: 10, mem: 97 },
      (at) => at > clock - 200_000 && at < clock - 80_000,
    );
    expect((await evaluator.evaluate()).find((r) => r.id === ruleId)).toMatchObject({
      firing: false,
      change: null,
      reason: 'the window has a gap in its samples',
    });
    expect(await incidents(ruleId)).toEqual([]);
  });
});

describe('container rules', () => {
  it('fire on restarts seen in memory and resolve when they age out', async () => {
    let now = Date.now();
    let restartCount = 0;
    const evaluator = createEvaluator({
      sql: pool.sql,
      log,
      engine: null,
      sampleIntervalMs: 5_000,
      now: () => new Date(now),
      containers: async () => [{ id: 'c1', name: 'flaky', health: 'healthy', restartCount }],
    });
    const [rule] = await pool.sql<{ id: string }[]>`
      insert into alert_rules (name, metric, threshold, duration_seconds, channel_ids)
      values ('Restarts', 'container_restarts', 2, 600, ${[channelId]}::uuid[]) returning id`;
    const outcome = async () => (await evaluator.evaluate()).find((r) => r.id === rule!.id);
    expect(await outcome()).toMatchObject({ firing: false });
    for (const count of [1, 2, 3]) {
      now += 15_000;
      restartCount = count;
      await outcome();
    }
    expect((await incidents(rule!.id)).length).toBe(1);
    expect(await outcome()).toMatchObject({ firing: true, change: null });
    expect((await deliveries(rule!.id)).map((d) => d.event)).toEqual(['opened']);
    now += 601_000;
    expect(await outcome()).toMatchObject({ firing: false, change: 'resolved' });
    await pool.sql`delete from alert_rules where id = ${rule!.id}`;
  });

  it('change nothing while the engine is unreachable', async () => {
    const handle = await start({
      dockerHost: `unix:///tmp/hl-no-engine-${randomBytes(4).toString('hex')}.sock`,
    });
    const call = caller(handle.routes!);
    try {
      const created = await call('/rules', {
        method: 'POST',
        json: {
          name: 'Unhealthy',
          metric: 'container_unhealthy',
          threshold: 0,
          durationSeconds: 0,
          channelIds: [channelId],
        },
      });
      const ruleId = created.body.rule.id;
      for (let i = 0; i < 2; i++) {
        const result = await call('/evaluate', { method: 'POST' });
        expect(result.body.rules.find((r: { id: string }) => r.id === ruleId)).toMatchObject({
          firing: false,
          change: null,
          reason: 'the container engine is unreachable',
        });
      }
      expect(await incidents(ruleId)).toEqual([]);
    } finally {
      await handle.stop();
    }
  });
});
