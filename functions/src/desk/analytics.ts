/**
 * A guild's ticket analytics over the last `days`, computed in PostgreSQL: first response and
 * resolution times (median, p90, minutes), tickets by category and by staff, ratings, the backlog
 * now, the busiest hours in the guild's timezone and SLA breaches against each category's targets.
 */
import { analyticsQuerySchema } from '@homelab/db/discord';
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { createRouter, errors, jsonResponse } from '../lib/router';
import { deskGuild, deskScope, inGuild } from './guard';
import { guildParam } from './shared';

const timing = z.object({ medianMinutes: z.number().nullable(), p90Minutes: z.number().nullable() });

export const analyticsView = z
  .object({
    days: z.number(),
    firstResponse: timing,
    resolution: timing,
    byCategory: z.array(z.object({ categoryId: z.string().nullable(), name: z.string(), count: z.number() })),
    byStaff: z.array(
      z.object({ staffId: z.string(), name: z.string(), claimed: z.number(), closed: z.number() }),
    ),
    ratings: z.object({
      average: z.number().nullable(),
      count: z.number(),
      distribution: z.array(z.number()).length(5),
    }),
    backlog: z.object({ open: z.number(), awaitingUser: z.number(), unclaimed: z.number() }),
    busiestHours: z.array(z.number()).length(24),
    sla: z.object({ breachedFirstResponse: z.number(), breachedResolution: z.number() }),
  })
  .openapi('TicketAnalytics');

const analyticsRoute = createRoute({
  method: 'get',
  path: '/guilds/{guildId}/analytics',
  tags: ['desk'],
  summary: 'Ticket analytics over the last `days` (default 30)',
  middleware: [deskGuild('staff')] as const,
  request: { params: guildParam, query: analyticsQuerySchema.meta({ id: 'AnalyticsQuery' }) },
  responses: { 200: jsonResponse(analyticsView, 'Analytics'), ...errors(400, 401, 403, 404) },
});

type Timings = {
  fr_median: number | null;
  fr_p90: number | null;
  res_median: number | null;
  res_p90: number | null;
};
type CategoryCount = { category_id: string | null; name: string; count: number };
type StaffCount = { staff_id: string; name: string; claimed: number; closed: number };
type Ratings = {
  average: number | null;
  count: number;
  r1: number;
  r2: number;
  r3: number;
  r4: number;
  r5: number;
};
type Backlog = { open: number; awaiting_user: number; unclaimed: number };
type Sla = { first_response: number; resolution: number };

const minutes = (a: ReturnType<typeof sql>, b: ReturnType<typeof sql>) =>
  sql`extract(epoch from (${a} - ${b})) / 60`;
const rounded = (expr: ReturnType<typeof sql>) => sql`round((${expr})::numeric, 1)::float8`;

