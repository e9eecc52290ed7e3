import type { Pool } from '@homelab/db/client/pool';
import type { Sql } from 'postgres';
import { describe, expect, it } from 'vitest';
import type { Config } from '../config';
import { createLogger } from '../log';
import type { RunnerContext } from '../runner';
import { fakeSample, waitFor } from '../testing/helpers';
import { createSystemRunner } from './service';

function context(options: { databaseDown?: boolean } = {}) {
  const crashes: unknown[] = [];
  const inserts: unknown[][] = [];
  const lines: Record<string, unknown>[] = [];
  const sql = ((_: TemplateStringsArray, ...values: unknown[]) => {
    if (options.databaseDown) return Promise.reject(new Error('connect ECONNREFUSED'));
    inserts.push(values);
    return Promise.resolve([]);
  }) as unknown as Sql;
  const ctx: RunnerContext = {
    pool: { sql } as unknown as Pool,
    log: createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line)) }),
    config: { metricsIntervalMs: 20 } as Config,
    signal: new AbortController().signal,
    crash: (error) => void crashes.push(error),
  };
  return { ctx, crashes, inserts, lines };
}

const samplerOf = (sample: () => Promise<ReturnType<typeof fakeSample>>) => () => ({
  prime: async () => {},
  sample,
});

describe('system runner', () => {
  it('samples on the configured interval, stores each sample and serves the latest', async () => {
    const { ctx, inserts } = context();
    let n = 0;
    const handle = await createSystemRunner({
      sampler: samplerOf(async () => fakeSample(new Date(Date.UTC(2026, 0, 1, 0, 0, ++n)).toISOString())),
      firstSampleAfterMs: 5,
    }).start(ctx);
    try {
      expect(await waitFor(() => inserts.length >= 3)).toBe(true);
      const res = await handle.routes!.request('/latest');
      expect(((await res.json()) as { at: string }).at).toBe(
        new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
      );
      expect(handle.detail?.()).toMatchObject({ subscribers: 0, intervalMs: 20 });
      expect(Object.keys(handle.jobs ?? {})).toEqual(['compact']);
    } finally {
      await handle.stop();
    }
    const stoppedAt = inserts.length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(inserts.length).toBe(stoppedAt);
  });

  it('keeps sampling and serving while PostgreSQL is down, logging the outage once', async () => {
    const { ctx, crashes, lines } = context({ databaseDown: true });
    let n = 0;
    const handle = await createSystemRunner({
      sampler: samplerOf(async () => fakeSample(new Date(Date.UTC(2026, 0, 1, 0, 0, ++n)).toISOString())),
      firstSampleAfterMs: 5,
    }).start(ctx);
    try {
      expect(await waitFor(() => n >= 5)).toBe(true);
      expect((await handle.routes!.request('/latest')).status).toBe(200);
      expect(crashes).toEqual([]);
      expect(lines.filter((line) => line.level === 'warn')).toHaveLength(1);
    } finally {
      await handle.stop();
    }
  });

  it('reports a sampler failure as a crash, for the supervisor to restart it', async () => {
    const { ctx, crashes } = context();
    const handle = await createSystemRunner({
      sampler: samplerOf(async () => {
        throw new Error('ENOENT: /proc/stat');
      }),
      firstSampleAfterMs: 5,
    }).start(ctx);
    try {
      expect(await waitFor(() => crashes.length > 0)).toBe(true);
      expect(String(crashes[0])).toMatch(/ENOENT: \/proc\/stat/);
    } finally {
      await handle.stop();
    }
  });
});
