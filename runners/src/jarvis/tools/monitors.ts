/**
 * Monitor tools: the list, one monitor's recent results and incidents, pausing or resuming one
 * (as the monitoring API does: the row, then NOTIFY so every process's scheduler reloads it) and
 * running its check now (through the monitors runner, which records the result).
 */
import type { CheckResult } from '@homelab/db/monitoring';
import { z } from 'zod';
import { findMonitor, listMonitors, type MonitorRow, setPaused } from '../../monitors/store';
import { hostOf, listIncidents, monitorHistory } from '../../monitors/views';
import { clip, defineTool } from './define';
import { callRunner } from './runners';
import type { ToolContext } from './types';

const monitorRef = z
  .string()
  .min(1)
  .max(200)
  .describe('The monitor: its name (as list_monitors shows it) or its id');
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A monitor by id or by name (names are unique). */
export async function findMonitorByRef(ctx: Pick<ToolContext, 'sql'>, ref: string): Promise<MonitorRow> {
  let row: MonitorRow | null = null;
  if (uuid.test(ref)) row = await findMonitor(ctx.sql, ref.toLowerCase());
  if (!row) {
    const [byName] = await ctx.sql<
      { id: string }[]
    >`select id from monitors where lower(name) = lower(${ref})`;
    if (byName) row = await findMonitor(ctx.sql, byName.id);
  }
  if (!row) throw new Error(`No monitor named "${ref}"; list_monitors shows them.`);
  return row;
}

function brief(row: MonitorRow) {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    host: hostOf(row),
    state: row.state,
    since: row.stateSince,
    lastCheckAt: row.lastCheckAt,
    lastMessage: row.lastMessage ? clip(row.lastMessage, 300) : null,
  };
}

export const listMonitorsTool = defineTool('list_monitors', {
  args: z.object({
    state: z
      .enum(['up', 'down', 'pending', 'paused', 'maintenance'])
      .optional()
      .describe('Only monitors in this state'),
  }),
  target: () => null,
  async run(args, ctx) {
    const rows = await listMonitors(ctx.sql, args.state ? { state: args.state } : {});
    const down = rows.filter((row) => row.state === 'down').length;
    return {
      ok: true,
      summary: `${rows.length} monitors, ${down} down`,
      // Check messages quote what the checked services answered.
      untrusted: true,
      data: { total: rows.length, monitors: rows.slice(0, 100).map(brief) },
    };
  },
});

export const monitorHistoryTool = defineTool('monitor_history', {
  args: z.object({
    monitor: monitorRef,
    range: z.enum(['1h', '24h', '7d']).default('24h').describe('How far back'),
  }),
  target: (args) => args.monitor,
  async run(args, ctx) {
    const row = await findMonitorByRef(ctx, args.monitor);
    const history = await monitorHistory(ctx.sql, row.id, args.range);
    const checks = history.points.reduce((sum, p) => sum + p.checks, 0);
    const upChecks = history.points.reduce((sum, p) => sum + p.upChecks, 0);
    const failing = history.points.filter((p) => p.upChecks < p.checks);
    const incidents = (await listIncidents(ctx.sql, { monitorId: row.id })).slice(0, 10);
    const uptime = checks > 0 ? Math.round((upChecks / checks) * 10_000) / 100 : null;
    return {
      ok: true,
      summary: `${row.name}: ${uptime === null ? 'no checks' : `${uptime} % up`} over ${args.range}, ${incidents.filter((i) => !i.resolvedAt).length} open incidents`,
      untrusted: true,
      data: {
        monitor: brief(row),
        range: args.range,
        checks,
        uptimePercent: uptime,
        failingBuckets: failing
          .slice(-30)
          .map((p) => ({ at: p.at, checks: p.checks, down: p.checks - p.upChecks })),
        incidents: incidents.map((i) => ({
          id: i.id,
          startedAt: i.startedAt,
          resolvedAt: i.resolvedAt,
          message: i.lastMessage ? clip(i.lastMessage, 300) : null,
        })),
      },
    };
  },
});

async function pauseAs(ctx: ToolContext, ref: string, paused: boolean) {
  const row = await findMonitorByRef(ctx, ref);
  const updated = await setPaused(ctx.sql, row.id, paused);
  await ctx.sql`select pg_notify('monitors', ${row.id})`;
  return updated;
}

const pauseArgs = z.object({
  monitor: monitorRef,
  paused: z.boolean().default(true).describe('true to pause it, false to resume it'),
});

export const pauseMonitor = defineTool('pause_monitor', {
  args: pauseArgs,
  target: (args) => args.monitor,
  async run(args, ctx) {
    const row = await pauseAs(ctx, args.monitor, args.paused);
    return {
      ok: true,
      summary: `${args.paused ? 'Paused' : 'Resumed'} ${row.name}`,
      data: { name: row.name, paused: row.paused, state: row.state },
    };
  },
  async verify(args, ctx) {
    const row = await findMonitorByRef(ctx, args.monitor);
    return row.paused === args.paused
      ? { ok: true, detail: `${row.name} is ${row.paused ? 'paused' : 'running its checks'}.` }
      : { ok: false, detail: `${row.name} is still ${row.paused ? 'paused' : 'running its checks'}.` };
  },
  async rollback(args, ctx) {
    await pauseAs(ctx, args.monitor, !args.paused);
  },
});

export const runCheck = defineTool('run_check', {
  args: z.object({ monitor: monitorRef }),
  target: (args) => args.monitor,
  async run(args, ctx) {
    const row = await findMonitorByRef(ctx, args.monitor);
    const result = await callRunner<CheckResult>(ctx, 'monitors', {
      method: 'POST',
      path: `/monitors/${row.id}/check`,
      timeoutMs: row.timeoutMs + 15_000,
    });
    return {
      ok: true,
      summary: `${row.name}: ${result.status}: ${clip(result.message, 200)}`,
      untrusted: true,
      data: {
        name: row.name,
        status: result.status,
        latencyMs: result.latencyMs,
        message: clip(result.message, 500),
      },
    };
  },
});

export const monitorTools = [listMonitorsTool, monitorHistoryTool, pauseMonitor, runCheck];
