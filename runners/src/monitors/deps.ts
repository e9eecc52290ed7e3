/**
 * What checks need from the rest of the runners: the public IP the ddns runner agreed on, a
 * container's state from the shared engine connection (opened only once a container monitor runs),
 * and the opening of a monitor's sealed database URL.
 */
import { decryptSecret } from '@homelab/db/crypto';
import type { Sql } from 'postgres';
import { acquireEngine, type EngineLease } from '../docker/engine';
import type { Logger } from '../log';
import type { CheckDeps } from './checks/index';

export type DepsOptions = { sql: Sql; log: Logger; dockerHost?: string; encryptionKey?: string };

// Hundreds of DNS monitors would otherwise read the same setting hundreds of times a minute.
const publicIpCacheMs = 15_000;

export function createCheckDeps(options: DepsOptions, overrides: Partial<CheckDeps> = {}) {
  let lease: EngineLease | undefined;
  let cachedIp: { at: number; ip: Promise<string | null> } | undefined;

  async function readPublicIp(): Promise<string | null> {
    const [row] = await options.sql<{ ip: string | null }[]>`
      select value->>'ip' as ip from settings where key = 'network.public_ip'`;
    return row?.ip ?? null;
  }

  const shared: Omit<CheckDeps, 'openSecret'> = {
    publicIp:
      overrides.publicIp ??
      (() => {
        if (!cachedIp || Date.now() - cachedIp.at > publicIpCacheMs) {
          const ip = readPublicIp().catch(() => null);
          cachedIp = { at: Date.now(), ip };
        }
        return cachedIp.ip;
      }),
    container:
      overrides.container ??
      (async (ref) => {
        lease ??= acquireEngine({ log: options.log, host: options.dockerHost });
        const state = await lease.engine.waitConnected(5_000);
        if (state.status !== 'connected')
          throw new Error(
            `the container engine is not reachable (${state.status === 'unreachable' ? state.error : 'still connecting'})`,
          );
        try {
          const info = await lease.engine.docker.getContainer(ref).inspect();
          return {
            state: info.State.Status,
            health: info.State.Health?.Status ?? 'none',
            restartCount: info.RestartCount ?? 0,
          };
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode === 404) return null;
          throw error;
        }
      }),
  };

  return {
    /** Deps for a stored monitor: its sealed URL opens only with its own id. */
    forMonitor(id: string): CheckDeps {
      return {
        ...shared,
        openSecret:
          overrides.openSecret ??
          (async (sealed) => {
            // Already open (the service opens URLs before the check): given back as it is.
            if (!sealed.startsWith('v1:')) return sealed;
            if (!options.encryptionKey) throw new Error('ENCRYPTION_KEY is not set on the runners');
            return decryptSecret(sealed, options.encryptionKey, id);
          }),
      };
    },
    /** Deps for "test now": the settings come straight from the editor, nothing is sealed. */
    forTest(): CheckDeps {
      return { ...shared, openSecret: async (plain) => plain };
    },
    close() {
      lease?.release();
    },
  };
}
export type CheckDepsFactory = ReturnType<typeof createCheckDeps>;
