/** `/api/stream/stats`: stream sessions, viewers over time, chat activity, top chatters and commands. */
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { notFound } from '../lib/errors';
import { createRouter, errors, jsonResponse } from '../lib/router';
import { inTenant, streamScope, streamTenant } from '../stream/guard';

const tags = ['stream stats'];
const tenant = streamTenant();
const tenantErrors = [401, 403, 404] as const;

const summarySchema = z.object({
  topChatters: z.array(z.object({ userName: z.string(), messages: z.number().int() })),
  commands: z.array(z.object({ command: z.string(), uses: z.number().int() })),
});
const sessionSchema = z
  .object({
    id: z.uuid(),
    channelId: z.uuid(),
    platform: z.enum(['twitch', 'youtube', 'kick']),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    title: z.string().nullable(),
    game: z.string().nullable(),
    peakViewers: z.number().int(),
    avgViewers: z.number().nullable(),
    messages: z.number().int(),
    chatters: z.number().int(),
    newFollowers: z.number().int(),
    newSubs: z.number().int(),
  })
  .meta({ id: 'StreamSession' });
const sampleSchema = z
  .object({
    at: z.string(),
    viewers: z.number().int().nullable(),
    messages: z.number().int(),
    chatters: z.number().int(),
  })
  .meta({ id: 'StreamSample' });

const listSessions = createRoute({
  method: 'get',
  path: '/stats/sessions',
  tags,
  summary: 'Your streams, newest first, with their totals',
  middleware: [tenant] as const,
  request: {
    query: z.object({
      channelId: z.uuid({ error: 'must be a channel id' }).optional(),
      cursor: z.iso
        .datetime({ offset: true, error: 'must be the nextCursor of the previous page' })
        .optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ sessions: z.array(sessionSchema), nextCursor: z.string().nullable() }),
      'Sessions',
    ),
    ...errors(400, ...tenantErrors),
  },
});
const getSession = createRoute({
  method: 'get',
  path: '/stats/sessions/{id}',
  tags,
  summary: 'One stream: its samples (one a minute) and, once it ended, top chatters and commands',
  middleware: [tenant] as const,
  request: { params: z.object({ id: z.uuid({ error: 'must be a stream session id' }) }) },
  responses: {
    200: jsonResponse(
      z.object({ session: sessionSchema, samples: z.array(sampleSchema), summary: summarySchema }),
      'Session',
    ),
    ...errors(400, ...tenantErrors),
  },
});
const overview = createRoute({
  method: 'get',
  path: '/stats/overview',
  tags,
  summary:
    'Totals per day (UTC) of the last days up to today, every day listed, with top commands and chatters',
  middleware: [tenant] as const,
  request: { query: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }) },
  responses: {
    200: jsonResponse(
      z.object({
        days: z.array(
          z.object({
            day: z.string(),
            streams: z.number().int(),
            hours: z.number(),
            avgViewers: z.number().nullable(),
            peakViewers: z.number().int(),
            messages: z.number().int(),
            chatters: z.number().int().meta({
              description:
                'Distinct chatters of the busiest stream that day; sessions count chatters apart, so a sum would count regulars twice',
            }),
            followers: z.number().int(),
            subs: z.number().int(),
          }),
        ),
        topChatters: summarySchema.shape.topChatters,
        commands: summarySchema.shape.commands,
      }),
      'Overview',
    ),
    ...errors(400, ...tenantErrors),
  },
});
const live = createRoute({
  method: 'get',
  path: '/stats/live',
  tags,
  summary: 'Streams on air now, with their latest sample',
  middleware: [tenant] as const,
  responses: {
    200: jsonResponse(
      z.object({
        sessions: z.array(sessionSchema.extend({ latest: sampleSchema.nullable() })),
      }),
      'Live sessions',
    ),
    ...errors(...tenantErrors),
  },
});

