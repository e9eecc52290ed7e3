/**
 * /api/jarvis at the edge: members read, owners and admins act; a person's message and a decision
 * reach the runner as NOTIFY 'jarvis'; a decision is audited once and taken once; destructive tools
 * can never be given autonomy; and the attention summary survives a runner that is down.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, owner } from '../../test/harness';
import { memberCookie, recordingRunner } from '../monitors/testing';

type Notice = Record<string, unknown>;

describe('/api/jarvis', () => {
  const runner = recordingRunner();
  let h: Awaited<ReturnType<typeof createHarness>>;
  let memberCookieValue = '';
  const member = () => memberCookieValue;
  let sql: postgres.Sql;
  const notices: Notice[] = [];

  beforeAll(async () => {
    h = await createHarness({ RUNNERS_URL: await runner.listen() });
    expect((await h.call('POST', '/api/auth/setup', { body: owner })).status).toBe(201);
    memberCookieValue = await memberCookie(h);
    // Listening on 'jarvis' as the runner does.
    sql = postgres(h.ownerUrl, { max: 2, onnotice: () => {} });
    await sql.listen('jarvis', (payload) => notices.push(JSON.parse(payload)));
  });
  afterAll(async () => {
    await sql.end();
    await runner.close();
  });

  /** Waits for a NOTIFY matching `match` (they arrive just after the commit). */
  async function noticed(match: Notice) {
    for (let i = 0; i < 50; i++) {
      const hit = notices.find((n) => Object.entries(match).every(([k, v]) => n[k] === v));
      if (hit) return hit;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no NOTIFY ${JSON.stringify(match)} (seen: ${JSON.stringify(notices)})`);
  }

  async function proposedCall(tool = 'restart_container', target = 'web') {
    const [conversation] = await sql<{ id: string }[]>`
      insert into jarvis_conversations (title, state) values ('Why is web down?', 'waiting') returning id`;
    const [call] = await sql<{ id: string }[]>`
      insert into jarvis_tool_calls (conversation_id, call_id, tool, args, target, risk, state)
      values (${conversation!.id}, 'call_1', ${tool}, ${sql.json({ container: target })}, ${target},
        'reversible', 'proposed')
      returning id`;
    return { conversationId: conversation!.id, id: call!.id };
  }

  it('lets members read and only owners and admins act', async () => {
    expect((await h.call('GET', '/api/jarvis/conversations', { cookie: null })).status).toBe(401);
    expect((await h.call('GET', '/api/jarvis/conversations', { cookie: member() })).status).toBe(200);
    expect((await h.call('GET', '/api/jarvis/tool-calls/pending', { cookie: member() })).status).toBe(200);
    const { id } = await proposedCall();
    const refused = [
      await h.call('POST', '/api/jarvis/conversations', { body: { message: 'hi' }, cookie: member() }),
      await h.call('POST', `/api/jarvis/tool-calls/${id}/approve`, { body: {}, cookie: member() }),
      await h.call('POST', '/api/jarvis/policies', { body: { tool: 'restart_container' }, cookie: member() }),
      await h.call('PUT', '/api/jarvis/settings', { body: {}, cookie: member() }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    const [call] = await sql<{ state: string }[]>`select state from jarvis_tool_calls where id = ${id}`;
    expect(call!.state).toBe('proposed');
  });

  it('refuses bad input with the field to fix', async () => {
    const empty = await h.call('POST', '/api/jarvis/conversations', { body: { message: '   ' } });
    expect(empty.status).toBe(400);
    expect(empty.json.error.fields.message).toBeDefined();
    const runbook = { title: 'Restart loop', symptoms: ['restart'], body: '1. Read the logs.' };
    const noSymptoms = await h.call('POST', '/api/jarvis/runbooks', { body: { ...runbook, symptoms: [] } });
    expect(noSymptoms.status).toBe(400);
    expect(noSymptoms.json.error.fields.symptoms).toBeDefined();
    const unknownTool = await h.call('POST', '/api/jarvis/runbooks', {
      body: { ...runbook, allowedTools: ['container_logs', 'format_disk'] },
    });
    expect(unknownTool.status).toBe(400);
    expect(unknownTool.json.error.fields['allowedTools.1']).toBeDefined();
    const channel = await h.call('PUT', '/api/jarvis/settings', { body: { discordChannelId: 'general' } });
    expect(channel.status).toBe(400);
    expect(channel.json.error.fields.discordChannelId).toBeDefined();
    expect((await h.call('GET', '/api/jarvis/diagnoses/not-an-id')).status).toBe(400);
  });

  it('starts a conversation and hands each message to the runner, but not while it is answering', async () => {
    const started = await h.call('POST', '/api/jarvis/conversations', {
      body: { message: 'Why does the media server keep restarting?\nIt started this morning.' },
    });
    expect(started.status).toBe(201);
    const { conversation, messages } = started.json;
    expect(conversation).toMatchObject({
      title: 'Why does the media server keep restarting?',
      state: 'idle',
    });
    expect(messages).toMatchObject([{ role: 'user', content: expect.stringContaining('this morning') }]);
    await noticed({ kind: 'turn', conversationId: conversation.id });

    await sql`update jarvis_conversations set state = 'running' where id = ${conversation.id}`;
    const busy = await h.call('POST', `/api/jarvis/conversations/${conversation.id}/messages`, {
      body: { message: 'And the logs?' },
    });
    expect(busy.status).toBe(409);
    await sql`update jarvis_conversations set state = 'idle' where id = ${conversation.id}`;
    notices.length = 0;
    const sent = await h.call('POST', `/api/jarvis/conversations/${conversation.id}/messages`, {
      body: { message: 'And the logs?' },
    });
    expect(sent.status).toBe(202);
    await noticed({ kind: 'turn', conversationId: conversation.id });
    const read = await h.call('GET', `/api/jarvis/conversations/${conversation.id}`, { cookie: member() });
    expect(read.json.messages.map((m: { content: string }) => m.content)).toEqual([
      'Why does the media server keep restarting?\nIt started this morning.',
      'And the logs?',
    ]);
    const listed = await h.call('GET', '/api/jarvis/conversations?limit=1');
    expect(listed.json.conversations[0].id).toBe(conversation.id);
    expect((await h.call('DELETE', `/api/jarvis/conversations/${conversation.id}`)).status).toBe(204);
    expect((await h.call('GET', `/api/jarvis/conversations/${conversation.id}`)).status).toBe(404);
  });

  it('approves once: the runner is told, the exact call is audited, a second decision is refused', async () => {
    const { id, conversationId } = await proposedCall('restart_container', 'jellyfin');
    notices.length = 0;
    const approved = await h.call('POST', `/api/jarvis/tool-calls/${id}/approve`, { body: {} });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ id, state: 'approved', decidedBy: 'web', decidedByLabel: 'evin' });
    await noticed({ kind: 'decision', id });

    const again = await h.call('POST', `/api/jarvis/tool-calls/${id}/deny`, { body: { reason: 'no' } });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toContain('already decided (approved by evin)');
    const missing = await h.call('POST', '/api/jarvis/tool-calls/00000000-0000-4000-8000-000000000000/deny', {
      body: {},
    });
    expect(missing.status).toBe(404);

    const rows = await sql<{ action: string; outcome: string; target: string; detail: Notice }[]>`
      select action, outcome, target, detail from audit_log
      where detail->>'toolCallId' = ${id} order by id`;
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ['jarvis.tool.approved', 'success'],
      ['jarvis.tool.denied', 'failure'],
    ]);
    expect(rows[0]!.target).toBe('jellyfin');
    expect(rows[0]!.detail).toMatchObject({
      conversationId,
      toolCallId: id,
      tool: 'restart_container',
      args: { container: 'jellyfin' },
    });
  });

  it('lists pending calls with their conversation and records a denial with its reason', async () => {
    const { id } = await proposedCall('stop_container', 'db');
    const pending = await h.call('GET', '/api/jarvis/tool-calls/pending');
    expect(pending.json.calls).toContainEqual(
      expect.objectContaining({ id, tool: 'stop_container', conversationTitle: 'Why is web down?' }),
    );
    const denied = await h.call('POST', `/api/jarvis/tool-calls/${id}/deny`, {
      body: { reason: 'it holds the data' },
    });
    expect(denied.json).toMatchObject({ state: 'denied', error: 'Denied: it holds the data' });
    await noticed({ kind: 'decision', id });
  });

  it('grants autonomy to reversible tools only', async () => {
    const destructive = await h.call('POST', '/api/jarvis/policies', { body: { tool: 'remove_volume' } });
    expect(destructive.status).toBe(400);
    expect(destructive.json.error.message).toContain('always needs');
    const read = await h.call('POST', '/api/jarvis/policies', { body: { tool: 'container_logs' } });
    expect(read.status).toBe(400);
    expect((await h.call('POST', '/api/jarvis/policies', { body: { tool: 'rm_rf' } })).status).toBe(400);

    const granted = await h.call('POST', '/api/jarvis/policies', {
      body: { tool: 'restart_container', target: 'media-*' },
    });
    expect(granted.status).toBe(201);
    expect(granted.json).toMatchObject({ tool: 'restart_container', target: 'media-*', autonomous: true });
    const twice = await h.call('POST', '/api/jarvis/policies', {
      body: { tool: 'restart_container', target: 'media-*' },
    });
    expect(twice.status).toBe(409);
    expect((await h.call('GET', '/api/jarvis/policies')).json.policies).toHaveLength(1);
    expect((await h.call('DELETE', `/api/jarvis/policies/${granted.json.id}`)).status).toBe(204);
    expect((await h.call('DELETE', `/api/jarvis/policies/${granted.json.id}`)).status).toBe(404);
  });

  it('keeps runbooks, settings and usage', async () => {
    const seeded = await h.call('GET', '/api/jarvis/runbooks', { cookie: member() });
    expect(seeded.json.runbooks.map((r: { title: string }) => r.title)).toContain('Disk almost full');
    const created = await h.call('POST', '/api/jarvis/runbooks', {
      body: {
        title: 'Restart loop',
        symptoms: ['restart'],
        body: '1. Read the logs.',
        allowedTools: ['container_logs'],
      },
    });
    expect(created.status).toBe(201);
    const edited = await h.call('PUT', `/api/jarvis/runbooks/${created.json.id}`, {
      body: {
        ...created.json,
        title: 'Crash loop',
        id: undefined,
        createdAt: undefined,
        updatedAt: undefined,
      },
    });
    expect(edited.json.title).toBe('Crash loop');
    expect((await h.call('DELETE', `/api/jarvis/runbooks/${created.json.id}`)).status).toBe(204);

    const saved = await h.call('PUT', '/api/jarvis/settings', {
      body: { autonomyEnabled: false, discordApproverIds: ['400000000000000004'] },
    });
    expect(saved.json).toMatchObject({ autonomyEnabled: false, maxStepsPerTurn: 12 });
    expect((await h.call('GET', '/api/jarvis/settings', { cookie: member() })).json.autonomyEnabled).toBe(
      false,
    );

    await sql`insert into jarvis_usage (day, prompt_tokens, completion_tokens, cost_micros)
      values (current_date, 1200, 300, 360), (current_date - 3, 100, 50, 45), (current_date - 40, 9, 9, 9)`;
    const usage = await h.call('GET', '/api/jarvis/usage');
    expect(usage.json.today).toMatchObject({ promptTokens: 1200, completionTokens: 300, costMicros: 360 });
    expect(usage.json.last30Days).toHaveLength(2);
    expect(usage.json.total30Days).toEqual({ promptTokens: 1300, completionTokens: 350, costMicros: 405 });
  });

  it('summarises what needs attention, and says so when the runners are down', async () => {
    const [monitor] = await sql<{ id: string }[]>`
      insert into monitors (name, type, config, last_detail)
      values ('nas.example.org', 'tls', ${sql.json({ host: 'nas.example.org' })},
        ${sql.json({ daysLeft: 6, validTo: new Date(Date.now() + 6.5 * 86_400_000).toISOString() })})
      returning id`;
    await sql`insert into monitors (name, type, config, last_detail)
      values ('far', 'tls', ${sql.json({ host: 'far.example.org' })}, ${sql.json({ daysLeft: 80 })})`;
    const [incident] = await sql<{ id: string }[]>`
      insert into incidents (monitor_id, cause) values (${monitor!.id}, 'certificate expires in 6 days')
      returning id`;
    await sql`insert into jarvis_diagnoses (incident_id, state, source, problem, summary)
      values (${incident!.id}, 'diagnosed', 'rules', 'cert_expiring', 'Renewal is failing: port 80 is closed.')`;
    const { id: callId } = await proposedCall('restart_container', 'caddy');

    runner.reply((call) =>
      call.url === '/jarvis/status'
        ? { status: 200, body: { model: 'gpt-4o-mini', configured: true } }
        : {
            status: 200,
            body: [
              { tags: ['caddy:2'], update: 'available', containers: [{ id: 'a', name: 'caddy' }] },
              { tags: ['redis:7'], update: 'current', containers: [] },
            ],
          },
    );
    const seen = await h.call('GET', '/api/jarvis/attention');
    expect(seen.status).toBe(200);
    expect(seen.json.incidents).toContainEqual(
      expect.objectContaining({
        id: incident!.id,
        source: 'nas.example.org',
        diagnosis: expect.objectContaining({
          state: 'diagnosed',
          summary: 'Renewal is failing: port 80 is closed.',
        }),
      }),
    );
    expect(seen.json.approvals.count).toBeGreaterThanOrEqual(1);
    expect(seen.json.approvals.calls.map((c: { id: string }) => c.id)).toContain(callId);
    expect(seen.json.certificates).toEqual([
      expect.objectContaining({ monitorId: monitor!.id, name: 'nas.example.org', daysLeft: 6 }),
    ]);
    expect(seen.json.updates).toEqual([{ image: 'caddy:2', containers: ['caddy'] }]);
    expect(seen.json.model).toEqual({ connected: true, configured: true, model: 'gpt-4o-mini' });

    const found = await h.call('GET', '/api/jarvis/diagnoses?q=PORT 80', { cookie: member() });
    expect(found.json.diagnoses).toEqual([
      expect.objectContaining({
        problem: 'cert_expiring',
        incident: expect.objectContaining({
          cause: 'certificate expires in 6 days',
          source: 'nas.example.org',
        }),
      }),
    ]);
    expect((await h.call('GET', '/api/jarvis/diagnoses?q=100%25')).json.diagnoses).toEqual([]);

    runner.reply({ status: 503, body: { error: { code: 'runner_unavailable', message: 'down' } } });
    const down = await h.call('GET', '/api/jarvis/attention', { cookie: member() });
    expect(down.status).toBe(200);
    expect(down.json.model).toEqual({ connected: false, configured: false, model: null });
    expect(down.json.updates).toBeNull();
    expect(down.json.incidents.length).toBeGreaterThanOrEqual(1);
  });
});