export const analyticsRoutes = createRouter().openapi(analyticsRoute, async (c) => {
  const { guildId } = deskScope(c);
  const { days } = c.req.valid('query');
  const result = await inGuild(c, async (tx) => {
    const since = sql`now() - make_interval(days => ${days}::int)`;
    const inWindow = sql`select * from tickets where guild_id = ${guildId} and created_at >= ${since}`;
    const firstResponse = minutes(sql`first_response_at`, sql`created_at`);
    const resolution = minutes(sql`case when status = 'closed' then closed_at end`, sql`created_at`);

    const [timings] = (await tx.execute(sql`
      with t as (${inWindow})
      select
        ${rounded(sql`percentile_cont(0.5) within group (order by ${firstResponse})`)} as fr_median,
        ${rounded(sql`percentile_cont(0.9) within group (order by ${firstResponse})`)} as fr_p90,
        ${rounded(sql`percentile_cont(0.5) within group (order by ${resolution})`)} as res_median,
        ${rounded(sql`percentile_cont(0.9) within group (order by ${resolution})`)} as res_p90
      from t`)) as unknown as Timings[];

    const byCategory = (await tx.execute(sql`
      with t as (${inWindow})
      select t.category_id, coalesce(cat.name, 'No category') as name, count(*)::int as count
      from t left join ticket_categories cat on cat.id = t.category_id
      group by t.category_id, cat.name
      order by count desc, name`)) as unknown as CategoryCount[];

    // Work done in the window: claims made and tickets closed in it, whenever the ticket opened.
    const byStaff = (await tx.execute(sql`
      with work as (
        select claimed_by as staff_id, 1 as claimed, 0 as closed from tickets
          where guild_id = ${guildId} and claimed_by is not null and claimed_at >= ${since}
        union all
        select closed_by, 0, 1 from tickets
          where guild_id = ${guildId} and closed_by is not null and status = 'closed' and closed_at >= ${since}
      )
      select w.staff_id, sum(w.claimed)::int as claimed, sum(w.closed)::int as closed,
        coalesce((select e.actor_name from ticket_events e
                  where e.guild_id = ${guildId} and e.actor_id = w.staff_id and e.actor_name is not null
                  order by e.id desc limit 1), w.staff_id) as name
      from work w group by w.staff_id
      order by closed desc, claimed desc, w.staff_id`)) as unknown as StaffCount[];

    const [ratings] = (await tx.execute(sql`
      with t as (${inWindow})
      select ${rounded(sql`avg(rating)`)} as average, count(rating)::int as count,
        ${sql.join(
          [1, 2, 3, 4, 5].map(
            (n) => sql`(count(*) filter (where rating = ${n}::int))::int as ${sql.identifier(`r${n}`)}`,
          ),
          sql`, `,
        )}
      from t`)) as unknown as Ratings[];

    const [backlog] = (await tx.execute(sql`
      select (count(*) filter (where status = 'open'))::int as open,
        (count(*) filter (where status = 'awaiting_user'))::int as awaiting_user,
        (count(*) filter (where status <> 'closed' and claimed_by is null))::int as unclaimed
      from tickets where guild_id = ${guildId}`)) as unknown as Backlog[];

    // A zone PostgreSQL does not know (its tz database lags the browser's now and then) counts in UTC.
    const hours = (await tx.execute(sql`
      with zone as (
        select coalesce((select name from pg_timezone_names where name = g.timezone), 'UTC') as tz
        from discord_guilds g where g.guild_id = ${guildId}
      ), t as (${inWindow})
      select h.hour, count(t.id)::int as count
      from generate_series(0, 23) as h(hour)
      left join t on extract(hour from t.created_at at time zone coalesce((select tz from zone), 'UTC'))::int = h.hour
      group by h.hour order by h.hour`)) as unknown as { hour: number; count: number }[];

    const [sla] = (await tx.execute(sql`
      with t as (${inWindow})
      select
        (count(*) filter (where cat.sla_first_response_minutes is not null
          and coalesce(t.first_response_at, now()) - t.created_at > make_interval(mins => cat.sla_first_response_minutes)))::int
          as first_response,
        (count(*) filter (where cat.sla_resolution_minutes is not null
          and (case when t.status = 'closed' then t.closed_at else now() end) - t.created_at
              > make_interval(mins => cat.sla_resolution_minutes)))::int as resolution
      from t join ticket_categories cat on cat.id = t.category_id`)) as unknown as Sla[];

    return { timings: timings!, byCategory, byStaff, ratings: ratings!, backlog: backlog!, hours, sla: sla! };
  });

  return c.json(
    {
      days,
      firstResponse: { medianMinutes: result.timings.fr_median, p90Minutes: result.timings.fr_p90 },
      resolution: { medianMinutes: result.timings.res_median, p90Minutes: result.timings.res_p90 },
      byCategory: result.byCategory.map((r) => ({ categoryId: r.category_id, name: r.name, count: r.count })),
      byStaff: result.byStaff.map((r) => ({
        staffId: r.staff_id,
        name: r.name,
        claimed: r.claimed,
        closed: r.closed,
      })),
      ratings: {
        average: result.ratings.average,
        count: result.ratings.count,
        distribution: [
          result.ratings.r1,
          result.ratings.r2,
          result.ratings.r3,
          result.ratings.r4,
          result.ratings.r5,
        ],
      },
      backlog: {
        open: result.backlog.open,
        awaitingUser: result.backlog.awaiting_user,
        unclaimed: result.backlog.unclaimed,
      },
      busiestHours: result.hours.map((h) => h.count),
      sla: { breachedFirstResponse: result.sla.first_response, breachedResolution: result.sla.resolution },
    },
    200,
  );
});
