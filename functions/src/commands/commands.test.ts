import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from '../stream/testing';

describe('custom commands API', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let a: { tenantId: string; cookie: string };
  let b: { tenantId: string; cookie: string };
  const notes: unknown[] = [];

  beforeAll(async () => {
    s = await streamHarness();
    a = await s.addTenant('alice');
    b = await s.addTenant('bob');
    await s.owner.listen('bot', (payload) => notes.push(JSON.parse(payload)));
  });
  afterAll(() => s.close());

  const create = (as: { cookie: string }, body: Record<string, unknown>) =>
    s.h.call('POST', '/api/stream/commands', { cookie: as.cookie, body });

  it('creates, reads, changes and deletes a command, telling the runners each time', async () => {
    const created = await create(a, { name: '!Discord', aliases: ['DC'], response: 'Join us, $(user)!' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'discord',
      aliases: ['dc'],
      responseType: 'say',
      platforms: ['twitch', 'youtube', 'kick'],
      minLevel: 'everyone',
      cost: 0,
      enabled: true,
      uses: 0,
    });
    const id = created.json.id as string;
    const list = await s.h.call('GET', '/api/stream/commands', { cookie: a.cookie });
    expect(list.json.commands.map((c: { id: string }) => c.id)).toEqual([id]);
    const got = await s.h.call('GET', `/api/stream/commands/${id}`, { cookie: a.cookie });
    expect(got.json.response).toBe('Join us, $(user)!');

    const patched = await s.h.call('PATCH', `/api/stream/commands/${id}`, {
      cookie: a.cookie,
      body: {
        cost: 50,
        userCooldownS: 86_400,
        platforms: ['kick'],
        minLevel: 'subscriber',
        responseType: 'reply',
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      cost: 50,
      userCooldownS: 86_400,
      platforms: ['kick'],
      minLevel: 'subscriber',
    });

    const removed = await s.h.call('DELETE', `/api/stream/commands/${id}`, { cookie: a.cookie });
    expect(removed.status).toBe(204);
    expect(await s.owner`select id from bot_commands where id = ${id}`).toHaveLength(0);

    await expect
      .poll(
        () =>
          notes.filter((n) => JSON.stringify(n) === JSON.stringify({ tenantId: a.tenantId, kind: 'config' }))
            .length,
      )
      .toBe(3);
    const audit =
      await s.owner`select action from audit_log where target = ${id} and outcome = 'success' order by at`;
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(['stream.command.create', 'stream.command.update', 'stream.command.delete']),
    );
  });

  it('refuses a name or alias taken by another command or a built-in, naming the clash', async () => {
    const first = await create(a, { name: 'lurk', aliases: ['afk'], response: 'bye' });
    expect(first.status).toBe(201);
    const sameName = await create(a, { name: 'LURK', response: 'x' });
    expect(sameName.status).toBe(409);
    expect(sameName.json.error.message).toBe('!lurk is already a command.');
    const aliasAsName = await create(a, { name: 'afk', response: 'x' });
    expect(aliasAsName.status).toBe(409);
    expect(aliasAsName.json.error.message).toBe('!afk is already an alias of !lurk.');
    const nameAsAlias = await create(a, { name: 'brb', aliases: ['lurk'], response: 'x' });
    expect(nameAsAlias.status).toBe(409);
    const builtin = await create(a, { name: 'hello', aliases: ['shoutout'], response: 'x' });
    expect(builtin.status).toBe(409);
    expect(builtin.json.error.message).toContain('!shoutout is a built-in command');
    const twice = await create(a, { name: 'hi', aliases: ['hey', 'HEY'], response: 'x' });
    expect(twice.status).toBe(400);

    const other = await create(a, { name: 'brb', response: 'x' });
    const renamed = await s.h.call('PATCH', `/api/stream/commands/${other.json.id}`, {
      cookie: a.cookie,
      body: { aliases: ['afk'] },
    });
    expect(renamed.status).toBe(409);
    // A command keeps its own names when edited, and another tenant may use the same ones.
    const self = await s.h.call('PATCH', `/api/stream/commands/${first.json.id}`, {
      cookie: a.cookie,
      body: { name: 'lurk', aliases: ['afk', 'away'] },
    });
    expect(self.status).toBe(200);
    expect((await create(b, { name: 'lurk', aliases: ['afk'], response: 'x' })).status).toBe(201);
  });

  it('refuses a response that does not parse, with the position of the problem', async () => {
    const res = await create(a, { name: 'broken', response: 'Hi $(nosuchvariable) there' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('template_error');
    expect(res.json.error.template).toEqual({
      message: expect.any(String),
      start: expect.any(Number),
      end: expect.any(Number),
    });
    expect(res.json.error.template.start).toBeGreaterThanOrEqual(3);
    expect(res.json.error.template.end).toBeGreaterThan(res.json.error.template.start);
    const unbalanced = await create(a, { name: 'broken', response: 'Hi $(user' });
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.json.error.template.start).toBeGreaterThanOrEqual(3);
    expect(await s.owner`select id from bot_commands where name = 'broken'`).toHaveLength(0);
  });

  it('checks the ranges of every field', async () => {
    const bad = [
      { name: 'has space', response: 'x' },
      { name: 'a'.repeat(41), response: 'x' },
      { name: 'ok', response: 'x', aliases: Array.from({ length: 11 }, (_, i) => `a${i}`) },
      { name: 'ok', response: 'x', globalCooldownS: 86_401 },
      { name: 'ok', response: 'x', userCooldownS: -1 },
      { name: 'ok', response: 'x', cost: -5 },
      { name: 'ok', response: 'x', platforms: [] },
      { name: 'ok', response: 'x', platforms: ['discord'] },
      { name: 'ok', response: 'x', minLevel: 'admin' },
      { name: 'ok', response: 'x', responseType: 'shout' },
      { name: 'ok', response: '   ' },
      { name: 'ok', response: 'x', extra: true },
    ];
    for (const body of bad) {
      const res = await create(a, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("answers 404 to another tenant's command ids and changes nothing", async () => {
    const mine = await create(a, { name: 'mine', response: 'only alice' });
    const before = await s.owner`select * from bot_commands where tenant_id = ${a.tenantId} order by id`;
    const as = { cookie: b.cookie };
    const calls = [
      s.h.call('GET', `/api/stream/commands/${mine.json.id}`, as),
      s.h.call('PATCH', `/api/stream/commands/${mine.json.id}`, {
        ...as,
        body: { response: 'bob was here' },
      }),
      s.h.call('PATCH', `/api/stream/commands/${mine.json.id}`, { ...as, body: {} }),
      s.h.call('DELETE', `/api/stream/commands/${mine.json.id}`, as),
    ];
    for (const res of await Promise.all(calls)) expect(res.status).toBe(404);
    const list = await s.h.call('GET', '/api/stream/commands', as);
    expect(list.json.commands.every((c: { name: string }) => c.name !== 'mine')).toBe(true);
    expect(await s.owner`select * from bot_commands where tenant_id = ${a.tenantId} order by id`).toEqual(
      before,
    );
  });

  it('lists the built-ins with their levels and usage', async () => {
    const res = await s.h.call('GET', '/api/stream/commands/builtins', { cookie: a.cookie });
    expect(res.status).toBe(200);
    expect(res.json.commands).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'so',
          aliases: ['shoutout'],
          level: 'modLevel',
          usage: '!so @user',
        }),
      ]),
    );
    expect((await s.h.call('GET', '/api/stream/commands/builtins', { cookie: null })).status).toBe(401);
  });
});