type SessionRow = {
  id: string;
  channel_id: string;
  platform: 'twitch' | 'youtube' | 'kick';
  started_at: string | Date;
  ended_at: string | Date | null;
  title: string | null;
  game: string | null;
  peak_viewers: number;
  avg_viewers: number | null;
  messages: number;
  chatters: number;
  new_followers: number;
  new_subs: number;
  summary: unknown;
};
const iso = (v: string | Date) => new Date(v).toISOString();
const sessionView = (r: SessionRow) => ({
  id: r.id,
  channelId: r.channel_id,
  platform: r.platform,
  startedAt: iso(r.started_at),
  endedAt: r.ended_at ? iso(r.ended_at) : null,
  title: r.title,
  game: r.game,
  peakViewers: r.peak_viewers,
  avgViewers: r.avg_viewers === null ? null : Number(r.avg_viewers),
  messages: r.messages,
  chatters: r.chatters,
  newFollowers: r.new_followers,
  newSubs: r.new_subs,
});
const sessionColumns = sql`s.id, s.channel_id, s.platform, s.started_at, s.ended_at, s.title, s.game,
  s.peak_viewers, s.messages, s.chatters, s.new_followers, s.new_subs, s.summary,
  (select round(avg(viewers)::numeric, 1)::float8 from stream_samples where session_id = s.id) as avg_viewers`;
const readSummary = (value: unknown) => {
  const parsed = summarySchema.safeParse(typeof value === 'string' ? JSON.parse(value) : value);
  return parsed.success ? parsed.data : { topChatters: [], commands: [] };
};
const noSession = () => notFound('This stream is not one of yours.');

