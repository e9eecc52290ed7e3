/**
 * Stream stats: a session per channel per broadcast, opened by stream_online (or the live state
 * turning on) and closed by stream_offline (or two offline checks in a row), with one sample per
 * minute of viewers, messages and distinct chatters. Counting happens in memory per event; the
 * session row is brought up to date with every sample, so a restarted runner resumes the open row
 * (recounting from chat_events) instead of starting another.
 */
import type { BotDeps, Feature, FeatureFactory, LiveState } from '../bot/types';
import type { JoinedChannel } from '../chat/types';

const sampleEveryMs = 60_000;
const offlineChecksToClose = 2;
const maxChattersTracked = 100_000;
const topN = 10;

type Session = {
  id: string;
  tenantId: string;
  channelId: string;
  startedAt: Date;
  messages: number;
  chatters: Set<string>;
  peakViewers: number;
  newFollowers: number;
  newSubs: number;
  title: string | null;
  game: string | null;
  minute: { messages: number; chatters: Set<string> };
  lastSampleAt: number;
  offlineChecks: number;
};

type SessionRow = {
  id: string;
  started_at: Date;
  peak_viewers: number;
  new_followers: number;
  new_subs: number;
  title: string | null;
  game: string | null;
};

export const streamStatsFeature: FeatureFactory = (deps: BotDeps): Feature => {
  const { sql } = deps.pool;
  const sessions = new Map<string, Session>();
  /** Channels whose open row was looked for since this process took them. */
  const resumed = new Set<string>();
  /** One open/resume/close at a time per channel, so events and ticks never open two sessions. */
  const busy = new Map<string, Promise<unknown>>();

  function serial<T>(channelId: string, work: () => Promise<T>): Promise<T> {
    const before = busy.get(channelId) ?? Promise.resolve();
    const next = before.catch(() => {}).then(work);
    busy.set(channelId, next);
    void next
      .catch(() => {})
      .then(() => {
        if (busy.get(channelId) === next) busy.delete(channelId);
      });
    return next;
  }

  function fresh(row: SessionRow, channel: JoinedChannel, now: number): Session {
    return {
      id: row.id,
      tenantId: channel.tenantId,
      channelId: channel.channelId,
      startedAt: new Date(row.started_at),
      messages: 0,
      chatters: new Set(),
      peakViewers: row.peak_viewers,
      newFollowers: row.new_followers,
      newSubs: row.new_subs,
      title: row.title,
      game: row.game,
      minute: { messages: 0, chatters: new Set() },
      lastSampleAt: now,
      offlineChecks: 0,
    };
  }

  /** The channel's open row from before a restart, with its chat recounted from chat_events. */
  async function resume(channel: JoinedChannel): Promise<Session | null> {
    resumed.add(channel.channelId);
    const [row] = await sql<SessionRow[]>`
      select id, started_at, peak_viewers, new_followers, new_subs, title, game
      from stream_sessions
      where tenant_id = ${channel.tenantId} and channel_id = ${channel.channelId} and ended_at is null
      order by started_at desc limit 1`;
    if (!row) return null;
    const session = fresh(row, channel, deps.clock.now());
    const [count] = await sql<{ messages: number }[]>`
      select count(*)::int as messages from chat_events
      where channel_id = ${channel.channelId} and kind in ('message', 'command') and at >= ${session.startedAt.toISOString()}::timestamptz`;
    session.messages = count?.messages ?? 0;
    const users = await sql<{ user_id: string }[]>`
      select distinct user_id from chat_events
      where channel_id = ${channel.channelId} and kind in ('message', 'command') and at >= ${session.startedAt.toISOString()}::timestamptz
        and user_id is not null
      limit ${maxChattersTracked}`;
    for (const u of users) session.chatters.add(u.user_id);
    sessions.set(channel.channelId, session);
    deps.log.info('stream stats session resumed', { channelId: channel.channelId, sessionId: row.id });
    return session;
  }

  async function open(channel: JoinedChannel, startedAt: Date, live: Partial<LiveState>) {
    const existing = sessions.get(channel.channelId) ?? (await resume(channel));
    if (existing) return existing;
    const [row] = await sql<SessionRow[]>`
      insert into stream_sessions (tenant_id, channel_id, platform, started_at, title, game, peak_viewers)
      values (${channel.tenantId}, ${channel.channelId}, ${channel.platform}, ${startedAt.toISOString()}::timestamptz,
        ${live.title ?? null}, ${live.game ?? null}, ${live.viewers ?? 0})
      returning id, started_at, peak_viewers, new_followers, new_subs, title, game`;
    const session = fresh(row!, channel, deps.clock.now());
    sessions.set(channel.channelId, session);
    return session;
  }

  async function sample(session: Session, live: LiveState, now: number) {
    const viewers = live.live ? live.viewers : null;
    if (viewers !== null) session.peakViewers = Math.max(session.peakViewers, viewers);
    if (live.title) session.title = live.title;
    if (live.game) session.game = live.game;
    const at = new Date(Math.floor(now / sampleEveryMs) * sampleEveryMs);
    const { messages, chatters } = session.minute;
    session.minute = { messages: 0, chatters: new Set() };
    session.lastSampleAt = now;
    await sql`
      insert into stream_samples (session_id, tenant_id, at, viewers, messages, chatters)
      values (${session.id}, ${session.tenantId}, ${at.toISOString()}::timestamptz, ${viewers}, ${messages}, ${chatters.size})
      on conflict (session_id, at) do update set
        viewers = coalesce(excluded.viewers, stream_samples.viewers),
        messages = stream_samples.messages + excluded.messages,
        chatters = greatest(stream_samples.chatters, excluded.chatters)`;
    await save(session);
  }

  async function save(session: Session, endedAt: Date | null = null, summary: unknown = null) {
    await sql`
      update stream_sessions set
        peak_viewers = ${session.peakViewers}, messages = ${session.messages},
        chatters = ${session.chatters.size}, new_followers = ${session.newFollowers},
        new_subs = ${session.newSubs}, title = ${session.title}, game = ${session.game},
        ended_at = coalesce(${endedAt?.toISOString() ?? null}::timestamptz, ended_at),
        summary = coalesce(${summary === null ? null : JSON.stringify(summary)}::text::jsonb, summary)
      where id = ${session.id} and tenant_id = ${session.tenantId}`;
  }

  /** Top chatters and commands of the session window, while chat_events still holds it. */
  async function summarize(session: Session, endedAt: Date) {
    const topChatters = await sql<{ userName: string; messages: number }[]>`
      select coalesce(max(user_name), user_id) as "userName", count(*)::int as messages
      from chat_events
      where channel_id = ${session.channelId} and kind in ('message', 'command') and user_id is not null
        and at >= ${session.startedAt.toISOString()}::timestamptz and at <= ${endedAt.toISOString()}::timestamptz
      group by user_id order by messages desc, "userName" limit ${topN}`;
    const commands = await sql<{ command: string; uses: number }[]>`
      select lower(detail->>'command') as command, count(*)::int as uses
      from chat_events
      where channel_id = ${session.channelId} and kind = 'command' and detail->>'command' is not null
        and at >= ${session.startedAt.toISOString()}::timestamptz and at <= ${endedAt.toISOString()}::timestamptz
      group by 1 order by uses desc, command limit ${topN}`;
    return { topChatters: [...topChatters], commands: [...commands] };
  }

  async function close(channelId: string) {
    const session = sessions.get(channelId);
    if (!session) return;
    sessions.delete(channelId);
    const endedAt = new Date(deps.clock.now());
    const live = deps.live(channelId);
    if (session.minute.messages > 0) await sample(session, { ...live, live: false }, deps.clock.now());
    await save(session, endedAt, await summarize(session, endedAt));
    deps.log.info('stream stats session closed', { channelId, sessionId: session.id });
  }

  function count(session: Session, userId: string | null) {
    session.messages++;
    session.minute.messages++;
    if (!userId) return;
    if (session.chatters.size < maxChattersTracked) session.chatters.add(userId);
    if (session.minute.chatters.size < maxChattersTracked) session.minute.chatters.add(userId);
  }

  return {
    name: 'streamstats',
    async onEvent(ctx) {
      const { event, channel } = ctx;
      if (event.kind === 'stream_online') {
        await serial(channel.channelId, () =>
          open(channel, new Date(event.at), {
            title: typeof event.detail.title === 'string' ? event.detail.title : null,
            game: typeof event.detail.game === 'string' ? event.detail.game : null,
          }),
        );
        return;
      }
      if (event.kind === 'stream_offline') {
        await serial(channel.channelId, () => close(channel.channelId));
        return;
      }
      const session = sessions.get(channel.channelId);
      if (!session) return;
      if (event.kind === 'message' || event.kind === 'command') count(session, event.userId);
      else if (event.kind === 'follow') session.newFollowers++;
      else if (event.kind === 'sub') session.newSubs++;
      else if (event.kind === 'gift') {
        const gifted = Number(event.detail.count);
        session.newSubs += Number.isInteger(gifted) && gifted > 0 ? gifted : 1;
      }
    },
    async tick(now) {
      const held = deps.channels();
      for (const channel of held) {
        await serial(channel.channelId, async () => {
          let session = sessions.get(channel.channelId);
          if (!session && !resumed.has(channel.channelId)) session = (await resume(channel)) ?? undefined;
          const live = deps.live(channel.channelId);
          if (!session) {
            if (live.live) {
              const startedAt = live.startedAt ? new Date(live.startedAt) : new Date(now);
              await open(channel, startedAt, live);
            }
            return;
          }
          if (now - session.lastSampleAt < sampleEveryMs) return;
          if (!live.live) {
            session.offlineChecks++;
            if (session.offlineChecks >= offlineChecksToClose) return close(channel.channelId);
          } else session.offlineChecks = 0;
          await sample(session, live, now);
        });
      }
      const ids = new Set(held.map((c) => c.channelId));
      // A channel another process took over: its session stays open there, not closed here.
      for (const id of [...sessions.keys()]) if (!ids.has(id)) sessions.delete(id);
      for (const id of [...resumed]) if (!ids.has(id)) resumed.delete(id);
    },
    async stop() {
      await Promise.all([...busy.values()].map((p) => p.catch(() => {})));
      for (const session of sessions.values()) {
        await save(session).catch((error) =>
          deps.log.warn('stream stats not saved at shutdown', { sessionId: session.id, err: error }),
        );
      }
    },
  };
};
