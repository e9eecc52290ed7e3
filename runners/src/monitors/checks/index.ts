/**
 * One entry point for every monitor type the scheduler runs: picks the check for the config and
 * guarantees the contract the scheduler relies on (a result, never an exception).
 */
import type { CheckResult, MonitorConfig } from '@homelab/db/monitoring';
import { checkContainer } from './container';
import { checkDns } from './dns';
import { checkHttp } from './http';
import { type CheckDeps, type CheckOptions, describeError, down } from './outcome';
import { checkPostgres } from './postgres';
import { checkRedis } from './redis';
import { checkTcp } from './tcp';
import { checkTls } from './tls';

export type { CheckDeps };

export async function runCheck(config: MonitorConfig, options: CheckOptions): Promise<CheckResult> {
  if (options.signal.aborted) return down('check cancelled');
  try {
    switch (config.type) {
      case 'http':
        return await checkHttp(config, options);
      case 'tls':
        return await checkTls(config, options);
      case 'dns':
        return await checkDns(config, options);
      case 'tcp':
        return await checkTcp(config, options);
      case 'container':
        return await checkContainer(config, options);
      case 'postgres':
        return await checkPostgres(config, options);
      case 'redis':
        return await checkRedis(config, options);
      case 'push':
        return down('push monitors are checked by heartbeat');
      default:
        return down(`unknown monitor type ${(config as { type?: unknown }).type}`);
    }
  } catch (error) {
    return down(`check failed: ${describeError(error)}`);
  }
}
