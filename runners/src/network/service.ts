/**
 * The network runner: samples every interface's throughput on an interval (history kept seven
 * days), and answers the network view (interfaces, listening ports and who holds them,
 * connections, public IP and DNS, Twingate) on demand.
 */

import { Cron } from 'croner';
import type Dockerode from 'dockerode';
import { acquireEngine } from '../docker/engine';
import { createOutageReporter } from '../log';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import type { CommandRunner } from './containers';
import { createDnsChecker, type DnsLookup } from './dns';
import { createHostReader, type HostPaths } from './host';
import { createRateTracker } from './overview';
import { createNetworkRoutes } from './routes';
import { createNetworkSampler } from './sampler';

export type NetworkRunnerOptions = {
  /** Between throughput samples; 10 s by default. */
  intervalMs?: number;
  /** /proc and /sys of this host by default. */
  host?: Partial<HostPaths>;
  /** The container engine client, or null for none; the shared engine by default. */
  docker?: () => Dockerode | null;
  dns?: DnsLookup;
  run?: CommandRunner;
  /** Cron expression of the retention pass; hourly by default. */
  pruneSchedule?: string;
};

export function createNetworkRunner(options: NetworkRunnerOptions = {}): Runner {
  return { name: 'network', start: (ctx) => startNetwork(ctx, options) };
}

async function startNetwork(ctx: RunnerContext, options: NetworkRunnerOptions): Promise<RunnerHandle> {
  const { sql } = ctx.pool;
  const intervalMs = options.intervalMs ?? 10_000;
  const host = createHostReader(options.host);
  const rates = createRateTracker(host);
  await rates.read();
  const sampler = createNetworkSampler(sql, rates);
  // Shared with the docker runner: one event stream and reconnect loop per engine, not one per runner.
  const lease = options.docker
    ? null
    : acquireEngine({ log: ctx.log.child({ component: 'engine' }), host: ctx.config.dockerHost });
  const docker =
    options.docker ??
    (() => (lease && lease.engine.state().status === 'connected' ? lease.engine.docker : null));
  const dns = createDnsChecker({ lookup: options.dns });
  const storeOutage = createOutageReporter(ctx.log, 'storing network samples');
  let lastSampleAt: string | null = null;
  let storing = false;

  async function tick() {
    // While PostgreSQL is slow or down, samples are skipped rather than queued in memory.
    if (storing) return;
    storing = true;
    try {
      await sampler.sample();
      lastSampleAt = new Date().toISOString();
      storeOutage.ok();
    } catch (error) {
      storeOutage.failed(error);
    } finally {
      storing = false;
    }
  }

  async function prune() {
    const deleted = await sampler.prune();
    if (deleted > 0) ctx.log.info('old network samples deleted', { deleted });
    return { deleted };
  }

  const interval = setInterval(() => void tick(), intervalMs);
  const cron = new Cron(options.pruneSchedule ?? '7 * * * *', { protect: true, unref: true }, async () => {
    try {
      await prune();
    } catch (error) {
      ctx.log.warn('network sample retention failed; next pass in an hour', { err: error });
    }
  });

  return {
    routes: createNetworkRoutes({ sql, host, rates, dns, docker, run: options.run }),
    jobs: { prune: () => prune() },
    detail: () => ({ lastSampleAt, intervalMs }),
    stop() {
      clearInterval(interval);
      cron.stop();
      lease?.release();
    },
  };
}
