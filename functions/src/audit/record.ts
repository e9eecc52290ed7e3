/**
 * Every mutation leaves an audit_log row, whatever its outcome: handlers name the action with
 * auditAs(); this middleware writes the row after the response is decided. A failure to write it
 * is logged, never turned into a failed request.
 */
import { auditLog } from '@homelab/db/schema';
import { createMiddleware } from 'hono/factory';
import { type AppContext, type AppEnv, db } from '../lib/context';
import { log } from '../lib/log';

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function outcomeOf(status: number) {
  if (status === 401 || status === 403 || status === 429) return 'denied' as const;
  return status < 400 ? ('success' as const) : ('failure' as const);
}

/**
 * The audit row of a step that is not an API mutation (an OAuth callback is a GET that ends in a
 * redirect): written at once, and a failure to write it only logged.
 */
export async function recordRedirectStep(
  c: AppContext,
  entry: {
    action: string;
    outcome: 'success' | 'failure' | 'denied';
    target: string | null;
    detail: Record<string, unknown>;
  },
) {
  const auth = c.get('auth');
  try {
    await db(c)
      .db.insert(auditLog)
      .values({
        actorKind: auth ? 'user' : 'anonymous',
        actorId: auth?.user.id ?? null,
        actorLabel: auth?.user.username ?? null,
        action: entry.action,
        target: entry.target,
        ip: c.get('ip'),
        userAgent: c.req.header('user-agent')?.slice(0, 512) ?? null,
        requestId: c.get('requestId'),
        outcome: entry.outcome,
        status: '302',
        detail: entry.detail,
      });
  } catch (error) {
    log('error', 'audit write failed', { requestId: c.get('requestId'), error: String(error) });
  }
}

export async function writeAudit(c: AppContext) {
  const note = c.get('audit');
  const auth = c.get('auth');
  const path = new URL(c.req.url).pathname;
  await db(c)
    .db.insert(auditLog)
    .values({
      actorKind: auth ? (auth.kind === 'api_key' ? 'api_key' : 'user') : 'anonymous',
      actorId: auth ? (auth.kind === 'api_key' ? auth.key.id : auth.user.id) : null,
      actorLabel: auth
        ? auth.kind === 'api_key'
          ? `${auth.user.username} (key ${auth.key.name})`
          : auth.user.username
        : null,
      action: note?.action ?? `${c.req.method} ${path}`,
      target: note?.target ?? null,
      ip: c.get('ip'),
      userAgent: c.req.header('user-agent')?.slice(0, 512) ?? null,
      requestId: c.get('requestId'),
      outcome: outcomeOf(c.res.status),
      status: String(c.res.status),
      detail: note?.detail ?? null,
    });
}

export const auditMutations = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (readMethods.has(c.req.method)) return;
  // Paths no route knows are not actions; they would only fill the log with scanner noise.
  if (c.res.status === 404 && !c.get('audit')) return;
  if (c.get('audit')?.written) return;
  try {
    await writeAudit(c);
  } catch (error) {
    log('error', 'audit write failed', { requestId: c.get('requestId'), error: String(error) });
  }
});
