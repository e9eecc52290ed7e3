import type { JarvisSettings } from '@homelab/db/jarvis/settings';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../config';
import type { Engine } from '../docker/engine';
import { createLogger } from '../log';
import { privateDatabaseUrl, testPool, uniqueName } from '../testing/database';
import { createJarvisAgent } from './agent';
import type { JarvisAgent, RulesDiagnosis } from './contracts';
import { createInvestigator, type Investigator, matchesSymptom, pickRunbook } from './investigate';
import { createJarvisModel } from './model';
import type { AnyJarvisTool, JarvisTool, ToolContext } from './tools/types';

const log = createLogger({ level: 'error' });
let pool: ReturnType<typeof testPool>;
let sql: ReturnType<typeof testPool>['sql'];

const restarts: string[] = [];
let restartHealthy = true;
const logsTool: JarvisTool<{ container: string }> = {
  name: 'container_logs',
  risk: 'read',
  description: "A container's last log lines.",
  args: z.object({ container: z.string() }),
  target: (a) => a.container,
  run: async () => ({ ok: true, summary: 'logs read', data: 'panic: database unreachable', untrusted: true }),
};
const restartTool: JarvisTool<{ container: string }> = {
  name: 'restart_container',
  risk: 'reversible',
  description: 'Restarts a container.',
  args: z.object({ container: z.string() }),
  target: (a) => a.container,
  run: async (a) => {
    restarts.push(a.container);
    return { ok: true, summary: `restarted ${a.container}`, data: {} };
  },
  verify: async () =>
    restartHealthy
      ? { ok: true, detail: 'running and healthy' }
      : { ok: false, detail: 'exited again (code 1)' },
};
const removeTool: JarvisTool<{ container: string }> = {
  name: 'remove_container',
  risk: 'destructive',
  description: 'Removes a container.',
  args: z.object({ container: z.string() }),
  target: (a) => a.container,
  run: async () => ({ ok: true, summary: 'removed', data: {} }),
};
const tools = new Map<string, AnyJarvisTool>(
  [logsTool, restartTool, removeTool].map((tool) => [tool.name, tool as AnyJarvisTool]),
);

/** What the built-in rules say about the incident's container (a test's own name). */
function rulesAbout(subject: string): RulesDiagnosis {
  return {
    problem: 'crash_loop',
    subject,
    summary: `${subject} is crash-looping (5 restarts, now restarting): its last error reads "panic: database unreachable".`,
    evidence: [
      { tool: 'inspect_container', summary: `${subject}: state restarting, restart count 5` },
      {
        tool: 'container_logs',
        summary: `${subject}: last error-looking log lines`,
        excerpt: '> panic: database unreachable',
      },
    ],
    plan: [
      { tool: 'container_logs', args: { container: subject }, why: 'Read what it says now.' },
      {
        tool: 'restart_container',
        args: { container: subject },
        why: 'A clean restart clears a transient failure.',
      },
      { tool: 'remove_container', args: { container: subject }, why: 'Start over.' },
    ],
  };
}

function realAgent(): JarvisAgent {
  const config = loadConfig({
    DATABASE_URL: 'postgres://app@127.0.0.1:5432/homelab',
    RUNNER_SECRET: 'r'.repeat(32),
  });
  return createJarvisAgent({
    sql,
    log,
    config,
    engine: {} as Engine,
    model: createJarvisModel(config),
    tools,
  });
}

let settings: Partial<JarvisSettings> = {};
function investigator(agent: JarvisAgent = realAgent()): Investigator {
  return createInvestigator({
    sql,
    agent,
    log,
    context: () => ({}) as ToolContext,
    settings: async () => ({ ...defaults, ...settings }),
    diagnose: async (incident) => rulesAbout(incident.lastMessage!.split(': ')[1]!.split(' ')[0]!),
  });
}
const defaults: JarvisSettings = {
  autonomyEnabled: true,
  autoInvestigate: true,
  dailyTokenBudget: 500_000,
  conversationTokenBudget: 100_000,
  maxStepsPerTurn: 12,
  pricePerMillionInput: 0.15,
  pricePerMillionOutput: 0.6,
  discordChannelId: null,
  discordApproverIds: [],
};

