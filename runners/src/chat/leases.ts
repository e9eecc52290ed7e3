/**
 * Which runner process serves which channel: each process holds leases in chat_leases and renews
 * them; a channel whose lease has run out (its process died or stalled) is taken by the next
 * process that looks, so a crashed process's channels come back within one lease period.
 */
import { hostname } from 'node:os';
import type { ChatPlatform } from '@homelab/db/schema';
import type { Sql } from 'postgres';
import type { Logger } from '../log';
import type { JoinedChannel } from './types';

export type LeaseOptions = {
  sql: Sql;
  log: Logger;
  /** This process's name in chat_leases. */
  holder: string;
  /** Only channels of these platforms are taken (the ones this process can connect to). */
  platforms: ChatPlatform[];
  /** How long a lease lasts without renewal; 30 s by default. */
  leaseMs?: number;
  /** How often leases are renewed and free channels taken; leaseMs / 3 by default. */
  renewMs?: number;
  /** At most this many channels held by this process; 1,000 by default. */
  capacity?: number;
  /** At most this many channels taken per cycle, so processes starting together share; 100 by default. */
  acquirePerCycle?: number;
  /** The lease is held: start reading the channel. */
  onAcquire(channel: JoinedChannel): Promise<void> | void;
  /** The lease is gone (taken over, channel disabled or removed): stop serving the channel. */
  onLose(channelId: string): Promise<void> | void;
  /** A held channel is now read another way (Kick's chat mode changed): read it the new way. */
  onChange?(channel: JoinedChannel): Promise<void> | void;
};

