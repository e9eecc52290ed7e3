/** API keys as credentials: looked up by id, secret compared by hash, refused once revoked or expired. */

import type { RequestDb } from '@homelab/db/client/request';
import { apiKeys, users } from '@homelab/db/schema';
import { eq } from 'drizzle-orm';
import { type Auth, authUserColumns } from '../lib/context';
import { constantTimeEqual, parseApiKey, sha256 } from './tokens';

const touchEveryMs = 60_000;

export async function validateApiKey({ db }: RequestDb, token: string): Promise<Auth | null> {
  const parsed = parseApiKey(token);
  if (!parsed) return null;
  const [row] = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      scope: apiKeys.scope,
      secretHash: apiKeys.secretHash,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
      user: authUserColumns,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.id, parsed.id))
    .limit(1);
  if (!row || !constantTimeEqual(row.secretHash, await sha256(parsed.secret))) return null;
  const now = Date.now();
  if (row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now)) return null;
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > touchEveryMs) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(apiKeys.id, row.id));
  }
  return { kind: 'api_key', user: row.user, key: { id: row.id, name: row.name, scope: row.scope } };
}
