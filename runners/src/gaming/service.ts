/**
 * The gaming runner: Sunshine on the gaming PC reached through its web API (status, applications,
 * paired clients, pairing by PIN) and Wake-on-LAN for the PC itself. Without Sunshine settings it
 * still starts and answers `not_configured`.
 */
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { createGamingHost, type GamingHostOptions } from './host';
import { createGamingRoutes } from './routes';

export type GamingRunnerOptions = Omit<GamingHostOptions, 'settings' | 'log' | 'signal'>;

export function createGamingRunner(options: GamingRunnerOptions = {}): Runner {
  return { name: 'gaming', start: (ctx) => startGaming(ctx, options) };
}

async function startGaming(ctx: RunnerContext, options: GamingRunnerOptions): Promise<RunnerHandle> {
  const host = createGamingHost({
    ...options,
    settings: ctx.config.sunshine ?? {},
    log: ctx.log,
    signal: ctx.signal,
  });
  return {
    routes: createGamingRoutes(host),
    detail: () => ({ configured: host.configured, state: host.lastState() }),
    stop() {},
  };
}
