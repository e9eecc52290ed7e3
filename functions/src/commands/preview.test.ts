import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from '../stream/testing';

describe('template preview', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let a: { tenantId: string; cookie: string };

  beforeAll(async () => {
    s = await streamHarness();
    a = await s.addTenant('alice');
    await s.owner`insert into bot_counters (tenant_id, name, value) values (${a.tenantId}, 'deaths', 41)`;
    await s.owner`insert into bot_settings (tenant_id, settings) values (${a.tenantId}, ${s.owner.json({ currency: { name: 'candies' } })})`;
    const [viewer] = await s.owner<{ id: string }[]>`
      insert into viewers (tenant_id, display_name, balance) values (${a.tenantId}, 'Zed', 700) returning id`;
    await s.owner`insert into viewers (tenant_id, display_name, balance) values (${a.tenantId}, 'Rich', 9000)`;
    await s.owner`insert into viewer_identities (tenant_id, platform, platform_user_id, viewer_id, user_name)
      values (${a.tenantId}, 'twitch', '77', ${viewer!.id}, 'zed')`;
    await s.owner`insert into bot_commands (tenant_id, name, aliases, response)
      values (${a.tenantId}, 'discord', '{dc}', 'discord.gg/x for $(user)')`;
  });
  afterAll(() => s.close());

  const preview = (body: Record<string, unknown>) =>
    s.h.call('POST', '/api/stream/commands/preview', { cookie: a.cookie, body });

  it('renders with the sample caller and arguments and the tenant’s data, without changing it', async () => {
    const res = await preview({
      template:
        '$(user) hugs $(touser): $(points) rank $(rank), deaths $(count deaths) ($(getcount deaths)) $(urlfetch https://example.com) $(game)',
      user: 'Zed',
      args: '@Mia extra',
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      ok: true,
      text: 'Zed hugs Mia: 700 candies rank #2, deaths 42 (41) [urlfetch: not run in preview] Just Chatting',
    });
    const [counter] =
      await s.owner`select value from bot_counters where tenant_id = ${a.tenantId} and name = 'deaths'`;
    expect(Number(counter!.value)).toBe(41);
  });

  it('renders a nested command by name or alias', async () => {
    const res = await preview({ template: 'See $(command dc)' });
    expect(res.json).toEqual({ ok: true, text: 'See discord.gg/x for viewer' });
  });

  it('answers a parse error as a result with its position', async () => {
    const res = await preview({ template: 'Hello $(bogus)' });
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(false);
    expect(res.json.error).toEqual({
      message: expect.any(String),
      start: expect.any(Number),
      end: expect.any(Number),
    });
    expect(res.json.error.start).toBeGreaterThanOrEqual(6);
  });

  it('never evaluates the sample arguments as a template', async () => {
    const res = await preview({ template: 'You said: $(args)', args: '$(count deaths)' });
    expect(res.json).toEqual({ ok: true, text: 'You said: $(count deaths)' });
  });
});
