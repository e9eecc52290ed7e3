/**
 * What the stream bot's shared operations (currency, viewers, giveaways, polls, commands) need to
 * run on any drizzle PostgreSQL database or transaction: functions pass their tenant-scoped
 * transaction, runners their system pool.
 */
import type { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

// biome-ignore lint/suspicious/noExplicitAny: any drizzle PostgreSQL database or transaction.
export type AnyDb = PgDatabase<PgQueryResultHKT, any, any>;

/** The rows of a raw query, whichever driver answered (postgres.js gives an array). */
export async function rows<T>(db: AnyDb, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

export const inTx = <T>(db: AnyDb, work: (tx: AnyDb) => Promise<T>) =>
  db.transaction((tx) => work(tx as unknown as AnyDb));

/** Thrown inside a transaction to roll it back with an answer for the caller. */
export class Refused<T> extends Error {
  constructor(readonly answer: T) {
    super('refused');
  }
}

/** Runs work that may be refused (rolled back) and gives the refusal's answer instead. */
export async function refusable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refused) return error.answer as T;
    throw error;
  }
}
