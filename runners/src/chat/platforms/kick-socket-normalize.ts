/**
 * Kick's chat socket (Pusher channel `chatrooms.{id}.v2`) as ChatEvents: chat lines, subs, gifted
 * subs and hosts (raids). The same facts the webhooks give, in the shapes kick.com's own web
 * client receives; emote tokens `[emote:id:name]` read as their name.
 */
import type { ChatEvent, UserLevel } from '@homelab/db/stream/events';
import { parseCommand } from '@homelab/db/stream/events';
import { z } from 'zod';

type ChannelRef = { tenantId: string; channelId: string };
type Badge = { type: string; text: string; count?: number };

const badgeSchema = z.object({ type: z.string(), text: z.string().optional(), count: z.number().optional() });

const chatMessageSchema = z.object({
  id: z.string().min(1),
  chatroom_id: z.number().optional(),
  content: z.string(),
  type: z.string().optional(),
  created_at: z.string().optional(),
  sender: z.object({
    id: z.union([z.number(), z.string()]),
    username: z.string(),
    slug: z.string().optional(),
    identity: z
      .object({ color: z.string().optional(), badges: z.array(badgeSchema).catch([]).optional() })
      .optional(),
  }),
  metadata: z
    .object({ original_message: z.object({ id: z.string() }).partial().optional() })
    .partial()
    .optional()
    .catch(undefined),
});

const subscriptionSchema = z.object({ username: z.string(), months: z.number().optional() });
const giftedSchema = z.object({
  gifted_usernames: z.array(z.string()).default([]),
  gifter_username: z.string().optional(),
});
const hostSchema = z.object({
  host_username: z.string(),
  number_viewers: z.number().optional(),
  optional_message: z.string().optional(),
});

/** Highest first, as the webhook receiver ranks them; og and founder are long-time subscribers. */
const levelOrder: [string, UserLevel][] = [
  ['broadcaster', 'broadcaster'],
  ['moderator', 'moderator'],
  ['vip', 'vip'],
  ['og', 'subscriber'],
  ['founder', 'subscriber'],
  ['subscriber', 'subscriber'],
];

export function kickLevelOf(badges: Badge[]): UserLevel {
  const types = new Set(badges.map((b) => b.type));
  for (const [type, level] of levelOrder) if (types.has(type)) return level;
  return 'everyone';
}

/** `[emote:37226:KEKW]` → `KEKW`. */
export const plainEmotes = (text: string) => text.replace(/\[emote:\d+:([^\]\s]+)\]/g, '$1');

/** Pusher frames carry `data` as a JSON string (sometimes already an object). */
function dataOf(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return null;
  }
}

/** One Pusher event of the chatroom channel as a ChatEvent; null for events not kept or malformed. */
export function normalizeKickSocketEvent(
  event: string,
  rawData: unknown,
  channel: ChannelRef,
  now: () => Date = () => new Date(),
): ChatEvent | null {
  const data = dataOf(rawData);
  const base = { tenantId: channel.tenantId, channelId: channel.channelId, platform: 'kick' as const };
  switch (event) {
    case 'App\\Events\\ChatMessageEvent': {
      const parsed = chatMessageSchema.safeParse(data);
      if (!parsed.success) return null;
      const m = parsed.data;
      const badges: Badge[] = (m.sender.identity?.badges ?? []).map((b) => ({
        type: b.type,
        text: b.text ?? b.type,
        ...(b.count !== undefined ? { count: b.count } : {}),
      }));
      const text = plainEmotes(m.content);
      const color = m.sender.identity?.color;
      const replyTo = m.type === 'reply' ? m.metadata?.original_message?.id : undefined;
      const detail: Record<string, unknown> = {
        level: kickLevelOf(badges),
        badges,
        ...(color ? { color } : {}),
        ...(replyTo ? { replyTo } : {}),
      };
      const command = parseCommand(text);
      return {
        ...base,
        kind: command ? 'command' : 'message',
        platformEventId: m.id,
        userId: String(m.sender.id),
        userName: m.sender.username,
        text,
        detail: command ? { ...detail, ...command } : detail,
        at: timeOf(m.created_at, now),
      };
    }
    case 'App\\Events\\SubscriptionEvent': {
      const parsed = subscriptionSchema.safeParse(data);
      if (!parsed.success) return null;
      return {
        ...base,
        kind: 'sub',
        platformEventId: null,
        userId: null,
        userName: parsed.data.username,
        text: null,
        detail: { tier: 1, months: parsed.data.months ?? 1, gifted: false },
        at: now().toISOString(),
      };
    }
    case 'App\\Events\\GiftedSubscriptionsEvent': {
      const parsed = giftedSchema.safeParse(data);
      if (!parsed.success) return null;
      const gifter = parsed.data.gifter_username;
      const anonymous = !gifter || gifter === 'Anonymous';
      return {
        ...base,
        kind: 'gift',
        platformEventId: null,
        userId: null,
        userName: anonymous ? null : gifter,
        text: null,
        detail: {
          tier: 1,
          count: Math.max(1, parsed.data.gifted_usernames.length),
          anonymous,
          giftees: parsed.data.gifted_usernames,
        },
        at: now().toISOString(),
      };
    }
    case 'App\\Events\\StreamHostEvent': {
      const parsed = hostSchema.safeParse(data);
      if (!parsed.success) return null;
      return {
        ...base,
        kind: 'raid',
        platformEventId: null,
        userId: null,
        userName: parsed.data.host_username,
        text: parsed.data.optional_message || null,
        detail: { viewers: parsed.data.number_viewers ?? 0, fromLogin: parsed.data.host_username },
        at: now().toISOString(),
      };
    }
    default:
      return null;
  }
}

function timeOf(value: string | undefined, now: () => Date) {
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(at) ? new Date(at).toISOString() : now().toISOString();
}
