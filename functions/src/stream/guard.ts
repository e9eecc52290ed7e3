/**
 * The stream bot's gate: the caller must be signed in with a session and own a stream tenant; the
 * work then runs as that tenant, so Row-Level Security hides every other tenant's rows even where
 * a query forgets its WHERE, and another tenant's ids answer 404 like ids that do not exist.
 */
import { withTenant } from '@homelab/db/client/tenant';
import { streamTenants } from '@homelab/db/schema';
import { eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { type AppContext, type AppEnv, db } from '../lib/context';
import { ApiError, forbidden, unauthorized } from '../lib/errors';

export type StreamScope = {
  tenantId: string;
  displayName: string;
  /** The HomeLabHub user who owns the tenant. */
  userId: string;
};

export function streamTenant() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = c.get('auth');
    if (!auth) throw unauthorized('Sign in with Twitch, Google or Kick to open the stream studio.');
    if (auth.kind !== 'session')
      throw forbidden('The stream studio is for people signed in with a platform, not API keys.');
    const userId = auth.user.id;
    // Before the tenant id is known only the owner's user id can see the row (migration 0006).
    const [tenant] = await withTenant(db(c).db, { userId }, (tx) =>
      tx
        .select({ id: streamTenants.id, displayName: streamTenants.displayName })
        .from(streamTenants)
        .where(eq(streamTenants.ownerId, userId))
        .limit(1),
    );
    if (!tenant) throw new ApiError(404, 'no_tenant', 'Sign in with Twitch, Google or Kick first.');
    c.set('stream', { tenantId: tenant.id, displayName: tenant.displayName, userId });
    await next();
  });
}

/** The tenant the guard found; a route without the guard has none. */
export function streamScope(c: AppContext): StreamScope {
  const scope = c.get('stream');
  if (!scope) throw new Error('streamScope() called on a route without streamTenant()');
  return scope;
}

/** Runs work as the guarded tenant (one transaction). */
export function inTenant<T>(
  c: AppContext,
  work: Parameters<typeof withTenant<ReturnType<typeof db>['db'], T>>[2],
): Promise<T> {
  const scope = streamScope(c);
  return withTenant(db(c).db, { tenantIds: [scope.tenantId], userId: scope.userId }, work);
}
