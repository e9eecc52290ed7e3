/**
 * Jarvis investigating an incident on its own: one diagnosis per incident, the built-in rules'
 * answer written at once (useful with no model), past fixes of the same problem cited, a matching
 * runbook linked (its allowed tools bound the plan), then the model's own diagnosis when one is
 * configured. Plan steps go through the agent, so the policy decides whether they run or wait for a
 * person; `reconcile` follows each open diagnosis to resolved (a verified fix, or the incident
 * closing) or failed.
 */

import type { JarvisSettings } from '@homelab/db/jarvis/settings';
import type { JarvisEvidence, JarvisPlanStep } from '@homelab/db/schema';
import type { Sql } from 'postgres';
import type { Logger } from '../log';
import type { JarvisAgent, RulesDiagnosis } from './contracts';
import type { IncidentInput } from './diagnose/facts';
import { diagnoseIncident } from './diagnose/rules';
import { fenceUntrusted } from './prompt';
import * as store from './store';
import type { ToolContext } from './tools/types';

export type InvestigatorDeps = {
  sql: Sql;
  agent: JarvisAgent;
  /** A fresh context for the rules' reads (engine, config, abort signal). */
  context: () => ToolContext;
  log: Logger;
  /** The owner's settings; read from the database by default. */
  settings?: () => Promise<JarvisSettings>;
  /** The built-in rules; replaced in tests. */
  diagnose?: (incident: IncidentInput, ctx: ToolContext) => Promise<RulesDiagnosis>;
};

export type Investigator = {
  /** Investigates a newly opened incident; null when it is not investigated (off, gone, closed, already done). */
  onIncident(incidentId: string): Promise<string | null>;
  /**
   * Investigates recent incidents no notice announced, and moves open diagnoses on: a verified fix
   * or a closed incident resolves them, a failed fix fails them.
   */
  reconcile(): Promise<void>;
};

type Incident = IncidentInput & { startedAt: string; resolvedAt: string | null; monitor: string | null };
type Runbook = { id: string; title: string; symptoms: string[]; body: string; allowedTools: string[] };
type PastFix = { at: string; subject: string | null; resolution: string };

