import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from '../stream/testing';

describe('moderation API', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let a: { tenantId: string; cookie: string };
  let b: { tenantId: string; cookie: string };
  let channel: string;
  const notes: unknown[] = [];

  beforeAll(async () => {
    s = await streamHarness();
    a = await s.addTenant('alice');
    b = await s.addTenant('bob');
    channel = await s.addChannel(a.tenantId, 'twitch', '1001');
    await s.owner.listen('bot', (payload) => notes.push(JSON.parse(payload)));
  });
  afterAll(() => s.close());

  async function addAction(fields: {
    rule: string;
    action: string;
    reason: string;
    message?: string;
    user?: string;
  }) {
    const [row] = await s.owner<{ id: string }[]>`
      insert into mod_actions (tenant_id, channel_id, platform, user_id, user_name, message, rule, action, reason, score)
      values (${a.tenantId}, ${channel}, 'twitch', ${`id-${fields.user ?? 'spammer'}`}, ${fields.user ?? 'Spammer'},
        ${fields.message ?? 'hello'}, ${fields.rule}, ${fields.action}, ${fields.reason},
        ${fields.rule.startsWith('ai:') ? 0.6 : null})
      returning id`;
    return Number(row!.id);
  }

  const call = (method: string, path: string, as: { cookie: string }, body?: unknown) =>
    s.h.call(method, `/api/stream${path}`, { cookie: as.cookie, ...(body === undefined ? {} : { body }) });

  it('lists the log newest first with filters and a cursor, and the review queue apart', async () => {
    const first = await addAction({
      rule: 'links',
      action: 'delete',
      reason: 'link: evil.com',
      message: 'evil.com',
    });
    const second = await addAction({ rule: 'caps', action: 'timeout', reason: '90% capitals' });
    const review = await addAction({
      rule: 'ai:harassment',
      action: 'warn',
      reason: 'for review',
      message: 'meh',
    });

    const all = await call('GET', '/moderation/actions?limit=2', a);
    expect(all.status).toBe(200);
    expect(all.json.actions.map((x: { id: number }) => x.id)).toEqual([review, second]);
    const next = await call('GET', `/moderation/actions?limit=2&cursor=${all.json.nextCursor}`, a);
    expect(next.json.actions.map((x: { id: number }) => x.id)).toEqual([first]);
    expect(next.json.nextCursor).toBeNull();

    const queue = await call('GET', '/moderation/actions?state=review', a);
    expect(queue.json.actions).toMatchObject([{ id: review, review: true, score: 0.6 }]);
    const links = await call('GET', '/moderation/actions?rule=links', a);
    expect(links.json.actions.map((x: { id: number }) => x.id)).toEqual([first]);
    expect((await call('GET', '/moderation/actions?state=bogus', a)).status).toBe(400);
  });

  it('approves a review row: it leaves the queue', async () => {
    const id = await addAction({ rule: 'ai:hate', action: 'warn', reason: 'for review' });
    const approved = await call('POST', `/moderation/actions/${id}/approve`, a);
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ state: 'approved', reviewedBy: 'alice', review: false });
    const queue = await call('GET', '/moderation/actions?state=review', a);
    expect(queue.json.actions.map((x: { id: number }) => x.id)).not.toContain(id);
  });

  it('undoes an action and teaches the allow-list what it hit, telling the runners', async () => {
    const link = await addAction({ rule: 'links', action: 'timeout', reason: 'link: Clips.Example.com' });
    const undone = await call('POST', `/moderation/actions/${link}/undo`, a, {});
    expect(undone.status).toBe(200);
    expect(undone.json.action).toMatchObject({ state: 'undone', reviewedBy: 'alice' });
    expect(undone.json.allowed).toMatchObject({ kind: 'link', value: 'clips.example.com', addedBy: 'alice' });

    const banned = await addAction({ rule: 'banned', action: 'delete', reason: 'banned: "Frobnicate"' });
    expect((await call('POST', `/moderation/actions/${banned}/undo`, a, {})).json.allowed).toMatchObject({
      kind: 'phrase',
      value: 'frobnicate',
    });
    const caps = await addAction({ rule: 'caps', action: 'delete', reason: '90% capitals', user: 'LoudOne' });
    expect((await call('POST', `/moderation/actions/${caps}/undo`, a, {})).json.allowed).toMatchObject({
      kind: 'user',
      value: 'loudone',
    });
    const ai = await addAction({
      rule: 'ai:harassment',
      action: 'delete',
      reason: 'AI',
      message: 'Fair Play',
    });
    expect(
      (await call('POST', `/moderation/actions/${ai}/undo`, a, { allow: 'none' })).json.allowed,
    ).toBeNull();

    const list = await call('GET', '/moderation/allowlist', a);
    expect(list.json.entries.map((e: { kind: string; value: string }) => `${e.kind}:${e.value}`)).toEqual([
      'link:clips.example.com',
      'phrase:frobnicate',
      'user:loudone',
    ]);
    await expect
      .poll(
        () =>
          notes.filter((n) => JSON.stringify(n) === JSON.stringify({ tenantId: a.tenantId, kind: 'config' }))
            .length,
      )
      .toBeGreaterThanOrEqual(4);
  });

  it('adds and removes allow-list entries', async () => {
    const added = await call('POST', '/moderation/allowlist', a, { kind: 'phrase', value: '  GG EZ ' });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ kind: 'phrase', value: 'gg ez' });
    expect((await call('POST', '/moderation/allowlist', a, { kind: 'nope', value: 'x' })).status).toBe(400);
    expect((await call('POST', '/moderation/allowlist', a, { kind: 'user', value: '' })).status).toBe(400);
    const removed = await call('DELETE', '/moderation/allowlist?kind=phrase&value=GG%20EZ', a);
    expect(removed.status).toBe(204);
    expect((await call('DELETE', '/moderation/allowlist?kind=phrase&value=gg%20ez', a)).status).toBe(404);
  });

  it("answers 404 for another tenant's actions and shows them nothing", async () => {
    const id = await addAction({ rule: 'links', action: 'ban', reason: 'link: x.com' });
    expect((await call('POST', `/moderation/actions/${id}/approve`, b)).status).toBe(404);
    expect((await call('POST', `/moderation/actions/${id}/undo`, b, {})).status).toBe(404);
    expect((await call('GET', '/moderation/actions', b)).json.actions).toEqual([]);
    expect((await call('GET', '/moderation/allowlist', b)).json.entries).toEqual([]);
    await call('POST', '/moderation/allowlist', a, { kind: 'user', value: 'keep' });
    expect((await call('DELETE', '/moderation/allowlist?kind=user&value=keep', b)).status).toBe(404);
    expect((await call('POST', '/moderation/actions/abc/approve', a)).status).toBe(400);
    const [row] = await s.owner<{ state: string }[]>`select state from mod_actions where id = ${id}`;
    expect(row!.state).toBe('done');
  });

  it('refuses callers without a session', async () => {
    expect((await s.h.call('GET', '/api/stream/moderation/actions')).status).toBe(401);
  });
});
