/**
 * Incident tools: what is open now (and what closed lately), and past diagnoses searched by text,
 * so a problem seen before is recognised with the fix that worked.
 */
import { z } from 'zod';
import { clip, defineTool } from './define';

type IncidentLine = {
  id: string;
  cause: string;
  lastMessage: string | null;
  startedAt: string;
  resolvedAt: string | null;
  monitor: string | null;
  alertRule: string | null;
};

export const listIncidentsTool = defineTool('list_incidents', {
  args: z.object({
    days: z.number().int().min(1).max(90).default(7).describe('How many days of closed incidents to include'),
  }),
  target: () => null,
  async run(args, ctx) {
    const rows = await ctx.sql<IncidentLine[]>`
      select i.id, i.cause, i.last_message as "lastMessage", to_json(i.started_at) #>> '{}' as "startedAt",
        to_json(i.resolved_at) #>> '{}' as "resolvedAt", m.name as monitor, r.name as "alertRule"
      from incidents i
      left join monitors m on m.id = i.monitor_id
      left join alert_rules r on r.id = i.alert_rule_id
      where i.resolved_at is null or i.started_at > now() - make_interval(days => ${args.days})
      order by i.resolved_at is null desc, i.started_at desc
      limit 50`;
    const open = rows.filter((row) => !row.resolvedAt);
    return {
      ok: true,
      summary: `${open.length} open incidents, ${rows.length - open.length} closed in ${args.days} days`,
      // Messages quote what the checked services answered.
      untrusted: true,
      data: rows.map((row) => ({
        ...row,
        cause: clip(row.cause, 200),
        lastMessage: row.lastMessage ? clip(row.lastMessage, 300) : null,
      })),
    };
  },
});

type DiagnosisLine = {
  id: string;
  at: string;
  problem: string | null;
  subject: string | null;
  summary: string | null;
  resolution: string | null;
  state: string;
  cause: string | null;
};

/** The words worth matching: three letters or more, at most eight of them. */
export function searchWords(text: string): string[] {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_.-]+/u)
    .filter((word) => word.length >= 3);
  return [...new Set(words)].slice(0, 8);
}

export const searchIncidents = defineTool('search_incidents', {
  args: z.object({
    query: z.string().min(1).max(200).describe('Words of the problem: a container name, an error, a symptom'),
  }),
  target: () => null,
  async run(args, ctx) {
    const words = searchWords(args.query);
    if (words.length === 0) return { ok: false, error: 'Give at least one word of three letters or more.' };
    const patterns = words.map((word) => `%${word.replace(/[\\%_]/g, '\\$&')}%`);
    const rows = await ctx.sql<(DiagnosisLine & { hits: number })[]>`
      select d.id, to_json(d.created_at) #>> '{}' as at, d.problem, d.subject, d.summary, d.resolution, d.state,
        i.cause, (
          select count(*)::int from unnest(${patterns}::text[]) p
          where concat_ws(' ', d.problem, d.subject, d.summary, d.resolution, i.cause, i.last_message) ilike p
        ) as hits
      from jarvis_diagnoses d
      left join incidents i on i.id = d.incident_id
      where concat_ws(' ', d.problem, d.subject, d.summary, d.resolution, i.cause, i.last_message)
        ilike any(${patterns}::text[])
      order by hits desc, d.created_at desc
      limit 10`;
    return {
      ok: true,
      summary: `${rows.length} past diagnoses match "${clip(args.query, 60)}"`,
      untrusted: true,
      data: rows.map(({ hits: _hits, ...row }) => ({
        ...row,
        summary: row.summary ? clip(row.summary, 500) : null,
        resolution: row.resolution ? clip(row.resolution, 300) : null,
        cause: row.cause ? clip(row.cause, 200) : null,
      })),
    };
  },
});

export const incidentTools = [listIncidentsTool, searchIncidents];