export const streamStatsRoutes = createRouter()
  .openapi(listSessions, async (c) => {
    const { channelId, cursor, limit } = c.req.valid('query');
    const { tenantId } = streamScope(c);
    const rows = await inTenant(c, async (tx) => {
      if (channelId) {
        const found = await tx.execute(
          sql`select 1 from stream_channels where id = ${channelId} and tenant_id = ${tenantId}`,
        );
        if (found.length === 0) throw notFound('This channel is not one of yours.');
      }
      return (await tx.execute(sql`
        select ${sessionColumns} from stream_sessions s
        where s.tenant_id = ${tenantId}
          ${channelId ? sql`and s.channel_id = ${channelId}` : sql``}
          ${cursor ? sql`and s.started_at < ${cursor}::timestamptz` : sql``}
        order by s.started_at desc limit ${limit + 1}`)) as unknown as SessionRow[];
    });
    const page = rows.slice(0, limit).map(sessionView);
    return c.json({ sessions: page, nextCursor: rows.length > limit ? page.at(-1)!.startedAt : null }, 200);
  })
  .openapi(getSession, async (c) => {
    const { id } = c.req.valid('param');
    const { tenantId } = streamScope(c);
    const result = await inTenant(c, async (tx) => {
      const [row] = (await tx.execute(sql`
        select ${sessionColumns} from stream_sessions s where s.id = ${id} and s.tenant_id = ${tenantId}`)) as unknown as SessionRow[];
      if (!row) throw noSession();
      const samples = (await tx.execute(sql`
        select at, viewers, messages, chatters from stream_samples where session_id = ${id} order by at`)) as unknown as {
        at: string | Date;
        viewers: number | null;
        messages: number;
        chatters: number;
      }[];
      return { row, samples };
    });
    return c.json(
      {
        session: sessionView(result.row),
        samples: result.samples.map((s) => ({ ...s, at: iso(s.at) })),
        summary: readSummary(result.row.summary),
      },
      200,
    );
  })
  .openapi(overview, async (c) => {
    const { days } = c.req.valid('query');
    const { tenantId } = streamScope(c);
    const result = await inTenant(c, async (tx) => {
      // Whole UTC days, so every day of the range is listed once and today is the last one.
      const firstDay = sql`((now() at time zone 'UTC')::date - (${days}::int - 1))`;
      const inRange = sql`s.tenant_id = ${tenantId} and s.started_at >= (${firstDay}::timestamp at time zone 'UTC')`;
      const perDay = (await tx.execute(sql`
        with sess as (
          select s.*, (s.started_at at time zone 'UTC')::date as day
          from stream_sessions s where ${inRange}),
        v as (
          select sess.day, round(avg(x.viewers)::numeric, 1)::float8 as avg_viewers
          from sess join stream_samples x on x.session_id = sess.id group by sess.day),
        t as (
          select sess.day, count(*)::int as streams,
            round(sum(extract(epoch from coalesce(sess.ended_at, now()) - sess.started_at)) / 3600.0, 2)::float8 as hours,
            max(sess.peak_viewers)::int as peak_viewers, sum(sess.messages)::int as messages,
            max(sess.chatters)::int as chatters,
            sum(sess.new_followers)::int as followers, sum(sess.new_subs)::int as subs
          from sess group by sess.day)
        select to_char(d.day::timestamp, 'YYYY-MM-DD') as day, coalesce(t.streams, 0) as streams,
          coalesce(t.hours, 0) as hours, v.avg_viewers, coalesce(t.peak_viewers, 0) as peak_viewers,
          coalesce(t.messages, 0) as messages, coalesce(t.chatters, 0) as chatters,
          coalesce(t.followers, 0) as followers, coalesce(t.subs, 0) as subs
        from (select ${firstDay} + i as day from generate_series(0, ${days}::int - 1) i) d
          left join t on t.day = d.day left join v on v.day = d.day
        order by d.day`)) as unknown as {
        day: string;
        streams: number;
        hours: number;
        avg_viewers: number | null;
        peak_viewers: number;
        messages: number;
        chatters: number;
        followers: number;
        subs: number;
      }[];
      const topChatters = (await tx.execute(sql`
        select e->>'userName' as "userName", sum((e->>'messages')::int)::int as messages
        from stream_sessions s, jsonb_array_elements(coalesce(s.summary->'topChatters', '[]')) e
        where ${inRange} group by 1 order by messages desc, 1 limit 10`)) as unknown as {
        userName: string;
        messages: number;
      }[];
      const commands = (await tx.execute(sql`
        select e->>'command' as command, sum((e->>'uses')::int)::int as uses
        from stream_sessions s, jsonb_array_elements(coalesce(s.summary->'commands', '[]')) e
        where ${inRange} group by 1 order by uses desc, 1 limit 10`)) as unknown as {
        command: string;
        uses: number;
      }[];
      return { perDay, topChatters, commands };
    });
    return c.json(
      {
        days: result.perDay.map((d) => ({
          day: d.day,
          streams: d.streams,
          hours: Number(d.hours),
          avgViewers: d.avg_viewers === null ? null : Number(d.avg_viewers),
          peakViewers: d.peak_viewers,
          messages: d.messages,
          chatters: d.chatters,
          followers: d.followers,
          subs: d.subs,
        })),
        topChatters: [...result.topChatters],
        commands: [...result.commands],
      },
      200,
    );
  })
  .openapi(live, async (c) => {
    const { tenantId } = streamScope(c);
    const rows = await inTenant(
      c,
      async (tx) =>
        (await tx.execute(sql`
          select ${sessionColumns},
            (select json_build_object('at', x.at, 'viewers', x.viewers, 'messages', x.messages, 'chatters', x.chatters)
              from stream_samples x where x.session_id = s.id order by x.at desc limit 1) as latest
          from stream_sessions s
          where s.tenant_id = ${tenantId} and s.ended_at is null
          order by s.started_at desc`)) as unknown as (SessionRow & {
          latest: { at: string; viewers: number | null; messages: number; chatters: number } | null;
        })[],
    );
    return c.json(
      {
        sessions: rows.map((r) => ({
          ...sessionView(r),
          latest: r.latest ? { ...r.latest, at: iso(r.latest.at) } : null,
        })),
      },
      200,
    );
  });
