/**
 * PostgreSQL monitors: connect, run `select 1`, disconnect. The connection is the monitor's own
 * (max 1, no type fetching) and never pooled, so a check proves a new client could get in.
 */
import type { CheckResult, MonitorConfig } from '@homelab/db/monitoring';
import postgres from 'postgres';
import { type CheckOptions, deadline, describeError, down, elapsedSince, untilAborted, up } from './outcome';
import { withoutSecret } from './secrets';

type PostgresConfig = Extract<MonitorConfig, { type: 'postgres' }>;

export async function checkPostgres(config: PostgresConfig, options: CheckOptions): Promise<CheckResult> {
  const limit = deadline(options);
  const startedAt = performance.now();
  let sql: postgres.Sql | undefined;
  const close = () => sql?.end({ timeout: 0 }).catch(() => {});
  limit.signal.addEventListener('abort', close, { once: true });
  try {
    sql = postgres(config.url, {
      max: 1,
      connect_timeout: Math.max(1, Math.ceil(options.timeoutMs / 1000)),
      idle_timeout: 1,
      prepare: false,
      fetch_types: false,
      onnotice: () => {},
      connection: { application_name: 'homelab-monitor' },
    });
    await untilAborted(sql`select 1`.execute(), limit.signal);
    const latencyMs = elapsedSince(startedAt);
    const { host, port, database } = sql.options;
    return up(latencyMs, `select 1 in ${latencyMs} ms`, {
      host: host.join(','),
      port: port.join(','),
      database,
    });
  } catch (error) {
    return down(withoutSecret(describePostgresError(error, limit.reason), config.url));
  } finally {
    limit.signal.removeEventListener('abort', close);
    await close();
  }
}

function describePostgresError(error: unknown, reason: () => string): string {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'CONNECT_TIMEOUT') return 'timed out connecting';
  if (code === '28P01' || code === '28000') return `login refused: ${(error as Error).message}`;
  if (code === '3D000') return (error as Error).message;
  return describeError(error, reason);
}
