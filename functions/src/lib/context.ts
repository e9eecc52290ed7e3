/** What every handler can reach: bindings, per-request variables and the lazily opened database client. */
import { createRequestDb, type RequestDb } from '@homelab/db/client/request';
import { type ApiKeyScope, type UserRole, users } from '@homelab/db/schema';
import type { Context } from 'hono';
import type { DeskScope } from '../desk/guard';
import type { StreamScope } from '../stream/guard';
import type { Bindings, Config } from './env';

export type AuthUser = { id: string; username: string; role: UserRole; createdAt: Date };

/** The columns of `users` an authenticated request carries, for joins that resolve a credential. */
export const authUserColumns = {
  id: users.id,
  username: users.username,
  role: users.role,
  createdAt: users.createdAt,
};

export type Auth =
  | { kind: 'session'; user: AuthUser; session: { id: string; expiresAt: Date } }
  | { kind: 'api_key'; user: AuthUser; key: { id: string; name: string; scope: ApiKeyScope } };

export type AuditNote = {
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
  /** The handler wrote the row itself, in the transaction of the change it records. */
  written?: boolean;
};

export type Variables = {
  requestId: string;
  config: Config;
  ip: string;
  auth: Auth | null;
  audit: AuditNote | undefined;
  requestDb: RequestDb | undefined;
  /** Work running on after the response (afterResponse); the database client closes after it. */
  pending: Promise<unknown>[];
  /** Set by the ticket desk's guard (desk/guard.ts). */
  desk: DeskScope | undefined;
  /** Set by the stream bot's guard (stream/guard.ts). */
  stream: StreamScope | undefined;
};

export type AppEnv = { Bindings: Bindings; Variables: Variables };
export type AppContext = Context<AppEnv>;

/** Opens the request's database client on first use, so routes that need no SQL open no socket. */
export function db(c: AppContext): RequestDb {
  let handle = c.get('requestDb');
  if (!handle) {
    handle = createRequestDb(c.get('config').DATABASE_URL);
    c.set('requestDb', handle);
  }
  return handle;
}

/** Names the mutation for the audit log; the audit middleware writes the row with its outcome. */
export function auditAs(c: AppContext, action: string, target?: string, detail?: Record<string, unknown>) {
  c.set('audit', { action, target, detail });
}

/** Work that goes on after the response (Discord follow-ups): kept alive with waitUntil and awaited before the request's database client closes. */
export function afterResponse(c: AppContext, work: Promise<unknown>) {
  c.get('pending').push(work);
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // Hono throws when the runtime gave no ExecutionContext (tests in Node): the promise runs on its own.
  }
}

/**
 * Closes the request's database client once the response and every afterResponse() task are done.
 * workerd keeps a postgres.js client that is never ended reachable after its request, so without
 * this the isolate's heap grows with every request that touched the database (measured: about
 * 11 KB each, and ever longer garbage-collection pauses).
 */
export function releaseRequestDb(c: AppContext) {
  const pending = c.get('pending');
  const settle = async () => {
    // Deferred work may defer more; wait until the list stops growing.
    for (let seen = 0; seen < pending.length; ) {
      const batch = pending.slice(seen);
      seen = pending.length;
      await Promise.allSettled(batch);
    }
    const handle = c.get('requestDb');
    if (handle) await handle.sql.end({ timeout: 0 }).catch(() => {});
  };
  try {
    c.executionCtx.waitUntil(settle());
  } catch {
    void settle();
  }
}
