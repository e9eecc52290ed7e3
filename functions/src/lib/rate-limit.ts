/**
 * The one request rate limiter: a fixed-window counter in PostgreSQL per key, shared by every
 * workerd instance. Used in front of mutations; reads stay cheap.
 */
import { createMiddleware } from 'hono/factory';
import { type AppEnv, db } from './context';
import { tooManyRequests } from './errors';

export type RateLimitOptions = { limit: number; windowSeconds: number; name: string };

export async function hit(sqlDb: ReturnType<typeof db>, key: string, windowSeconds: number) {
  const [row] = await sqlDb.sql<{ count: number; reset: string }[]>`
    insert into rate_limits (key, window_start, count)
    values (${key}, to_timestamp(floor(extract(epoch from now()) / ${windowSeconds}) * ${windowSeconds}), 1)
    on conflict (key, window_start) do update set count = rate_limits.count + 1
    returning count, window_start + make_interval(secs => ${windowSeconds}) as reset`;
  if (Math.random() < 0.01)
    await sqlDb.sql`delete from rate_limits where window_start < now() - interval '1 day'`;
  return { count: row?.count ?? 0, reset: row ? new Date(row.reset) : new Date() };
}

export function rateLimit(options: RateLimitOptions) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return next();
    const auth = c.get('auth');
    const who = auth
      ? auth.kind === 'api_key'
        ? `key:${auth.key.id}`
        : `user:${auth.user.id}`
      : `ip:${c.get('ip')}`;
    const { count, reset } = await hit(db(c), `${options.name}:${who}`, options.windowSeconds);
    c.header('ratelimit-limit', String(options.limit));
    c.header('ratelimit-remaining', String(Math.max(0, options.limit - count)));
    if (count > options.limit) {
      const wait = Math.ceil((reset.getTime() - Date.now()) / 1000);
      throw tooManyRequests(wait, `Too many changes in a short time; try again in ${Math.max(1, wait)} s.`);
    }
    return next();
  });
}
