/**
 * Runs work as one tenant: a transaction whose `SET LOCAL` settings the Row-Level Security
 * policies read (migration 0004). Outside such a transaction the app role sees no tenant rows.
 */
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export type TenantScope = {
  /** Discord guilds whose rows this work may read and write. */
  guildIds?: string[];
  /** Stream bot tenants whose rows this work may read and write. */
  tenantIds?: string[];
  /** The person acting, so they can read their own access rows. */
  userId?: string;
};

// biome-ignore lint/suspicious/noExplicitAny: any drizzle PostgreSQL database or transaction.
type AnyPgDatabase = PgDatabase<PgQueryResultHKT, any, any>;
type TransactionOf<D extends AnyPgDatabase> = Parameters<Parameters<D['transaction']>[0]>[0];

export function withTenant<D extends AnyPgDatabase, T>(
  db: D,
  scope: TenantScope,
  work: (tx: TransactionOf<D>) => Promise<T>,
): Promise<T> {
  const guildIds = scope.guildIds ?? [];
  const tenantIds = scope.tenantIds ?? [];
  for (const id of guildIds) {
    if (!/^\d{1,20}$/.test(id)) throw new Error(`not a Discord guild id: ${id}`);
  }
  for (const id of tenantIds) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      throw new Error(`not a tenant id: ${id}`);
    }
  }
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.guild_ids', ${guildIds.join(',')}, true), set_config('app.tenant_ids', ${tenantIds.join(',')}, true), set_config('app.user_id', ${scope.userId ?? ''}, true)`,
    );
    return work(tx as TransactionOf<D>);
  }) as Promise<T>;
}
