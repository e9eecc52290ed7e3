/**
 * The edge of dynamic DNS: members see where things stand, owners and admins manage records whose
 * passwords never reach the audit log, bad records never reach the ddns runner. The runner is a
 * recording HTTP server.
 */
import { describe, expect, it } from 'vitest';
import { runnerRouteSuite } from '../monitors/testing';

const id = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const record = {
  provider: 'zoneedit',
  hostname: 'rig-city.com',
  username: 'evin',
  password: 'zone-edit-token-xyz',
};
const saved = { id, provider: 'zoneedit', hostname: 'rig-city.com', enabled: true, lastIp: null };

describe('/api/ddns', () => {
  const { runner, h, member } = runnerRouteSuite({ member: true });

  it('lets members see the status but only owners and admins change records', async () => {
    expect((await h.call('GET', '/api/ddns/status', { cookie: null })).status).toBe(401);
    const publicIp = { ip: '203.0.113.7', at: '2026-11-01T00:00:00.000Z', sources: [] };
    runner.reply({ status: 200, body: { publicIp, sources: [], lastCheck: null } });
    const status = await h.call('GET', '/api/ddns/status', { cookie: member() });
    expect(status.json.publicIp).toEqual(publicIp);
    runner.seen.length = 0;
    expect((await h.call('POST', '/api/ddns/records', { body: record, cookie: member() })).status).toBe(403);
    expect((await h.call('POST', '/api/ddns/check', { cookie: member() })).status).toBe(403);
    expect(runner.seen).toHaveLength(0);
  });

  it('refuses bad records before asking the runner', async () => {
    const host = await h.call('POST', '/api/ddns/records', { body: { ...record, hostname: 'rig city!' } });
    expect(host.status).toBe(400);
    expect(host.json.error.fields.hostname).toBeDefined();
    const provider = await h.call('POST', '/api/ddns/records', { body: { ...record, provider: 'godaddy' } });
    expect(provider.status).toBe(400);
    const server = await h.call('PUT', `/api/ddns/records/${id}`, {
      body: { ...record, serverUrl: 'not a url' },
    });
    expect(server.status).toBe(400);
    expect(server.json.error.fields.serverUrl).toBeDefined();
    expect((await h.call('GET', '/api/ddns/history?limit=0')).status).toBe(400);
    expect(runner.seen).toHaveLength(0);
  });

  it('signs the call, relays the answer and audits without the password', async () => {
    // The runner wraps the record ({record}); the edge answers it bare.
    runner.reply({ status: 201, body: { record: saved } });
    const res = await h.call('POST', '/api/ddns/records', { body: record });
    expect(res.status).toBe(201);
    expect(res.json).toEqual(saved);
    expect(runner.seen[0]).toMatchObject({ method: 'POST', url: '/ddns/records', signed: true });
    const check = {
      ip: '203.0.113.8',
      at: '2026-11-01T00:00:00.000Z',
      answers: [],
      ipChanged: true,
      attempted: [],
    };
    runner.reply({ status: 200, body: check });
    expect((await h.call('POST', '/api/ddns/check')).json).toEqual(check);
    runner.reply({ status: 200, body: [{ at: '2026-11-01T00:00:00Z', kind: 'ip_changed' }] });
    const history = await h.call('GET', `/api/ddns/history?recordId=${id}`, { cookie: member() });
    expect(history.json.history).toHaveLength(1);
    expect(runner.seen.at(-1)!.url).toBe(`/ddns/history?recordId=${id}&limit=100`);
    const audit = await h.call('GET', '/api/audit?limit=2');
    expect(audit.json.entries.map((e: { action: string }) => e.action)).toEqual([
      'ddns.check',
      'ddns.record.create',
    ]);
    expect(audit.json.entries[1].target).toBe(id);
    expect(JSON.stringify(audit.json)).not.toContain('zone-edit-token-xyz');
  });

  it("hands on the runner's refusals with their code", async () => {
    runner.reply({
      status: 409,
      body: { error: { code: 'duplicate', message: 'rig-city.com is already a zoneedit record.' } },
    });
    const dup = await h.call('POST', '/api/ddns/records', { body: record });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe('duplicate');
  });
});
