/**
 * The system runner: samples host metrics on an interval, keeps the latest in memory for the live
 * view, stores every sample as history and compacts that history every ten minutes.
 */
import type { MetricSample } from '@homelab/db/metrics';
import { Cron } from 'croner';
import { createFeed } from '../internal/feed';
import { createOutageReporter } from '../log';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { createSystemRoutes } from './routes';
import { createSampler, type Sampler } from './sampler';
import { compactMetrics, insertRawSample } from './store';

export type SystemRunnerOptions = {
  /** Defaults to /proc and /sys of this host. */
  sampler?: () => Sampler;
  /** Defaults to METRICS_INTERVAL_MS. */
  intervalMs?: number;
  /** The first sample comes sooner than the interval, so the dashboard is not empty for long after a start. */
  firstSampleAfterMs?: number;
  compactSchedule?: string;
  heartbeatMs?: number;
};

export function createSystemRunner(options: SystemRunnerOptions = {}): Runner {
  return {
    name: 'system',
    start: (ctx) => startSystem(ctx, options),
  };
}

async function startSystem(ctx: RunnerContext, options: SystemRunnerOptions): Promise<RunnerHandle> {
  const intervalMs = options.intervalMs ?? ctx.config.metricsIntervalMs;
  const sampler = (options.sampler ?? createSampler)();
  await sampler.prime();
  const { sql } = ctx.pool;
  const feed = createFeed<MetricSample>();
  const storeOutage = createOutageReporter(ctx.log, 'storing metrics samples');
  let storing = false;
  let lastSampleAt: string | null = null;
  let stopped = false;

  async function tick() {
    let sample: MetricSample;
    try {
      sample = await sampler.sample();
    } catch (error) {
      ctx.crash(error);
      return;
    }
    if (stopped) return;
    lastSampleAt = sample.at;
    feed.publish(sample);
    // While PostgreSQL is slow or down, samples are skipped from history rather than queued in memory.
    if (storing) return;
    storing = true;
    try {
      await insertRawSample(sql, sample);
      storeOutage.ok();
    } catch (error) {
      storeOutage.failed(error);
    } finally {
      storing = false;
    }
  }

  async function compact() {
    const started = Date.now();
    const result = await compactMetrics(sql);
    ctx.log.info('metrics compacted', { ...result, ms: Date.now() - started });
    return result;
  }

  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(
    () => {
      void tick();
      interval = setInterval(() => void tick(), intervalMs);
    },
    Math.min(options.firstSampleAfterMs ?? 1_000, intervalMs),
  );
  const cron = new Cron(
    options.compactSchedule ?? '*/10 * * * *',
    { protect: true, unref: true },
    async () => {
      try {
        await compact();
      } catch (error) {
        ctx.log.warn('metrics compaction failed; next run in ten minutes', { err: error });
      }
    },
  );

  return {
    routes: createSystemRoutes(feed, { heartbeatMs: options.heartbeatMs }),
    jobs: { compact: () => compact() },
    detail: () => ({ lastSampleAt, subscribers: feed.subscribers, intervalMs }),
    stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(interval);
      cron.stop();
      feed.close();
    },
  };
}