/** Whether one of the runbook's symptoms starts a word of the text (`expir` matches "expires"). */
export function matchesSymptom(symptom: string, text: string): boolean {
  const word = symptom.trim().toLowerCase();
  if (!word) return false;
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // `_` separates words here: causes read like `alert:container_restarts`.
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}`, 'iu').test(text);
}

/** The runbook most of whose symptoms the incident shows; ties go to the oldest. */
export function pickRunbook<R extends Pick<Runbook, 'symptoms'>>(runbooks: R[], text: string): R | null {
  let best: R | null = null;
  let bestHits = 0;
  for (const runbook of runbooks) {
    const hits = runbook.symptoms.filter((symptom) => matchesSymptom(symptom, text)).length;
    if (hits > bestHits) {
      best = runbook;
      bestHits = hits;
    }
  }
  return best;
}

const day = (iso: string) => new Date(iso).toISOString().slice(0, 10);

function citePast(past: PastFix[]): string {
  return past
    .map(
      (fix) =>
        `Seen before on ${day(fix.at)}${fix.subject ? ` (${fix.subject})` : ''}, fixed by ${fix.resolution}.`,
    )
    .join('\n');
}

function titleOf(incident: Incident): string {
  const about = incident.monitor ?? incident.cause;
  const what = incident.lastMessage ? `: ${incident.lastMessage}` : '';
  const title = `${about}${what}`;
  return title.length > 120 ? `${title.slice(0, 119)}…` : title;
}

function evidenceText(evidence: JarvisEvidence[]): string {
  return evidence
    .map((item) => {
      const line = `- ${item.tool}: ${item.summary}`;
      // Excerpts quote logs and health output: outside text, fenced like any tool result.
      return item.excerpt ? `${line}\n${fenceUntrusted(item.tool, item.excerpt)}` : line;
    })
    .join('\n');
}

function planText(plan: JarvisPlanStep[]): string {
  return plan.map((step) => `- ${step.tool} ${JSON.stringify(step.args)}: ${step.why}`).join('\n');
}

/** What the model is asked: the incident, what the rules found, the runbook and past fixes. */
function briefing(
  incident: Incident,
  rules: RulesDiagnosis,
  plan: JarvisPlanStep[],
  runbook: Runbook | null,
  past: PastFix[],
): string {
  const message = incident.lastMessage ? fenceUntrusted('incident', incident.lastMessage) : '(no message)';
  return [
    `An incident opened at ${incident.startedAt}${incident.monitor ? ` on the monitor "${incident.monitor}"` : ''} (cause ${incident.cause}). Its message:\n${message}`,
    `The built-in checks concluded (${rules.problem}${rules.subject ? `, about ${rules.subject}` : ''}): ${rules.summary}`,
    rules.evidence.length
      ? `Evidence they read:\n${evidenceText(rules.evidence)}`
      : 'They found no evidence.',
    past.length ? `Past incidents:\n${citePast(past)}` : null,
    runbook ? `The runbook "${runbook.title}" applies:\n${runbook.body}` : null,
    plan.length
      ? `These plan steps are submitted separately, under the owner's policy; do not call them again:\n${planText(plan)}`
      : null,
    'Investigate with read tools where these facts are not enough, then answer with your diagnosis: the cause, the evidence that shows it (quote it), and the fix.',
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function createInvestigator(deps: InvestigatorDeps): Investigator {
  const { sql, agent, log } = deps;
  const settings = deps.settings ?? (() => store.loadSettings(sql));
  const diagnose = deps.diagnose ?? diagnoseIncident;

  async function loadIncident(id: string): Promise<Incident | null> {
    const [row] = await sql<Incident[]>`
      select i.id, i.monitor_id as "monitorId", i.alert_rule_id as "alertRuleId", i.cause,
        i.last_message as "lastMessage", to_json(i.started_at) #>> '{}' as "startedAt",
        to_json(i.resolved_at) #>> '{}' as "resolvedAt", m.name as monitor
      from incidents i left join monitors m on m.id = i.monitor_id
      where i.id = ${id}`;
    return row ?? null;
  }

  /** The diagnosis and its conversation, or null when this incident has one already (a repeated notice). */
  async function claim(incident: Incident): Promise<{ diagnosisId: string; conversationId: string } | null> {
    return sql.begin(async (tx) => {
      // Two notices (or two processes) for one incident: the lock makes the check and insert one step.
      await tx`select pg_advisory_xact_lock(hashtext(${`jarvis-investigation:${incident.id}`}))`;
      const [existing] = await tx`select 1 from jarvis_diagnoses where incident_id = ${incident.id}`;
      if (existing) return null;
      const [conversation] = await tx<{ id: string }[]>`
        insert into jarvis_conversations (title, origin, incident_id)
        values (${titleOf(incident)}, 'incident', ${incident.id}) returning id`;
      const [diagnosis] = await tx<{ id: string }[]>`
        insert into jarvis_diagnoses (incident_id, conversation_id, state)
        values (${incident.id}, ${conversation!.id}, 'investigating') returning id`;
      return { diagnosisId: diagnosis!.id, conversationId: conversation!.id };
    });
  }

  async function rulesOf(incident: Incident): Promise<RulesDiagnosis> {
    try {
      return await diagnose(incident, deps.context());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.warn('the built-in diagnosis failed', { err: error, incidentId: incident.id });
      return {
        problem: 'unknown',
        subject: null,
        summary: `The built-in checks could not run: ${reason}.`,
        evidence: [],
        plan: [],
      };
    }
  }

  async function pastFixes(diagnosisId: string, rules: RulesDiagnosis): Promise<PastFix[]> {
    if (rules.problem === 'unknown') return [];
    return sql<PastFix[]>`
      select to_json(created_at) #>> '{}' as at, subject, resolution from jarvis_diagnoses
      where id <> ${diagnosisId} and problem = ${rules.problem} and subject is not distinct from ${rules.subject}
        and resolution is not null
      order by created_at desc limit 3`;
  }

  async function matchingRunbook(incident: Incident, rules: RulesDiagnosis): Promise<Runbook | null> {
    const runbooks = await sql<Runbook[]>`
      select id, title, symptoms, body, allowed_tools as "allowedTools" from jarvis_runbooks order by created_at, id`;
    return pickRunbook(runbooks, [incident.cause, incident.lastMessage ?? '', rules.problem].join(' '));
  }

  async function record(
    diagnosisId: string,
    fields: {
      state: 'diagnosed' | 'failed';
      source: 'rules' | 'model';
      problem: string;
      subject: string | null;
      summary: string;
      evidence: JarvisEvidence[];
      plan: JarvisPlanStep[];
      runbookId: string | null;
    },
  ) {
    await sql`
      update jarvis_diagnoses set state = ${fields.state}, source = ${fields.source}, problem = ${fields.problem},
        subject = ${fields.subject}, summary = ${fields.summary}, evidence = ${JSON.stringify(fields.evidence)}::jsonb,
        plan = ${JSON.stringify(fields.plan)}::jsonb, runbook_id = ${fields.runbookId}, updated_at = now()
      where id = ${diagnosisId}`;
  }

  /** The model's answer to the briefing: its last words, when the turn ended with an answer. */
  async function modelAnswer(conversationId: string, afterMessageId: number): Promise<string | null> {
    const conversation = await store.getConversation(sql, conversationId);
    if (conversation?.state !== 'idle' || conversation.stopReason) return null;
    const [row] = await sql<{ content: string }[]>`
      select content from jarvis_messages
      where conversation_id = ${conversationId} and id > ${afterMessageId} and role = 'assistant'
        and tool_calls is null and content <> ''
      order by id desc limit 1`;
    return row?.content ?? null;
  }

  async function investigate(incident: Incident, claimed: { diagnosisId: string; conversationId: string }) {
    const { diagnosisId, conversationId } = claimed;
    const rules = await rulesOf(incident);
    const [past, runbook] = await Promise.all([
      pastFixes(diagnosisId, rules),
      matchingRunbook(incident, rules),
    ]);
    const allowed = runbook ? new Set(runbook.allowedTools) : null;
    const plan = allowed ? rules.plan.filter((step) => allowed.has(step.tool)) : rules.plan;
    const left = rules.plan.filter((step) => !plan.includes(step)).map((step) => step.tool);
    const notes = [
      past.length ? citePast(past) : null,
      left.length && runbook
        ? `Not in the plan (the runbook "${runbook.title}" does not allow them): ${left.join(', ')}.`
        : null,
    ].filter(Boolean);
    const base = {
      problem: rules.problem,
      subject: rules.subject,
      evidence: rules.evidence,
      plan,
      runbookId: runbook?.id ?? null,
    };
    const rulesSummary = [rules.summary, ...notes].join('\n\n');
    await record(diagnosisId, { ...base, state: 'diagnosed', source: 'rules', summary: rulesSummary });

    const brief = await store.insertMessage(sql, {
      conversationId,
      role: 'user',
      content: briefing(incident, rules, plan, runbook, past),
    });
    if (agent.hasModel()) {
      await agent.runTurn(conversationId);
      const answer = await modelAnswer(conversationId, brief.id);
      if (answer)
        await record(diagnosisId, {
          ...base,
          state: 'diagnosed',
          source: 'model',
          summary: [answer, ...notes].join('\n\n'),
        });
    } else {
      // The conversation shows the answer the owner has without a model.
      await store.insertMessage(sql, { conversationId, role: 'assistant', content: rulesSummary });
    }

    for (const step of plan) {
      // A person may have closed the incident (or fixed it) while the model was thinking.
      const current = await loadIncident(incident.id);
      if (!current || current.resolvedAt) break;
      const call = await agent.submit(conversationId, { tool: step.tool, args: step.args, why: step.why });
      log.info('plan step submitted', { incidentId: incident.id, tool: call.tool, state: call.state });
      if (call.state === 'succeeded' && call.risk !== 'read' && call.verification?.ok) break;
    }
    await follow(diagnosisId);
  }

  type Remedy = {
    tool: string;
    target: string | null;
    state: string;
    verification: { ok: boolean; detail: string } | null;
    decidedBy: string | null;
    decidedByLabel: string | null;
    error: string | null;
  };

  function describe(remedy: Remedy): string {
    const on = remedy.target ? ` on ${remedy.target}` : '';
    const who =
      remedy.decidedBy === 'policy'
        ? 'run by Jarvis under the autonomy policy'
        : `approved by ${remedy.decidedByLabel ?? remedy.decidedBy}`;
    return `${remedy.tool}${on} (${who})`;
  }

  /** One diagnosis's next state, from its conversation's remediations and its incident. */
  async function follow(diagnosisId: string) {
    const [row] = await sql<{ state: string; conversationId: string | null; resolvedAt: string | null }[]>`
      select d.state, d.conversation_id as "conversationId", to_json(i.resolved_at) #>> '{}' as "resolvedAt"
      from jarvis_diagnoses d left join incidents i on i.id = d.incident_id
      where d.id = ${diagnosisId}`;
    if (!row?.conversationId || !['diagnosed', 'remediating'].includes(row.state)) return;
    const remedies = await sql<Remedy[]>`
      select tool, target, state, verification, decided_by as "decidedBy", decided_by_label as "decidedByLabel", error
      from jarvis_tool_calls
      where conversation_id = ${row.conversationId} and risk <> 'read'
        and state in ('running', 'succeeded', 'failed', 'proposed', 'approved')
      order by created_at`;
    const fixed = remedies.find((r) => r.state === 'succeeded' && r.verification?.ok);
    const ran = remedies.filter((r) => r.state === 'succeeded' || r.state === 'failed');
    const pending = remedies.some((r) => ['running', 'proposed', 'approved'].includes(r.state));
    let next: { state: 'remediating' | 'resolved' | 'failed'; resolution: string | null } | null = null;
    if (fixed) next = { state: 'resolved', resolution: `${describe(fixed)}: ${fixed.verification!.detail}` };
    else if (row.resolvedAt) {
      const last = ran.at(-1);
      next = {
        state: 'resolved',
        resolution: last
          ? `the incident closed after ${describe(last)}`
          : 'the incident closed with no action by Jarvis',
      };
    } else if (ran.length > 0 && !pending && ran.every((r) => r.state === 'failed')) {
      const last = ran.at(-1)!;
      next = { state: 'failed', resolution: null };
      log.warn('the remediation failed', { diagnosisId, tool: last.tool, error: last.error });
    } else if (ran.length > 0) next = { state: 'remediating', resolution: null };
    if (!next || next.state === row.state) return;
    await sql`
      update jarvis_diagnoses set state = ${next.state}, resolution = coalesce(${next.resolution}, resolution),
        updated_at = now()
      where id = ${diagnosisId} and state in ('diagnosed', 'remediating')`;
  }

  const investigator: Investigator = {
    async onIncident(incidentId) {
      if (!(await settings()).autoInvestigate) return null;
      const incident = await loadIncident(incidentId);
      if (!incident || incident.resolvedAt) return null;
      const claimed = await claim(incident);
      if (!claimed) return null;
      try {
        await investigate(incident, claimed);
      } catch (error) {
        log.error('the investigation failed', { err: error, incidentId });
        await sql`
          update jarvis_diagnoses set state = 'failed', updated_at = now()
          where id = ${claimed.diagnosisId} and state = 'investigating'`;
      }
      return claimed.diagnosisId;
    },

    async reconcile() {
      // Incidents whose notice no process heard (the runner was down or reconnecting).
      const unheard = await sql<{ id: string }[]>`
        select i.id from incidents i
        where i.resolved_at is null and not i.silenced and i.started_at > now() - interval '1 hour'
          and not exists (select 1 from jarvis_diagnoses d where d.incident_id = i.id)
        order by i.started_at`;
      for (const { id } of unheard) await investigator.onIncident(id);
      const open = await sql<{ id: string }[]>`
        select id from jarvis_diagnoses where state in ('diagnosed', 'remediating') order by created_at`;
      for (const { id } of open) await follow(id);
    },
  };
  return investigator;
}
