/** Pooled PostgreSQL client for long-lived Node processes (runners, scripts). */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from '../schema';

export type PoolOptions = {
  max?: number;
  applicationName?: string;
  /**
   * 'system' (the default: runners and scripts act for every tenant) passes the tenant
   * Row-Level Security policies; 'tenant' sees only what a transaction's `app.guild_ids` names.
   */
  scope?: 'system' | 'tenant';
};

export function createPool(url: string, options: PoolOptions = {}) {
  const sql = postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 5,
    onnotice: () => {},
    connection: {
      application_name: options.applicationName ?? 'homelab-runners',
      ...((options.scope ?? 'system') === 'system' ? { 'app.scope': 'system' } : {}),
    },
  });
  return { sql, db: drizzle(sql, { schema }) };
}
export type Pool = ReturnType<typeof createPool>;
