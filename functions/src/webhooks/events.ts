/**
 * What a verified webhook delivery does to the database, in one transaction as the channel's
 * tenant: claim its message id (a redelivery finds it taken and changes nothing), write the
 * normalized events, and NOTIFY the chat runner, which streams them to the studio on commit.
 */
import type { RequestDb } from '@homelab/db/client/request';
import { withTenant } from '@homelab/db/client/tenant';
import { chatEvents, streamNotices, webhookDeliveries } from '@homelab/db/schema';
import type { ChatEvent } from '@homelab/db/stream/events';
import { lt, sql } from 'drizzle-orm';

export type WebhookProvider = 'twitch' | 'kick';

/** An event as a platform handler builds it; the channel and tenant come from the lookup. */
export type EventDraft = Omit<ChatEvent, 'tenantId' | 'channelId' | 'platform' | 'at'> & { at?: string };

export type ChannelOwner = { channelId: string; tenantId: string };

/** The tenant of a broadcaster's channel, through the one SECURITY DEFINER lookup RLS allows. */
export async function channelOwner(
  { sql: client }: RequestDb,
  platform: 'twitch' | 'kick',
  platformChannelId: string,
): Promise<ChannelOwner | null> {
  const [row] = await client<{ channel_id: string; tenant_id: string }[]>`
    select channel_id, tenant_id from homelab_channel_tenant(${platform}, ${platformChannelId})`;
  return row ? { channelId: row.channel_id, tenantId: row.tenant_id } : null;
}

export type Notice = {
  kind: (typeof streamNotices.$inferInsert)['kind'];
  message: string;
  detail?: Record<string, unknown>;
};

export type Delivery = {
  provider: WebhookProvider;
  messageId: string;
  owner: ChannelOwner;
  events?: EventDraft[];
  notice?: Notice;
};

/** Writes a delivery once; false when its message id was already handled. */
export async function recordDelivery({ db }: RequestDb, delivery: Delivery): Promise<boolean> {
  const { owner, provider } = delivery;
  return withTenant(db, { tenantIds: [owner.tenantId] }, async (tx) => {
    const claimed = await tx
      .insert(webhookDeliveries)
      .values({ provider, messageId: delivery.messageId })
      .onConflictDoNothing()
      .returning({ messageId: webhookDeliveries.messageId });
    if (claimed.length === 0) return false;
    const events = delivery.events ?? [];
    if (events.length > 0) {
      await tx.insert(chatEvents).values(
        events.map((event) => ({
          tenantId: owner.tenantId,
          channelId: owner.channelId,
          platform: provider,
          kind: event.kind,
          platformEventId: event.platformEventId,
          userId: event.userId,
          userName: event.userName,
          text: event.text,
          detail: event.detail,
          ...(event.at ? { at: new Date(event.at) } : {}),
        })),
      );
      // Delivered on commit, so the runner never reads an event that was rolled back.
      await tx.execute(sql`select pg_notify('chat_events', ${owner.tenantId})`);
    }
    if (delivery.notice) {
      await tx.insert(streamNotices).values({
        tenantId: owner.tenantId,
        kind: delivery.notice.kind,
        message: delivery.notice.message,
        detail: delivery.notice.detail ?? {},
      });
    }
    return true;
  });
}

/**
 * Drops dedupe rows older than a week: Twitch retries for a few hours and Kick not at all, so a
 * week outlives every redelivery.
 */
export function pruneDeliveries({ db }: RequestDb) {
  return db.delete(webhookDeliveries).where(lt(webhookDeliveries.receivedAt, sql`now() - interval '7 days'`));
}

/** A timestamp the platform sent, in ms; RFC 3339 may carry nanoseconds, which Date.parse may refuse. */
export function parseTimestamp(text: string | undefined): number | null {
  if (!text) return null;
  const trimmed = text.replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(trimmed);
  return Number.isFinite(ms) ? ms : null;
}

/** How far a signed timestamp may be from now before the delivery counts as a replay. */
export const maxSkewMs = 10 * 60_000;

export function isFresh(timestampMs: number | null, nowMs = Date.now()) {
  return timestampMs !== null && Math.abs(nowMs - timestampMs) <= maxSkewMs;
}
