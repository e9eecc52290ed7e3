import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from '../stream/testing';

describe('timers API', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let a: { tenantId: string; cookie: string };
  let b: { tenantId: string; cookie: string };
  const notes: string[] = [];

  beforeAll(async () => {
    s = await streamHarness();
    a = await s.addTenant('alice');
    b = await s.addTenant('bob');
    await s.owner.listen('bot', (payload) => notes.push(payload));
  });
  afterAll(() => s.close());

  const create = (as: { cookie: string }, body: Record<string, unknown>) =>
    s.h.call('POST', '/api/stream/timers', { cookie: as.cookie, body });

  it('creates, lists, changes and deletes a timer, telling the runners', async () => {
    const created = await create(a, { name: 'Socials', message: 'Follow $(user)!', intervalS: 600 });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'Socials',
      intervalS: 600,
      minLines: 5,
      onlineOnly: true,
      platforms: ['twitch', 'youtube', 'kick'],
      enabled: true,
      lastRunAt: null,
    });
    const id = created.json.id;
    const patched = await s.h.call('PATCH', `/api/stream/timers/${id}`, {
      cookie: a.cookie,
      body: { minLines: 0, onlineOnly: false, platforms: ['youtube'], enabled: false },
    });
    expect(patched.json).toMatchObject({
      minLines: 0,
      onlineOnly: false,
      platforms: ['youtube'],
      enabled: false,
    });
    const list = await s.h.call('GET', '/api/stream/timers', { cookie: a.cookie });
    expect(list.json.timers.map((t: { id: string }) => t.id)).toEqual([id]);
    expect((await s.h.call('DELETE', `/api/stream/timers/${id}`, { cookie: a.cookie })).status).toBe(204);
    const mine = JSON.stringify({ tenantId: a.tenantId, kind: 'config' });
    await expect.poll(() => notes.filter((n) => n === mine).length).toBe(3);
  });

  it('refuses bad ranges, a taken name and a message that does not parse', async () => {
    for (const body of [
      { name: 't', message: 'x', intervalS: 59 },
      { name: 't', message: 'x', intervalS: 86_401 },
      { name: 't', message: 'x', minLines: 1_001 },
      { name: 't', message: 'x', platforms: [] },
      { name: '', message: 'x' },
    ]) {
      expect((await create(a, body)).status, JSON.stringify(body)).toBe(400);
    }
    const broken = await create(a, { name: 't', message: 'hi $(user' });
    expect(broken.status).toBe(400);
    expect(broken.json.error.template.start).toBeGreaterThanOrEqual(3);
    expect((await create(a, { name: 'Dup', message: 'one' })).status).toBe(201);
    const dup = await create(a, { name: 'Dup', message: 'two' });
    expect(dup.status).toBe(409);
    expect(dup.json.error.message).toContain('Dup');
  });

  it("answers 404 to another tenant's timer ids and changes nothing", async () => {
    const mine = await create(a, { name: 'Mine', message: 'only alice' });
    const before = await s.owner`select * from bot_timers where tenant_id = ${a.tenantId} order by id`;
    const as = { cookie: b.cookie };
    for (const res of await Promise.all([
      s.h.call('PATCH', `/api/stream/timers/${mine.json.id}`, { ...as, body: { message: 'bob' } }),
      s.h.call('PATCH', `/api/stream/timers/${mine.json.id}`, { ...as, body: {} }),
      s.h.call('DELETE', `/api/stream/timers/${mine.json.id}`, as),
    ])) {
      expect(res.status).toBe(404);
    }
    expect((await s.h.call('GET', '/api/stream/timers', as)).json.timers).toEqual([]);
    expect(await s.owner`select * from bot_timers where tenant_id = ${a.tenantId} order by id`).toEqual(
      before,
    );
  });
});
