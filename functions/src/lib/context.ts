/** What every handler can reach: bindings, per-request variables and the lazily opened database client. */
import { createRequestDb, type RequestDb } from '@homelab/db/client/request';
import { type ApiKeyScope, type UserRole, users } from '@homelab/db/schema';
import type { Context } from 'hono';
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

export type AuditNote = { action: string; target?: string; detail?: Record<string, unknown> };

export type Variables = {
  requestId: string;
  config: Config;
  ip: string;
  auth: Auth | null;
  audit: AuditNote | undefined;
  requestDb: RequestDb | undefined;
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
