/**
 * Server-side sessions: created at sign-in with a fresh token, validated by comparing the SHA-256 of
 * the secret in constant time, and slid forward to 30 days whenever less than 15 remain.
 */

import type { RequestDb } from '@homelab/db/client/request';
import { sessions, users } from '@homelab/db/schema';
import { and, eq, ne } from 'drizzle-orm';
import { type AuthUser, authUserColumns } from '../lib/context';
import { constantTimeEqual, parseSessionToken, randomId, randomSecret, sha256 } from './tokens';

const day = 86_400_000;
export const sessionLifetimeMs = 30 * day;
const renewWhenLeftMs = 15 * day;
const touchEveryMs = 5 * 60_000;

export type ValidSession = { id: string; expiresAt: Date; user: AuthUser; renewed: boolean };

export async function createSession(
  { db }: RequestDb,
  userId: string,
  meta: { ip: string; userAgent: string | null },
) {
  const id = randomId();
  const secret = randomSecret();
  const expiresAt = new Date(Date.now() + sessionLifetimeMs);
  await db.insert(sessions).values({
    id,
    userId,
    secretHash: await sha256(secret),
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 512) ?? null,
  });
  return { token: `${id}.${secret}`, id, expiresAt };
}

export async function validateSessionToken({ db }: RequestDb, token: string): Promise<ValidSession | null> {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  const [row] = await db
    .select({
      id: sessions.id,
      secretHash: sessions.secretHash,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
      user: authUserColumns,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, parsed.id))
    .limit(1);
  if (!row) return null;
  if (!constantTimeEqual(row.secretHash, await sha256(parsed.secret))) return null;
  const now = Date.now();
  if (row.expiresAt.getTime() <= now) {
    await db.delete(sessions).where(eq(sessions.id, row.id));
    return null;
  }
  let expiresAt = row.expiresAt;
  const renewed = expiresAt.getTime() - now < renewWhenLeftMs;
  if (renewed) expiresAt = new Date(now + sessionLifetimeMs);
  if (renewed || now - row.lastSeenAt.getTime() > touchEveryMs) {
    await db
      .update(sessions)
      .set({ expiresAt, lastSeenAt: new Date(now) })
      .where(eq(sessions.id, row.id));
  }
  return { id: row.id, expiresAt, user: row.user, renewed };
}

export async function invalidateSession({ db }: RequestDb, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function invalidateOtherSessions({ db }: RequestDb, userId: string, keepId: string | null) {
  const rows = await db
    .delete(sessions)
    .where(keepId ? and(eq(sessions.userId, userId), ne(sessions.id, keepId)) : eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  return rows.length;
}
