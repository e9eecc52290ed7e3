import { monitorInputSchema } from '@homelab/db/monitoring';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../config';
import type { Engine } from '../../docker/engine';
import { createLogger } from '../../log';
import { createMonitor } from '../../monitors/store';
import { testPool, uniqueName } from '../../testing/database';
import { searchAudit } from './audit';
import { listIncidentsTool, searchIncidents } from './incidents';
import { listMonitorsTool, monitorHistoryTool, pauseMonitor } from './monitors';
import { readRunbook } from './runbooks';
import { systemMetrics } from './system';
import type { ToolContext } from './types';

describe('the tools that read and change the database', () => {
  const pool = testPool();
  const sql = pool.sql as unknown as Sql;
  const ctx: ToolContext = {
    sql: pool.sql,
    engine: {} as Engine,
    log: createLogger({ level: 'error' }),
    config: {} as Config,
    signal: new AbortController().signal,
  };
  const monitorName = uniqueName('Jarvis tools');
  const word = uniqueName('zebra').replace(/-/g, '');
  let monitorId: string;
  let incidentId: string;

  beforeAll(async () => {
    const row = await createMonitor(
      sql,
      undefined,
      monitorInputSchema.parse({
        name: monitorName,
        config: { type: 'tcp', host: '127.0.0.1', port: 1 },
        paused: true,
      }),
    );
    monitorId = row.id;
    const [incident] = await sql<{ id: string }[]>`
      insert into incidents (monitor_id, cause, last_message, silenced)
      values (${monitorId}, 'connection refused', ${`connection refused by ${word}`}, true) returning id`;
    incidentId = incident!.id;
    await sql`
      insert into jarvis_diagnoses (incident_id, state, source, problem, subject, summary, resolution)
      values (${incidentId}, 'resolved', 'rules', 'crash_loop', ${word}, ${`${word} kept restarting`}, 'restarted it')`;
    await sql`
      insert into audit_log (actor_kind, actor_label, action, target, outcome, detail)
      values ('system', 'jarvis', 'jarvis.tool.executed', ${word}, 'success', ${JSON.stringify({ tool: 'restart_container' })}::jsonb)`;
  });

  afterAll(async () => {
    await sql`delete from monitors where id = ${monitorId}`;
    await sql`delete from audit_log where target = ${word}`;
    await pool.sql.end();
  });

  it('lists monitors and one monitor history with its incidents', async () => {
    const list = await listMonitorsTool.run({}, ctx);
    expect(list).toMatchObject({ ok: true, untrusted: true });
    if (!list.ok) return;
    expect((list.data as { monitors: { name: string }[] }).monitors.map((m) => m.name)).toContain(
      monitorName,
    );

    const history = await monitorHistoryTool.run(
      monitorHistoryTool.args.parse({ monitor: monitorName }),
      ctx,
    );
    expect(history).toMatchObject({ ok: true, data: { checks: 0, incidents: [{ id: incidentId }] } });
    expect(await monitorHistoryTool.run({ monitor: 'no such monitor', range: '1h' }, ctx)).toEqual({
      ok: false,
      error: 'No monitor named "no such monitor"; list_monitors shows them.',
    });
  });

  it('resumes and pauses a monitor by name, verifies it, and rolls back', async () => {
    const args = pauseMonitor.args.parse({ monitor: monitorName, paused: false });
    expect(await pauseMonitor.run(args, ctx)).toMatchObject({ ok: true, summary: `Resumed ${monitorName}` });
    expect(await pauseMonitor.verify?.(args, ctx)).toMatchObject({ ok: true });
    await pauseMonitor.rollback?.(args, ctx);
    const [row] = await sql<{ paused: boolean }[]>`select paused from monitors where id = ${monitorId}`;
    expect(row?.paused).toBe(true);
  });

  it('finds the incident, the past diagnosis and the audit entry', async () => {
    const open = await listIncidentsTool.run({ days: 1 }, ctx);
    if (!open.ok) throw new Error(open.error);
    expect((open.data as { id: string; monitor: string }[]).find((i) => i.id === incidentId)).toMatchObject({
      monitor: monitorName,
    });

    const past = await searchIncidents.run({ query: `${word} restarting` }, ctx);
    expect(past).toMatchObject({
      ok: true,
      data: [{ problem: 'crash_loop', subject: word, resolution: 'restarted it' }],
    });

    const audit = await searchAudit.run(searchAudit.args.parse({ text: word, action: 'jarvis.' }), ctx);
    expect(audit).toMatchObject({
      ok: true,
      data: [{ actor: 'jarvis', action: 'jarvis.tool.executed', target: word }],
    });
  });

  it('reads the seeded runbook for a crash loop', async () => {
    const result = await readRunbook.run({ query: 'container keeps crashing and restarting' }, ctx);
    expect(result).toMatchObject({ ok: true, summary: expect.stringContaining('Container crash-looping') });
  });

  it('reads the host metrics, stored or sampled now', async () => {
    const result = await systemMetrics.run({}, ctx);
    expect(result).toMatchObject({
      ok: true,
      summary: expect.stringMatching(/^CPU [\d.]+ %, memory [\d.]+ %/),
    });
    if (!result.ok) return;
    expect((result.data as { disks: unknown[] }).disks.length).toBeGreaterThan(0);
  });
});
