/**
 * Test rows for platform connections: a person, their linked account with a sealed access token,
 * a stream tenant and one channel, as sign-in would leave them.
 */
import type { Pool } from '@homelab/db/client/pool';
import { encryptSecret } from '@homelab/db/crypto';
import type { ChatPlatform } from '@homelab/db/schema';
import type { JoinedChannel } from '../types';

export const testEncryptionKey = Buffer.alloc(32, 7).toString('base64');

export async function seedChannel(
  pool: Pool,
  o: {
    platform: ChatPlatform;
    provider: 'google' | 'kick' | 'twitch';
    platformChannelId: string;
    login: string;
    accessToken: string;
    quotaBudget?: number;
    chatMode?: JoinedChannel['chatMode'];
    /** What the streamer granted (oauth_accounts.scopes). */
    scopes?: string[];
  },
): Promise<JoinedChannel> {
  const { sql } = pool;
  const suffix = crypto.randomUUID().slice(0, 8);
  const [user] = await sql<{ id: string }[]>`
    insert into users (username, role) values (${`${o.login}-${suffix}`}, 'guest') returning id`;
  const accountId = crypto.randomUUID();
  const sealed = await encryptSecret(o.accessToken, testEncryptionKey, accountId);
  await sql`
    insert into oauth_accounts (id, user_id, provider, provider_user_id, username, access_token, token_expires_at, scopes)
    values (${accountId}, ${user!.id}, ${o.provider}, ${`${o.platformChannelId}-${suffix}`}, ${o.login}, ${sealed}, now() + interval '1 hour', ${o.scopes ?? []})`;
  const [tenant] = await sql<{ id: string }[]>`
    insert into stream_tenants (owner_id, display_name) values (${user!.id}, ${o.login}) returning id`;
  const [channel] = await sql<{ id: string }[]>`
    insert into stream_channels (tenant_id, platform, platform_channel_id, login, display_name, account_id, quota_budget, chat_mode)
    values (${tenant!.id}, ${o.platform}, ${o.platformChannelId}, ${o.login}, ${o.login}, ${accountId}, ${o.quotaBudget ?? 2_000}, ${o.chatMode ?? 'webhook'})
    returning id`;
  return {
    channelId: channel!.id,
    tenantId: tenant!.id,
    platform: o.platform,
    platformChannelId: o.platformChannelId,
    login: o.login,
    botIsModerator: false,
    liveChatId: null,
    chatMode: o.chatMode ?? 'webhook',
  };
}
