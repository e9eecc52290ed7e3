/**
 * Jarvis's Approve and Deny buttons in Discord, through the real interactions endpoint with signed
 * requests: an approver's press decides (audited as `discord:<name>`, NOTIFY to the runner, the
 * message loses its buttons); anyone else is told no privately, and a decided call stays decided.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from '../../test/harness';
import { app } from '../app';

const applicationId = '100000000000000001';
const approverId = '400000000000000004';
const strangerId = '400000000000000009';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

let h: Awaited<ReturnType<typeof createHarness>>;
let sql: postgres.Sql;
const notices: { kind: string; id?: string }[] = [];

beforeAll(async () => {
  h = await createHarness({
    DISCORD_PUBLIC_KEY: publicHex,
    DISCORD_APPLICATION_ID: applicationId,
    DISCORD_BOT_TOKEN: 'bot-token-bot-token-bot-token',
    // Nothing here calls Discord: the decision is the interaction's own answer.
    DISCORD_BASE_URL: 'http://127.0.0.1:9',
  });
  sql = postgres(h.ownerUrl, { max: 2, onnotice: () => {} });
  await sql.listen('jarvis', (payload) => notices.push(JSON.parse(payload)));
  await sql`insert into settings (key, value)
    values ('jarvis', ${sql.json({ discordApproverIds: [approverId], discordChannelId: '500000000000000005' })})`;
});
afterAll(async () => {
  await sql.end();
});

let counter = 0;
async function press(customId: string, user: { id: string; username: string }) {
  counter++;
  const body = JSON.stringify({
    id: `3000000000000${String(counter).padStart(5, '0')}`,
    application_id: applicationId,
    token: `interaction-token-${counter}`,
    type: 3,
    version: 1,
    guild_id: '200000000000000002',
    member: { user, roles: [], permissions: '0' },
    message: { id: '600000000000000006', content: '**Jarvis asks to run `restart_container`** on `web`' },
    data: { custom_id: customId, component_type: 2 },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
  const res = await app.request(
    'http://127.0.0.1:8787/discord/interactions',
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': timestamp,
      },
      body,
    },
    h.env,
  );
  expect(res.status).toBe(200);
  return res.json() as Promise<{ type: number; data: { content: string; flags?: number; components?: [] } }>;
}

async function proposedCall() {
  const [conversation] = await sql<{ id: string }[]>`
    insert into jarvis_conversations (title, state) values ('web is down', 'waiting') returning id`;
  const [call] = await sql<{ id: string }[]>`
    insert into jarvis_tool_calls (conversation_id, call_id, tool, args, target, risk, state)
    values (${conversation!.id}, 'call_1', 'restart_container', ${sql.json({ container: 'web' })}, 'web',
      'reversible', 'proposed')
    returning id`;
  return call!.id;
}

const stateOf = async (id: string) =>
  (await sql<{ state: string }[]>`select state from jarvis_tool_calls where id = ${id}`)[0]!.state;

describe('Jarvis approval buttons in Discord', () => {
  it('tells a stranger no, privately, and leaves the call waiting', async () => {
    const id = await proposedCall();
    const answer = await press(`jarvis:approve:${id}`, { id: strangerId, username: 'mallory' });
    expect(answer).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(answer.data.content).toContain('not allowed');
    expect(await stateOf(id)).toBe('proposed');
  });

  it("takes an approver's press as the decision, audits it and tells the runner", async () => {
    const id = await proposedCall();
    const answer = await press(`jarvis:approve:${id}`, { id: approverId, username: 'evin' });
    expect(answer.type).toBe(7);
    expect(answer.data.components).toEqual([]);
    expect(answer.data.content).toContain('Approved by discord:evin.');
    const [call] = await sql<{ state: string; decided_by: string; decided_by_id: string }[]>`
      select state, decided_by, decided_by_id from jarvis_tool_calls where id = ${id}`;
    expect(call).toEqual({ state: 'approved', decided_by: 'discord', decided_by_id: approverId });
    const audit = await sql<{ action: string; actor_label: string; target: string }[]>`
      select action, actor_label, target from audit_log where detail->>'toolCallId' = ${id}`;
    expect(audit).toEqual([{ action: 'jarvis.tool.approved', actor_label: 'discord:evin', target: 'web' }]);
    await expect.poll(() => notices.some((n) => n.kind === 'decision' && n.id === id)).toBe(true);

    const again = await press(`jarvis:deny:${id}`, { id: approverId, username: 'evin' });
    expect(again).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(again.data.content).toContain('already decided: approved by discord:evin');
    expect(await stateOf(id)).toBe('approved');
  });

  it('denies from Discord too, and a call decided on the web first stays decided', async () => {
    const id = await proposedCall();
    const denied = await press(`jarvis:deny:${id}`, { id: approverId, username: 'evin' });
    expect(denied.data.content).toContain('Denied by discord:evin.');
    expect(await stateOf(id)).toBe('denied');

    const onTheWeb = await proposedCall();
    await sql`update jarvis_tool_calls set state = 'approved', decided_by = 'web', decided_by_label = 'evin'
      where id = ${onTheWeb}`;
    const late = await press(`jarvis:deny:${onTheWeb}`, { id: approverId, username: 'evin' });
    expect(late.data.content).toBe('This call was already decided: approved by evin.');
    expect(await stateOf(onTheWeb)).toBe('approved');

    const stale = await press('jarvis:approve:not-a-call', { id: approverId, username: 'evin' });
    expect(stale.data.content).toBe('This button is out of date.');
  });
});
