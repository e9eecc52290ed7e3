/**
 * The edge of system alert rules: members read, owners and admins change, bad rules never reach
 * the alerts runner, and every change is signed and audited. The runner is a recording HTTP server.
 */
import { describe, expect, it } from 'vitest';
import { runnerRouteSuite } from '../monitors/testing';

const id = '2d4e6f80-1a3b-4c5d-9e7f-a1b2c3d4e5f6';
const rule = { name: 'Disk almost full', metric: 'disk', threshold: 90, durationSeconds: 300 };
const saved = { id, ...rule, enabled: true, channelIds: [], firing: false, firingSince: null };

describe('/api/alerts', () => {
  const { runner, h, member } = runnerRouteSuite({ member: true });

  it('lets members read rules but only owners and admins change them', async () => {
    expect((await h.call('GET', '/api/alerts/rules', { cookie: null })).status).toBe(401);
    runner.reply({ status: 200, body: [saved] });
    expect((await h.call('GET', '/api/alerts/rules', { cookie: member() })).json).toEqual({ rules: [saved] });
    runner.seen.length = 0;
    expect((await h.call('POST', '/api/alerts/rules', { body: rule, cookie: member() })).status).toBe(403);
    expect((await h.call('POST', '/api/alerts/evaluate', { cookie: member() })).status).toBe(403);
    expect(runner.seen).toHaveLength(0);
  });

  it('refuses bad rules before asking the runner', async () => {
    const metric = await h.call('POST', '/api/alerts/rules', { body: { ...rule, metric: 'vibes' } });
    expect(metric.status).toBe(400);
    expect(metric.json.error.fields.metric).toBeDefined();
    const threshold = await h.call('PUT', `/api/alerts/rules/${id}`, { body: { ...rule, threshold: -1 } });
    expect(threshold.status).toBe(400);
    expect(threshold.json.error.fields.threshold).toBeDefined();
    const channels = await h.call('POST', '/api/alerts/rules', {
      body: { ...rule, channelIds: ['discord'] },
    });
    expect(channels.status).toBe(400);
    expect(runner.seen).toHaveLength(0);
  });

  it('signs the call, relays the answer and audits the change', async () => {
    // The runner wraps the rule ({rule}); the edge answers it bare.
    runner.reply({ status: 201, body: { rule: saved } });
    const res = await h.call('POST', '/api/alerts/rules', { body: rule });
    expect(res.status).toBe(201);
    expect(res.json).toEqual(saved);
    expect(runner.seen[0]).toMatchObject({ method: 'POST', url: '/alerts/rules', signed: true });
    const outcome = { id, name: saved.name, firing: true, change: 'opened', reason: 'CPU 97 % ≥ 90 %' };
    runner.reply({ status: 200, body: { rules: [outcome] } });
    const evaluated = await h.call('POST', '/api/alerts/evaluate');
    expect(evaluated.json).toEqual({ rules: [outcome] });
    runner.reply({
      status: 404,
      body: { error: { code: 'not_found', message: 'No alert rule with this id.' } },
    });
    const missing = await h.call('DELETE', `/api/alerts/rules/${id}`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
    const audit = await h.call('GET', '/api/audit?limit=3');
    expect(audit.json.entries.map((e: { action: string; outcome: string }) => [e.action, e.outcome])).toEqual(
      [
        ['alerts.rule.delete', 'failure'],
        ['alerts.evaluate', 'success'],
        ['alerts.rule.create', 'success'],
      ],
    );
  });
});