export function defaultHolder() {
  return `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
}

type ChannelRow = {
  id: string;
  tenant_id: string;
  platform: ChatPlatform;
  platform_channel_id: string;
  login: string;
  bot_is_moderator: boolean;
  live_chat_id: string | null;
  chat_mode: JoinedChannel['chatMode'];
};

const toChannel = (row: ChannelRow): JoinedChannel => ({
  channelId: row.id,
  tenantId: row.tenant_id,
  platform: row.platform,
  platformChannelId: row.platform_channel_id,
  login: row.login,
  botIsModerator: row.bot_is_moderator,
  liveChatId: row.live_chat_id,
  chatMode: row.chat_mode,
});

export function createLeaseLoop(options: LeaseOptions) {
  const leaseMs = options.leaseMs ?? 30_000;
  const opts = {
    capacity: 1_000,
    acquirePerCycle: 100,
    renewMs: Math.round(leaseMs / 3),
    ...options,
    leaseMs,
  };
  const { sql, log, holder } = opts;
  const held = new Map<string, JoinedChannel>();
  let timer: NodeJS.Timeout | null = null;
  let cycling: Promise<void> | null = null;
  let stopped = false;
  const status = { lastCycleAt: null as string | null, lastError: null as string | null, takenOver: 0 };

  /** Renews what is held; whatever did not renew is no longer this process's. */
  async function renew() {
    if (held.size === 0) return;
    const ids = [...held.keys()];
    const renewed = await sql<
      (Pick<ChannelRow, 'bot_is_moderator' | 'live_chat_id' | 'chat_mode'> & { channel_id: string })[]
    >`
      update chat_leases l
      set expires_at = now() + make_interval(secs => ${leaseMs / 1000})
      from stream_channels c
      where l.channel_id = c.id and c.enabled and l.holder = ${holder}
        and l.channel_id = any(${sql.array(ids)}::uuid[])
      returning l.channel_id, c.bot_is_moderator, c.live_chat_id, c.chat_mode`;
    const kept = new Set<string>();
    const changed: JoinedChannel[] = [];
    for (const row of renewed) {
      kept.add(row.channel_id);
      const channel = held.get(row.channel_id);
      // Moderator status, YouTube's live chat and Kick's chat mode change while the channel is held.
      if (channel) {
        channel.botIsModerator = row.bot_is_moderator;
        channel.liveChatId = row.live_chat_id;
        if (channel.chatMode !== row.chat_mode) {
          channel.chatMode = row.chat_mode;
          changed.push(channel);
        }
      }
    }
    for (const channel of changed) {
      try {
        await opts.onChange?.(channel);
      } catch (error) {
        log.warn('switching how a chat channel is read failed', { channelId: channel.channelId, err: error });
      }
    }
    const lost = ids.filter((id) => !kept.has(id));
    if (lost.length === 0) return;
    // A disabled channel's lease is given back at once; one taken over is no longer ours to delete.
    await sql`delete from chat_leases where holder = ${holder} and channel_id = any(${sql.array(lost)}::uuid[])`;
    for (const channelId of lost) await lose(channelId);
  }

  async function lose(channelId: string) {
    held.delete(channelId);
    try {
      await opts.onLose(channelId);
    } catch (error) {
      log.warn('leaving a chat channel failed', { channelId, err: error });
    }
  }

  /** Takes enabled channels whose lease is free or expired, up to the capacity. */
  async function acquire() {
    const room = Math.min(opts.capacity - held.size, opts.acquirePerCycle);
    if (room <= 0 || opts.platforms.length === 0) return;
    // Conflicts resolve row by row under the unique key: of two processes racing for one channel,
    // the second finds an unexpired lease of another holder and takes nothing.
    const rows = await sql<(ChannelRow & { previous: string | null })[]>`
      with candidates as (
        select c.id, c.tenant_id, l.holder as previous
        from stream_channels c
        left join chat_leases l on l.channel_id = c.id
        where c.enabled and c.platform = any(${sql.array(opts.platforms)}::text[])
          and (l.channel_id is null or l.expires_at < now() or l.holder = ${holder})
          and not (c.id = any(${sql.array([...held.keys()])}::uuid[]))
        order by c.created_at, c.id
        limit ${room}
      ), taken as (
        insert into chat_leases (channel_id, tenant_id, holder, expires_at)
        select id, tenant_id, ${holder}, now() + make_interval(secs => ${leaseMs / 1000}) from candidates
        on conflict (channel_id) do update
          set holder = excluded.holder, expires_at = excluded.expires_at, acquired_at = now()
          where chat_leases.expires_at < now() or chat_leases.holder = excluded.holder
        returning channel_id
      )
      select c.id, c.tenant_id, c.platform, c.platform_channel_id, c.login, c.bot_is_moderator, c.live_chat_id,
        c.chat_mode, k.previous
      from taken t join stream_channels c on c.id = t.channel_id join candidates k on k.id = t.channel_id`;
    for (const row of rows) {
      const channel = toChannel(row);
      held.set(channel.channelId, channel);
      if (row.previous && row.previous !== holder) {
        status.takenOver++;
        log.info('took over a chat channel whose lease ran out', { channelId: row.id, from: row.previous });
      }
      try {
        await opts.onAcquire(channel);
      } catch (error) {
        log.warn('joining a chat channel failed', { channelId: row.id, err: error });
      }
    }
  }

  async function runCycle() {
    try {
      await renew();
      if (!stopped) await acquire();
      status.lastError = null;
    } catch (error) {
      status.lastError = error instanceof Error ? error.message : String(error);
      log.warn('chat lease cycle failed', { err: error });
    } finally {
      status.lastCycleAt = new Date().toISOString();
    }
  }

  function cycle(): Promise<void> {
    cycling ??= runCycle().finally(() => {
      cycling = null;
    });
    return cycling;
  }

  return {
    holder,
    /** One renew-then-acquire pass (the loop runs it every renewMs). */
    cycle,
    /** Runs the first cycle and then one every renewMs. */
    async start() {
      await cycle();
      if (!stopped) timer = setInterval(() => void cycle(), opts.renewMs);
    },
    held: () => [...held.values()],
    get: (channelId: string) => held.get(channelId),
    status: () => ({ ...status, held: held.size, capacity: opts.capacity, leaseMs }),
    /**
     * Stops the loop; with `release` the leases are given back so another process takes them at
     * once, without it they run out as a crashed process's would.
     */
    async stop({ release }: { release: boolean }) {
      stopped = true;
      if (timer) clearInterval(timer);
      await cycling;
      const ids = [...held.keys()];
      for (const channelId of ids) await lose(channelId);
      if (release && ids.length > 0) {
        await sql`delete from chat_leases where holder = ${holder} and channel_id = any(${sql.array(ids)}::uuid[])`.catch(
          (error) => log.warn('releasing chat leases failed; they run out by themselves', { err: error }),
        );
      }
    },
  };
}
export type LeaseLoop = ReturnType<typeof createLeaseLoop>;

/** Who holds a channel now, if anyone. */
export async function leaseHolder(sql: Sql, channelId: string): Promise<string | null> {
  const [row] = await sql<{ holder: string }[]>`
    select holder from chat_leases where channel_id = ${channelId} and expires_at > now()`;
  return row?.holder ?? null;
}
