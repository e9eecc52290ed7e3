/**
 * What a streamer's sign-in does once the platform has said who they are, in one transaction as
 * their tenant: link or create the person (a platform account is never moved to another person),
 * create their stream tenant on the first sign-in, and record the platform's channel for the bot.
 */
import { withTenant } from '@homelab/db/client/tenant';
import { oauthAccounts, streamChannels, streamTenants } from '@homelab/db/schema';
import { and, eq } from 'drizzle-orm';
import { isUniqueViolation } from '../desk/shared';
import { type AppContext, db } from '../lib/context';
import { ApiError } from '../lib/errors';
import { enqueueJob } from '../lib/runners';
import { linkAccount, type Tx } from '../oauth/accounts';
import type { Completion } from '../oauth/flow';
import type { ProfileChannel } from '../oauth/provider';
import { SignInRefused } from '../oauth/refusal';

async function tenantOf(handle: ReturnType<typeof db>['db'], userId: string) {
  // Before the tenant id is known only its owner's user id can see the row (migration 0006).
  const [tenant] = await withTenant(handle, { userId }, (tx) =>
    tx.select({ id: streamTenants.id }).from(streamTenants).where(eq(streamTenants.ownerId, userId)).limit(1),
  );
  return tenant ?? null;
}

/** Another tenant's channel is invisible here (RLS); inserting it then fails on the unique index. */
async function saveChannel(tx: Tx, tenantId: string, accountId: string, channel: ProfileChannel) {
  const values = { login: channel.login, displayName: channel.displayName, accountId };
  const [mine] = await tx
    .update(streamChannels)
    .set(values)
    .where(
      and(eq(streamChannels.platform, channel.platform), eq(streamChannels.platformChannelId, channel.id)),
    )
    .returning({ id: streamChannels.id });
  if (!mine)
    await tx
      .insert(streamChannels)
      .values({ tenantId, platform: channel.platform, platformChannelId: channel.id, ...values });
}

export async function linkStreamAccount(c: AppContext, input: Completion): Promise<string> {
  const { provider, profile, callerUserId } = input;
  const handle = db(c).db;
  // Whose account this already is decides the tenant, which the transaction must name up front.
  const [existing] = await handle
    .select({ userId: oauthAccounts.userId })
    .from(oauthAccounts)
    .where(and(eq(oauthAccounts.provider, provider.id), eq(oauthAccounts.providerUserId, profile.id)))
    .limit(1);
  const refuse = (code: string) => new SignInRefused(code, { providerUserId: profile.id, callerUserId });
  if (existing && callerUserId && existing.userId !== callerUserId) throw refuse('account_in_use');
  const ownerId = callerUserId ?? existing?.userId ?? null;
  const tenant = ownerId ? await tenantOf(handle, ownerId) : null;
  // An account without a channel (Spotify) is linked to a streamer, never the start of one.
  if (!tenant && !profile.channel) throw refuse('sign_in_first');
  const tenantId = tenant?.id ?? crypto.randomUUID();
  try {
    const userId = await withTenant(
      handle,
      { tenantIds: [tenantId], ...(ownerId ? { userId: ownerId } : {}) },
      async (tx) => {
        const { userId, accountId } = await linkAccount(tx, input);
        // The account changed hands between the look-up and the lock: start over rather than guess.
        if (ownerId && userId !== ownerId) throw refuse('try_again');
        if (!tenant)
          await tx.insert(streamTenants).values({
            id: tenantId,
            ownerId: userId,
            displayName: profile.channel?.displayName ?? profile.displayName,
          });
        if (profile.channel) await saveChannel(tx, tenantId, accountId, profile.channel);
        return userId;
      },
    );
    // The tokens runner subscribes the channel to Twitch EventSub now rather than at its next tick.
    if (profile.channel?.platform === 'twitch') await enqueueJob(c, 'tokens', 'eventsub');
    return userId;
  } catch (error) {
    if (
      error instanceof ApiError &&
      (error.code === 'account_in_use' || error.code === 'provider_already_linked')
    )
      throw refuse(error.code);
    if (isUniqueViolation(error)) throw refuse('account_in_use');
    throw error;
  }
}
