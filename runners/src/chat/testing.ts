/** Test helpers of the chat core: tenants and channels in the database, a fake connection, a hand-moved clock. */
import type { ChatPlatform } from '@homelab/db/schema';
import type { ChatEvent } from '@homelab/db/stream/events';
import type { Sql } from 'postgres';
import type { Clock } from './clock';
import type { ConnectionDeps, JoinedChannel, PlatformConnection, SendResult } from './types';

export async function insertTenant(sql: Sql): Promise<string> {
  const [user] = await sql<{ id: string }[]>`
    insert into users (username, role) values (${`streamer-${crypto.randomUUID().slice(0, 8)}`}, 'guest') returning id`;
  const [tenant] = await sql<{ id: string }[]>`
    insert into stream_tenants (owner_id, display_name) values (${user!.id}, 'Streamer') returning id`;
  return tenant!.id;
}

export async function insertChannel(
  sql: Sql,
  tenantId: string,
  fields: { platform?: ChatPlatform; botIsModerator?: boolean; enabled?: boolean } = {},
): Promise<string> {
  const login = `chan_${crypto.randomUUID().slice(0, 8)}`;
  const [row] = await sql<{ id: string }[]>`
    insert into stream_channels (tenant_id, platform, platform_channel_id, login, display_name, enabled, bot_is_moderator)
    values (${tenantId}, ${fields.platform ?? 'twitch'}, ${crypto.randomUUID()}, ${login}, ${login},
      ${fields.enabled ?? true}, ${fields.botIsModerator ?? false})
    returning id`;
  return row!.id;
}

export function chatEvent(channel: { tenantId: string; channelId: string }, n: number): ChatEvent {
  return {
    tenantId: channel.tenantId,
    channelId: channel.channelId,
    platform: 'twitch',
    kind: 'message',
    platformEventId: `msg-${n}`,
    userId: `u${n % 7}`,
    userName: `viewer${n % 7}`,
    text: `hello ${n}`,
    detail: { level: 'everyone', badges: {} },
    at: new Date().toISOString(),
  };
}

/** A connection that joins at once, records what it is asked, and answers sends with `answer`. */
export function fakeConnection(platform: ChatPlatform = 'twitch') {
  const joined = new Map<string, JoinedChannel>();
  const sent: { channelId: string; text: string; replyTo?: string }[] = [];
  let deps: ConnectionDeps | null = null;
  const fake = {
    joined,
    sent,
    answer: (_channelId: string, _text: string): SendResult => ({ ok: true }),
    emit: (event: ChatEvent) => deps?.emit(event),
    connect(d: ConnectionDeps): PlatformConnection {
      deps = d;
      return {
        platform,
        join: async (channel) => void joined.set(channel.channelId, channel),
        leave: async (channelId) => void joined.delete(channelId),
        send: async (channelId, text, replyTo) => {
          const result = fake.answer(channelId, text);
          if (result.ok) sent.push({ channelId, text, ...(replyTo ? { replyTo } : {}) });
          return result;
        },
        status: () => ({ connected: true, joined: joined.size }),
        stop: async () => joined.clear(),
      };
    },
  };
  return fake;
}

/** A clock that moves only when told, firing the timers that fall due. */
export function manualClock(start = 1_000_000) {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock & { advance(ms: number): void; pending(): number } = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => void timers.delete(id as number),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
    pending: () => timers.size,
  };
  return clock;
}
