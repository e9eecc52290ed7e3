/**
 * Brute-force brake kept in PostgreSQL so every workerd instance counts the same tries: 10 failed
 * sign-ins in 15 minutes from one IP, or against one account, and the next try waits. A success
 * clears the account's count (its owner got in) but never the IP's.
 */
import type { RequestDb } from '@homelab/db/client/request';

export const loginLimit = { maxFailures: 10, windowMs: 15 * 60_000 };

export type LimitVerdict =
  | { limited: false }
  | { limited: true; retryAfterSeconds: number; by: 'ip' | 'account' };

export async function checkLoginLimit(
  { sql }: RequestDb,
  ip: string,
  username: string,
): Promise<LimitVerdict> {
  const windowSeconds = loginLimit.windowMs / 1000;
  const [row] = await sql<
    { ip_failures: number; ip_oldest: string | null; acct_failures: number; acct_oldest: string | null }[]
  >`
    with ip_f as (
      select at from login_attempts
      where ip = ${ip} and not success and at > now() - make_interval(secs => ${windowSeconds})
      order by at desc limit ${loginLimit.maxFailures}
    ), last_ok as (
      select max(at) as at from login_attempts where username = ${username} and success
    ), acct_f as (
      select at from login_attempts
      where username = ${username} and not success and at > now() - make_interval(secs => ${windowSeconds})
        and at > coalesce((select at from last_ok), '-infinity')
      order by at desc limit ${loginLimit.maxFailures}
    )
    select (select count(*)::int from ip_f) as ip_failures, (select min(at) from ip_f) as ip_oldest,
           (select count(*)::int from acct_f) as acct_failures, (select min(at) from acct_f) as acct_oldest`;
  const verdict = (count: number, oldest: string | null) =>
    count >= loginLimit.maxFailures && oldest
      ? Math.ceil((new Date(oldest).getTime() + loginLimit.windowMs - Date.now()) / 1000)
      : 0;
  const ipWait = verdict(row?.ip_failures ?? 0, row?.ip_oldest ?? null);
  if (ipWait > 0) return { limited: true, retryAfterSeconds: ipWait, by: 'ip' };
  const acctWait = verdict(row?.acct_failures ?? 0, row?.acct_oldest ?? null);
  if (acctWait > 0) return { limited: true, retryAfterSeconds: acctWait, by: 'account' };
  return { limited: false };
}

export async function recordLoginAttempt({ sql }: RequestDb, ip: string, username: string, success: boolean) {
  await sql`insert into login_attempts (ip, username, success) values (${ip}, ${username}, ${success})`;
  // Old tries are only ever read inside the window; trim them now and then instead of on a schedule.
  if (Math.random() < 0.02) await sql`delete from login_attempts where at < now() - interval '1 day'`;
}
