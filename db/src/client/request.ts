/**
 * Per-request PostgreSQL client for functions in workerd. A socket cannot outlive the request
 * that opened it there, so each request gets its own single-connection client, and it is never
 * end()ed: the runtime closes the socket, while end() can hang.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from '../schema';

export function createRequestDb(url: string) {
  const sql = postgres(url, {
    max: 1,
    fetch_types: false,
    // Each request's connection is new, so a named prepared statement would cost an extra round
    // trip and never be reused; unnamed statements go out in one.
    prepare: false,
    connect_timeout: 3,
    idle_timeout: 5,
    onnotice: () => {},
  });
  return { sql, db: drizzle(sql, { schema }) };
}
export type RequestDb = ReturnType<typeof createRequestDb>;
