/**
 * The edge of the network view: signed-in members may read it, bad history queries never reach the
 * runner, and the runner's answer comes through unchanged. The runner is a recording HTTP server.
 */
import { describe, expect, it } from 'vitest';
import { runnerRouteSuite } from '../monitors/testing';

describe('/api/network', () => {
  const { runner, h, member } = runnerRouteSuite({ member: true });

  it('lets members read the overview and relays it from the network runner', async () => {
    expect((await h.call('GET', '/api/network/overview', { cookie: null })).status).toBe(401);
    const overview = { at: '2026-11-29T14:00:00.000Z', interfaces: [], listening: [] };
    runner.reply({ status: 200, body: overview });
    const res = await h.call('GET', '/api/network/overview', { cookie: member() });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(overview);
    expect(runner.seen[0]).toMatchObject({ method: 'GET', url: '/network/overview', signed: true });
  });

  it('passes a valid history query on, with the range defaulting to an hour', async () => {
    runner.reply({ status: 200, body: { iface: 'eth0', range: '1h', bucketSeconds: 30, points: [] } });
    const res = await h.call('GET', '/api/network/history?iface=eth0');
    expect(res.status).toBe(200);
    expect(runner.seen.at(-1)?.url).toBe('/network/history?iface=eth0&range=1h');
  });

  it('refuses an unknown range or a missing interface before asking the runner', async () => {
    runner.seen.length = 0;
    const range = await h.call('GET', '/api/network/history?iface=eth0&range=2d');
    expect(range.status).toBe(400);
    expect(range.json.error.message).toContain('1h, 24h, 7d');
    const iface = await h.call('GET', '/api/network/history?range=1h');
    expect(iface.status).toBe(400);
    expect(iface.json.error.fields.iface).toBeDefined();
    const weird = await h.call('GET', '/api/network/history?iface=../../etc');
    expect(weird.status).toBe(400);
    expect(runner.seen).toHaveLength(0);
  });
});