/** An alert incident about one container, as the alerts runner opens it. */
async function incidentAbout(container: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into incidents (cause, last_message)
    values ('alert:container_restarts', ${`Restarted more than 3 times in 1 h: ${container} (5).`})
    returning id`;
  return row!.id;
}

type DiagnosisRow = {
  id: string;
  state: string;
  source: string | null;
  problem: string | null;
  subject: string | null;
  summary: string | null;
  evidence: unknown[];
  plan: { tool: string }[];
  runbook: string | null;
  resolution: string | null;
  conversationId: string;
};

async function diagnosesOf(incidentId: string): Promise<DiagnosisRow[]> {
  return sql<DiagnosisRow[]>`
    select d.id, d.state, d.source, d.problem, d.subject, d.summary, d.evidence, d.plan, r.title as runbook,
      d.resolution, d.conversation_id as "conversationId"
    from jarvis_diagnoses d left join jarvis_runbooks r on r.id = d.runbook_id
    where d.incident_id = ${incidentId}`;
}

async function callsIn(conversationId: string) {
  return sql<{ id: string; tool: string; state: string }[]>`
    select id, tool, state from jarvis_tool_calls where conversation_id = ${conversationId} order by created_at`;
}

beforeAll(async () => {
  pool = testPool(await privateDatabaseUrl());
  sql = pool.sql;
});
afterAll(async () => {
  await pool.sql.end();
});
beforeEach(async () => {
  settings = {};
  restarts.length = 0;
  restartHealthy = true;
  await sql`delete from jarvis_policies`;
});

describe('runbook matching', () => {
  it('matches symptoms at the start of a word, case-insensitively, with _ between words', () => {
    expect(matchesSymptom('restart', 'alert:container_restarts')).toBe(true);
    expect(matchesSymptom('expir', 'Certificate EXPIRES in 3 days')).toBe(true);
    expect(matchesSymptom('ip', 'skipping the check')).toBe(false);
    expect(
      pickRunbook(
        [
          { title: 'dns', symptoms: ['dns', 'ip'] },
          { title: 'tls', symptoms: ['certificate', 'tls', 'expir'] },
        ],
        'TLS certificate expiring',
      )?.title,
    ).toBe('tls');
    expect(pickRunbook([{ symptoms: ['disk'] }], 'HTTP 502 from web')).toBeNull();
  });
});

describe('investigating an incident', () => {
  it('opens one investigation when the notice arrives twice', async () => {
    const incident = await incidentAbout(uniqueName('web'));
    const jarvis = investigator();

    const results = await Promise.all([jarvis.onIncident(incident), jarvis.onIncident(incident)]);
    await jarvis.onIncident(incident);

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await diagnosesOf(incident)).toHaveLength(1);
    const [conversations] = await sql<{ n: number }[]>`
      select count(*)::int as n from jarvis_conversations where incident_id = ${incident}`;
    expect(conversations!.n).toBe(1);
  });

  it('writes the built-in diagnosis without a model, links the runbook and submits its allowed steps', async () => {
    const name = uniqueName('web');
    const incident = await incidentAbout(name);

    await investigator().onIncident(incident);

    const [diagnosis] = await diagnosesOf(incident);
    expect(diagnosis).toMatchObject({
      state: 'diagnosed',
      source: 'rules',
      problem: 'crash_loop',
      subject: name,
      runbook: 'Container crash-looping',
      resolution: null,
    });
    expect(diagnosis!.summary).toContain('panic: database unreachable');
    // remove_container is not among the runbook's tools.
    expect(diagnosis!.summary).toContain(
      'Not in the plan (the runbook "Container crash-looping" does not allow them): remove_container.',
    );
    expect(diagnosis!.plan.map((step) => step.tool)).toEqual(['container_logs', 'restart_container']);
    expect(diagnosis!.evidence).toHaveLength(2);

    const [conversation] = await sql<{ origin: string; title: string; state: string }[]>`
      select origin, title, state from jarvis_conversations where id = ${diagnosis!.conversationId}`;
    expect(conversation).toMatchObject({ origin: 'incident', state: 'waiting' });
    expect(conversation!.title).toContain(`Restarted more than 3 times in 1 h: ${name}`);
    const messages = await sql<{ role: string; content: string }[]>`
      select role, content from jarvis_messages where conversation_id = ${diagnosis!.conversationId} order by id`;
    expect(messages[0]!.role).toBe('user');
    expect(messages[1]).toMatchObject({ role: 'assistant', content: diagnosis!.summary });

    // No autonomy policy: the read step ran, the restart waits for a person.
    expect(await callsIn(diagnosis!.conversationId)).toMatchObject([
      { tool: 'container_logs', state: 'succeeded' },
      { tool: 'restart_container', state: 'proposed' },
    ]);
    expect(restarts).toEqual([]);
  });

  it('cites the fix of the same problem seen before', async () => {
    const name = uniqueName('web');
    const fix = `restart_container on ${name} (approved by owner): running and healthy`;
    await sql`
      insert into jarvis_diagnoses (state, source, problem, subject, summary, resolution, created_at)
      values ('resolved', 'rules', 'crash_loop', ${name}, 'crash-looping', ${fix}, '2026-11-20T08:00:00Z')`;
    const incident = await incidentAbout(name);

    await investigator().onIncident(incident);

    const [diagnosis] = await diagnosesOf(incident);
    expect(diagnosis!.summary).toContain(`Seen before on 2026-11-20 (${name}), fixed by ${fix}.`);
    const [brief] = await sql<{ content: string }[]>`
      select content from jarvis_messages where conversation_id = ${diagnosis!.conversationId} and role = 'user'`;
    expect(brief!.content).toContain('Seen before on 2026-11-20');
  });

  it('runs the plan under an autonomy policy and resolves once the restart is verified', async () => {
    const name = uniqueName('web');
    await sql`insert into jarvis_policies (tool, target) values ('restart_container', ${name})`;
    const incident = await incidentAbout(name);

    await investigator().onIncident(incident);

    expect(restarts).toEqual([name]);
    const [diagnosis] = await diagnosesOf(incident);
    expect(diagnosis).toMatchObject({
      state: 'resolved',
      resolution: `restart_container on ${name} (run by Jarvis under the autonomy policy): running and healthy`,
    });
  });

  it('fails when the restart does not fix it', async () => {
    const name = uniqueName('web');
    restartHealthy = false;
    await sql`insert into jarvis_policies (tool, target) values ('restart_container', '*')`;
    const incident = await incidentAbout(name);

    await investigator().onIncident(incident);

    expect(await diagnosesOf(incident)).toMatchObject([{ state: 'failed', resolution: null }]);
  });

  it('resolves after a person approves the restart and it is verified', async () => {
    const name = uniqueName('web');
    const agent = realAgent();
    const jarvis = investigator(agent);
    const incident = await incidentAbout(name);
    await jarvis.onIncident(incident);
    const [diagnosis] = await diagnosesOf(incident);
    const restart = (await callsIn(diagnosis!.conversationId)).find((c) => c.tool === 'restart_container')!;

    // What functions does when the owner presses Approve; the runner hears the notice and resumes.
    await sql`
      update jarvis_tool_calls set state = 'approved', decided_by = 'web', decided_by_id = 'u1',
        decided_by_label = 'owner', decided_at = now()
      where id = ${restart.id}`;
    await agent.resume(restart.id);
    await jarvis.reconcile();

    expect(restarts).toEqual([name]);
    expect(await diagnosesOf(incident)).toMatchObject([
      {
        state: 'resolved',
        resolution: `restart_container on ${name} (approved by owner): running and healthy`,
      },
    ]);
  });

  it('resolves when the incident closes while the plan waits', async () => {
    const incident = await incidentAbout(uniqueName('web'));
    const jarvis = investigator();
    await jarvis.onIncident(incident);

    await sql`update incidents set resolved_at = now() where id = ${incident}`;
    await jarvis.reconcile();

    expect(await diagnosesOf(incident)).toMatchObject([
      { state: 'resolved', resolution: 'the incident closed with no action by Jarvis' },
    ]);
  });

  it("keeps the model's diagnosis as the summary, with the rules' evidence", async () => {
    const real = realAgent();
    const briefs: string[] = [];
    const agent: JarvisAgent = {
      ...real,
      hasModel: () => true,
      async runTurn(conversationId) {
        const [brief] = await sql<{ content: string }[]>`
          select content from jarvis_messages where conversation_id = ${conversationId} and role = 'user'`;
        briefs.push(brief!.content);
        await sql`
          insert into jarvis_messages (conversation_id, role, content)
          values (${conversationId}, 'assistant', 'The database is down, so web panics at start: start the database first.')`;
      },
    };
    const name = uniqueName('web');
    const incident = await incidentAbout(name);

    await investigator(agent).onIncident(incident);

    const [diagnosis] = await diagnosesOf(incident);
    expect(diagnosis).toMatchObject({
      source: 'model',
      runbook: 'Container crash-looping',
    });
    // The model's words, then what Jarvis adds itself (the runbook's limit on the plan).
    expect(diagnosis!.summary).toBe(
      'The database is down, so web panics at start: start the database first.\n\nNot in the plan (the runbook "Container crash-looping" does not allow them): remove_container.',
    );
    expect(diagnosis!.evidence).toHaveLength(2);
    expect(briefs[0]).toContain(
      '<untrusted-data tool="container_logs">\n> panic: database unreachable\n</untrusted-data>',
    );
    expect(briefs[0]).toContain('The runbook "Container crash-looping" applies');
    expect(briefs[0]).toContain(`- restart_container {"container":"${name}"}`);
  });

  it('investigates an incident whose notice nobody heard on the next follow-up', async () => {
    const incident = await incidentAbout(uniqueName('web'));

    await investigator().reconcile();

    expect(await diagnosesOf(incident)).toMatchObject([{ state: 'diagnosed', source: 'rules' }]);
  });

  it('does nothing when the owner turned investigations off', async () => {
    settings = { autoInvestigate: false };
    const incident = await incidentAbout(uniqueName('web'));

    expect(await investigator().onIncident(incident)).toBeNull();
    expect(await diagnosesOf(incident)).toEqual([]);
  });
});
