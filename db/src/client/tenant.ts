/**
 * Runs work as one tenant: a transaction whose `SET LOCAL` settings the Row-Level Security
 * policies read (migration 0004). Outside such a transaction the app role sees no tenant rows.
 */
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export type TenantScope = {
  /** Discord guilds whose rows this work may read and write. */
  guildIds: string[];
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
  for (const id of scope.guildIds) {
    if (!/^\d{1,20}$/.test(id)) throw new Error(`not a Discord guild id: ${id}`);
  }
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.guild_ids', ${scope.guildIds.join(',')}, true), set_config('app.user_id', ${scope.userId ?? ''}, true)`,
    );
    return work(tx as TransactionOf<D>);
  }) as Promise<T>;
}
