/**
 * A tenant's channels as the studio shows them: the row, who holds its chat lease, and (when the
 * chat runner answers) the state of its connection. The runner is asked, never waited on: a
 * channel list must load while the runner is down.
 */
import { chatLeases, chatPlatforms, streamChannels } from '@homelab/db/schema';
import { z } from '@hono/zod-openapi';
import { asc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../lib/context';
import { relayJson } from '../lib/runners';
import { inTenant } from './guard';

export const channelViewSchema = z
  .object({
    id: z.uuid(),
    platform: z.enum(chatPlatforms),
    platformChannelId: z.string(),
    login: z.string(),
    displayName: z.string(),
    enabled: z.boolean(),
    botIsModerator: z.boolean(),
    /** Kick: chat read from Kick's webhooks or, by the chat runner, from kick.com's chat socket. */
    chatMode: z.enum(['webhook', 'socket']),
    accountId: z.uuid().nullable(),
    createdAt: z.string(),
    /** The runner process holding the chat connection, while its lease runs. */
    // Whether a chat runner holds the channel, not which one: process names are the homelab's business.
    lease: z.object({ expiresAt: z.string() }).nullable(),
    /** What the chat runner says of the connection; null when it did not answer. */
    connection: z.object({ state: z.string(), lastEventAt: z.string().nullable() }).nullable(),
    /** YouTube: today's API units against the tenant's budget. */
    quota: z
      .object({ used: z.number().int(), budget: z.number().int(), day: z.string().nullable() })
      .nullable(),
  })
  .openapi('StreamChannel');
export type ChannelView = z.infer<typeof channelViewSchema>;

type ChatStatus = {
  channels?: { channelId?: unknown; state?: unknown; lastEventAt?: unknown }[];
};

type ConnectionView = NonNullable<ChannelView['connection']>;

/** The chat runner's view of its connections, by channel id; empty when it does not answer. */
export async function connectionStates(c: AppContext): Promise<Map<string, ConnectionView>> {
  const states = new Map<string, ConnectionView>();
  try {
    const status = await relayJson<ChatStatus>(c, 'chat', { path: '/status', timeoutMs: 1_500 });
    for (const channel of status.channels ?? []) {
      if (typeof channel.channelId !== 'string' || typeof channel.state !== 'string') continue;
      states.set(channel.channelId, {
        state: channel.state,
        lastEventAt: typeof channel.lastEventAt === 'string' ? channel.lastEventAt : null,
      });
    }
  } catch {
    // Leases still say which process holds each channel; the connection state is unknown for now.
  }
  return states;
}

const columns = {
  id: streamChannels.id,
  platform: streamChannels.platform,
  platformChannelId: streamChannels.platformChannelId,
  login: streamChannels.login,
  displayName: streamChannels.displayName,
  enabled: streamChannels.enabled,
  botIsModerator: streamChannels.botIsModerator,
  chatMode: streamChannels.chatMode,
  accountId: streamChannels.accountId,
  createdAt: streamChannels.createdAt,
  quotaUsed: streamChannels.quotaUsed,
  quotaBudget: streamChannels.quotaBudget,
  quotaDay: streamChannels.quotaDay,
  leaseHolder: chatLeases.holder,
  leaseExpiresAt: chatLeases.expiresAt,
};

type Row = {
  id: string;
  platform: ChannelView['platform'];
  platformChannelId: string;
  login: string;
  displayName: string;
  enabled: boolean;
  botIsModerator: boolean;
  chatMode: ChannelView['chatMode'];
  accountId: string | null;
  createdAt: Date;
  quotaUsed: number;
  quotaBudget: number;
  quotaDay: string | null;
  leaseHolder: string | null;
  leaseExpiresAt: Date | null;
};

function toView(row: Row, connections: Map<string, ConnectionView>): ChannelView {
  return {
    id: row.id,
    platform: row.platform,
    platformChannelId: row.platformChannelId,
    login: row.login,
    displayName: row.displayName,
    enabled: row.enabled,
    botIsModerator: row.botIsModerator,
    chatMode: row.chatMode,
    accountId: row.accountId,
    createdAt: row.createdAt.toISOString(),
    lease:
      row.leaseHolder && row.leaseExpiresAt && row.leaseExpiresAt.getTime() > Date.now()
        ? { expiresAt: row.leaseExpiresAt.toISOString() }
        : null,
    connection: connections.get(row.id) ?? null,
    quota:
      row.platform === 'youtube' ? { used: row.quotaUsed, budget: row.quotaBudget, day: row.quotaDay } : null,
  };
}

/** The guarded tenant's channels (or the one with `id`), oldest first. */
export async function loadChannels(
  c: AppContext,
  options: { id?: string; connections?: Map<string, ConnectionView> } = {},
): Promise<ChannelView[]> {
  const rows = await inTenant(c, (tx) =>
    tx
      .select(columns)
      .from(streamChannels)
      .leftJoin(chatLeases, eq(chatLeases.channelId, streamChannels.id))
      .where(options.id ? eq(streamChannels.id, options.id) : sql`true`)
      .orderBy(asc(streamChannels.createdAt), asc(streamChannels.id)),
  );
  const connections = options.connections ?? new Map();
  return rows.map((row) => toView(row, connections));
}
