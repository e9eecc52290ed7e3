/**
 * The edge of game streaming: members read, only owners and admins change anything (audited), bad
 * PINs and ids never reach the gaming runner, and the runner's "not configured" refusal reaches the
 * browser as a 503 with its code. The runner is a recording server.
 */
import { describe, expect, it } from 'vitest';
import { runnerRouteSuite } from '../monitors/testing';

const status = {
  state: 'online',
  url: 'https://gaming-pc:47990',
  version: '2025.924.154138',
  reason: null,
  checkedAt: '2026-11-29T12:00:00.000Z',
  tlsPinned: true,
  currentApp: null,
  session: null,
  wol: {
    configured: true,
    mac: '00:11:22:33:44:55',
    broadcast: '192.168.1.255:9',
    lastSentAt: null,
    progress: { state: 'idle', sentAt: null, attempts: 0, message: null },
  },
};

describe('/api/gaming', () => {
  const { runner, h, member } = runnerRouteSuite({ member: true });

  it('lets members read the status but not launch, pair or wake', async () => {
    expect((await h.call('GET', '/api/gaming/status', { cookie: null })).status).toBe(401);
    runner.reply({ status: 200, body: { status } });
    const res = await h.call('GET', '/api/gaming/status?refresh=1', { cookie: member() });
    expect(res.json).toEqual(status);
    expect(runner.seen[0]).toMatchObject({ method: 'GET', url: '/gaming/status?refresh=1', signed: true });
    runner.seen.length = 0;
    for (const [path, body] of [
      ['/api/gaming/apps/launch', { uuid: 'ABC' }],
      ['/api/gaming/pair', { pin: '1234', name: 'TV' }],
      ['/api/gaming/wake', undefined],
    ] as const)
      expect((await h.call('POST', path, { body, cookie: member() })).status).toBe(403);
    expect(runner.seen).toHaveLength(0);
  });

  it('refuses a PIN that is not 4 digits, a missing device name and a bad client id', async () => {
    const short = await h.call('POST', '/api/gaming/pair', { body: { pin: '123', name: 'TV' } });
    expect(short.status).toBe(400);
    expect(short.json.error.fields.pin).toBeDefined();
    expect((await h.call('POST', '/api/gaming/pair', { body: { pin: '1234', name: '' } })).status).toBe(400);
    expect(
      (await h.call('POST', '/api/gaming/pair', { body: { pin: '1234', name: 'x'.repeat(65) } })).status,
    ).toBe(400);
    expect((await h.call('POST', '/api/gaming/clients/..%2Fetc/unpair')).status).toBe(400);
    expect(runner.seen).toHaveLength(0);
  });

  it('pairs and unpairs through the runner, and audits both without the PIN', async () => {
    runner.reply({ status: 200, body: { client: { uuid: 'C0FFEE-1', name: 'Living room TV' } } });
    const paired = await h.call('POST', '/api/gaming/pair', {
      body: { pin: '4821', name: 'Living room TV' },
    });
    expect(paired.status).toBe(200);
    expect(paired.json.client.name).toBe('Living room TV');
    expect(JSON.parse(runner.seen[0]?.body ?? '{}')).toEqual({ pin: '4821', name: 'Living room TV' });

    runner.reply({ status: 200, body: { unpaired: true } });
    expect((await h.call('POST', '/api/gaming/clients/C0FFEE-1/unpair')).status).toBe(200);
    expect(runner.seen[1]).toMatchObject({
      url: '/gaming/clients/unpair',
      body: JSON.stringify({ uuid: 'C0FFEE-1' }),
    });

    const audit = await h.call('GET', '/api/audit?limit=2');
    const entries = audit.json.entries as { action: string; target: string }[];
    expect(entries.map((entry) => [entry.action, entry.target])).toEqual([
      ['gaming.client.unpair', 'C0FFEE-1'],
      ['gaming.client.pair', 'C0FFEE-1'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('4821');
  });

  it('passes the runner’s not_configured refusal on as a 503 with its message', async () => {
    runner.reply({
      status: 503,
      body: { error: { code: 'not_configured', message: 'Sunshine is not configured: set SUNSHINE_URL …' } },
    });
    const res = await h.call('GET', '/api/gaming/apps');
    expect(res.status).toBe(503);
    expect(res.json.error).toMatchObject({
      code: 'not_configured',
      message: expect.stringMatching(/SUNSHINE_URL/),
    });
  });
});
