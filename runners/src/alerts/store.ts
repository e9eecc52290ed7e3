/**
 * The alerts runner's SQL: alert rules, the raw metric samples they judge, and the incidents a
 * firing rule opens and closes.
 */
import type { AlertMetric } from '@homelab/db/monitoring';
import type { Sql } from 'postgres';
import type { Sample } from './metric-window';

export type AlertRule = {
  id: string;
  name: string;
  metric: AlertMetric;
  threshold: number;
  durationSeconds: number;
  enabled: boolean;
  channelIds: string[];
  firing: boolean;
  firingSince: string | null;
  createdAt: string;
};

export type RuleFields = Pick<
  AlertRule,
  'name' | 'metric' | 'threshold' | 'durationSeconds' | 'enabled' | 'channelIds'
>;

/** The system_metrics column each host metric is judged on. */
export const metricColumns = {
  cpu: 'cpu_percent',
  memory: 'mem_percent',
  disk: 'disk_percent',
  temperature: 'temp_max_c',
  load: 'load1',
} as const;
export type HostMetric = keyof typeof metricColumns;

// Timestamps come back as text: the pool is drizzle's, which turns postgres.js's date parsing off.
const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());

const ruleColumns = (sql: Sql) => sql`
  id, name, metric, threshold, duration_seconds as "durationSeconds", enabled,
  channel_ids::text[] as "channelIds", firing, firing_since as "firingSince", created_at as "createdAt"`;

function toRule(row: AlertRule): AlertRule {
  return { ...row, firingSince: iso(row.firingSince), createdAt: iso(row.createdAt) as string };
}

export async function listRules(sql: Sql): Promise<AlertRule[]> {
  const rows = await sql<AlertRule[]>`select ${ruleColumns(sql)} from alert_rules order by name, created_at`;
  return rows.map(toRule);
}

export async function insertRule(sql: Sql, fields: RuleFields): Promise<AlertRule> {
  const [row] = await sql<AlertRule[]>`
    insert into alert_rules (name, metric, threshold, duration_seconds, enabled, channel_ids)
    values (${fields.name}, ${fields.metric}, ${fields.threshold}, ${fields.durationSeconds}, ${fields.enabled},
      ${fields.channelIds}::uuid[])
    returning ${ruleColumns(sql)}`;
  return toRule(row as AlertRule);
}

export async function updateRule(sql: Sql, id: string, fields: RuleFields): Promise<AlertRule | undefined> {
  const [row] = await sql<AlertRule[]>`
    update alert_rules set name = ${fields.name}, metric = ${fields.metric}, threshold = ${fields.threshold},
      duration_seconds = ${fields.durationSeconds}, enabled = ${fields.enabled},
      channel_ids = ${fields.channelIds}::uuid[]
    where id = ${id}
    returning ${ruleColumns(sql)}`;
  return row && toRule(row);
}

export async function deleteRule(sql: Sql, id: string): Promise<boolean> {
  return (await sql`delete from alert_rules where id = ${id}`).count > 0;
}

/** Raw samples of one metric in (`from`, `to`], oldest first. */
export async function metricSamples(sql: Sql, metric: HostMetric, from: Date, to: Date): Promise<Sample[]> {
  const rows = await sql<{ at: string; value: number }[]>`
    select extract(epoch from at) * 1000 as at, ${sql(metricColumns[metric])} as value
    from system_metrics
    where resolution = 'raw' and at > ${from.toISOString()} and at <= ${to.toISOString()}
      and ${sql(metricColumns[metric])} is not null
    order by at`;
  return rows.map((row) => ({ at: Number(row.at), value: Number(row.value) }));
}

/**
 * Marks the rule firing and opens its incident, unless another evaluation already did: the id of
 * the new incident, or null.
 */
export async function openIncident(sql: Sql, rule: AlertRule, cause: string, message: string, at: Date) {
  return (await sql.begin(async (tx) => {
    const marked = await tx`
      update alert_rules set firing = true, firing_since = ${at.toISOString()}
      where id = ${rule.id} and not firing`;
    if (marked.count === 0) return null;
    const [incident] = await tx<{ id: string }[]>`
      insert into incidents (alert_rule_id, cause, last_message, started_at)
      values (${rule.id}, ${cause}, ${message}, ${at.toISOString()})
      returning id`;
    return incident?.id ?? null;
  })) as string | null;
}

/** Clears the rule and closes its open incidents; the ids closed (none when already clear). */
export async function closeIncidents(sql: Sql, rule: AlertRule, message: string, at: Date) {
  return (await sql.begin(async (tx) => {
    await tx`update alert_rules set firing = false, firing_since = null where id = ${rule.id}`;
    const closed = await tx<{ id: string }[]>`
      update incidents set resolved_at = ${at.toISOString()}, last_message = ${message}
      where alert_rule_id = ${rule.id} and resolved_at is null
      returning id`;
    return closed.map((row) => row.id);
  })) as string[];
}
