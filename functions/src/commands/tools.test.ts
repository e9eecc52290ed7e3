import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from '../stream/testing';

describe('chat tools API', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let a: { tenantId: string; cookie: string };
  let b: { tenantId: string; cookie: string };

  async function snapshotOf(tenantId: string) {
    return {
      quotes: await s.owner`select * from bot_quotes where tenant_id = ${tenantId} order by id`,
      keywords: await s.owner`select * from bot_keywords where tenant_id = ${tenantId} order by id`,
      counters: await s.owner`select * from bot_counters where tenant_id = ${tenantId} order by name`,
      queue: await s.owner`select * from bot_viewer_queue where tenant_id = ${tenantId} order by id`,
    };
  }

  async function queueViewer(tenantId: string, name: string) {
    const [viewer] = await s.owner<{ id: string }[]>`
      insert into viewers (tenant_id, display_name) values (${tenantId}, ${name}) returning id`;
    const [row] = await s.owner<{ id: string }[]>`
      insert into bot_viewer_queue (tenant_id, viewer_id, user_name, platform)
      values (${tenantId}, ${viewer!.id}, ${name}, 'twitch') returning id`;
    return Number(row!.id);
  }

  beforeAll(async () => {
    s = await streamHarness();
    a = await s.addTenant('alice-tools');
    b = await s.addTenant('bob-tools');
  });
  afterAll(() => s.close());

  it('manages quotes, keywords, counters and the queue of the caller', async () => {
    const as = { cookie: a.cookie };
    const q1 = await s.h.call('POST', '/api/stream/quotes', { ...as, body: { text: 'first', author: 'me' } });
    const q2 = await s.h.call('POST', '/api/stream/quotes', { ...as, body: { text: 'second' } });
    expect([q1.status, q1.json.number, q2.json.number]).toEqual([201, 1, 2]);
    const edited = await s.h.call('PATCH', `/api/stream/quotes/${q1.json.id}`, {
      ...as,
      body: { text: 'first!' },
    });
    expect(edited.json).toMatchObject({ text: 'first!', author: 'me', number: 1 });
    expect(
      (await s.h.call('GET', '/api/stream/quotes', as)).json.quotes.map((q: { number: number }) => q.number),
    ).toEqual([2, 1]);
    expect((await s.h.call('DELETE', `/api/stream/quotes/${q2.json.id}`, as)).status).toBe(204);

    const kw = await s.h.call('POST', '/api/stream/keywords', {
      ...as,
      body: { pattern: 'discord', response: 'Join $(user)!' },
    });
    expect(kw.status).toBe(201);
    expect(kw.json).toMatchObject({ pattern: 'discord', cooldownS: 30, minLevel: 'everyone', enabled: true });
    const bad = await s.h.call('POST', '/api/stream/keywords', {
      ...as,
      body: { pattern: 'x', response: 'Hi $(nosuchvariable)' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_template');
    expect(bad.json.error.fields['response.start']).toEqual([expect.stringMatching(/^\d+$/)]);
    const onlyStars = await s.h.call('POST', '/api/stream/keywords', {
      ...as,
      body: { pattern: '**', response: 'x' },
    });
    expect(onlyStars.status).toBe(400);
    const patched = await s.h.call('PATCH', `/api/stream/keywords/${kw.json.id}`, {
      ...as,
      body: { enabled: false },
    });
    expect(patched.json.enabled).toBe(false);

    const counter = await s.h.call('PUT', '/api/stream/counters/deaths', { ...as, body: { value: 7 } });
    expect(counter.json).toMatchObject({ name: 'deaths', value: 7 });
    expect((await s.h.call('GET', '/api/stream/counters', as)).json.counters).toHaveLength(1);

    const first = await queueViewer(a.tenantId, 'one');
    await queueViewer(a.tenantId, 'two');
    expect((await s.h.call('POST', '/api/stream/queue/open', as)).json).toEqual({ open: true });
    const [settings] = await s.owner`select settings from bot_settings where tenant_id = ${a.tenantId}`;
    expect(settings!.settings).toEqual({ builtins: { queue: { open: true } } });
    const picked = await s.h.call('POST', '/api/stream/queue/pick', { ...as, body: {} });
    expect(picked.json.picked.map((p: { id: number }) => p.id)).toEqual([first]);
    const queue = await s.h.call('GET', '/api/stream/queue', as);
    expect(queue.json.open).toBe(true);
    expect(queue.json.waiting.map((e: { userName: string }) => e.userName)).toEqual(['two']);
    expect(queue.json.picked.map((e: { userName: string }) => e.userName)).toEqual(['one']);
    expect((await s.h.call('POST', '/api/stream/queue/clear', as)).json).toEqual({ removed: 1 });
    expect((await s.h.call('POST', '/api/stream/queue/close', as)).json).toEqual({ open: false });
    const [audit] =
      await s.owner`select 1 from audit_log where action = 'stream.keyword.create' and outcome = 'success'`;
    expect(audit).toBeDefined();
  });

  it("answers 404 to another tenant's ids and changes nothing", async () => {
    const quote = await s.h.call('POST', '/api/stream/quotes', { cookie: a.cookie, body: { text: 'mine' } });
    const kw = await s.h.call('POST', '/api/stream/keywords', {
      cookie: a.cookie,
      body: { pattern: 'p', response: 'r' },
    });
    await s.h.call('PUT', '/api/stream/counters/wins', { cookie: a.cookie, body: { value: 1 } });
    const entry = await queueViewer(a.tenantId, 'waiting');
    const before = await snapshotOf(a.tenantId);
    const as = { cookie: b.cookie };
    const calls = [
      s.h.call('PATCH', `/api/stream/quotes/${quote.json.id}`, { ...as, body: { text: 'x' } }),
      s.h.call('DELETE', `/api/stream/quotes/${quote.json.id}`, as),
      s.h.call('PATCH', `/api/stream/keywords/${kw.json.id}`, { ...as, body: { enabled: false } }),
      s.h.call('DELETE', `/api/stream/keywords/${kw.json.id}`, as),
      s.h.call('DELETE', '/api/stream/counters/wins', as),
      s.h.call('DELETE', `/api/stream/queue/${entry}`, as),
    ];
    for (const res of await Promise.all(calls)) expect(res.status).toBe(404);
    expect((await s.h.call('POST', '/api/stream/queue/pick', { ...as, body: {} })).json.picked).toEqual([]);
    expect((await s.h.call('POST', '/api/stream/queue/clear', as)).json.removed).toBe(0);
    expect((await s.h.call('GET', '/api/stream/quotes', as)).json.quotes).toEqual([]);
    expect((await s.h.call('GET', '/api/stream/queue', as)).json.waiting).toEqual([]);
    expect(await snapshotOf(a.tenantId)).toEqual(before);
  });
});
