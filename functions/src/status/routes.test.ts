/**
 * The monitoring routes outside the session: push beats and public status pages answer anyone
 * (push is limited per token), and /metrics wants an API key or a session and answers Prometheus
 * text. The monitors runner is a recording HTTP server.
 */
import { describe, expect, it } from 'vitest';
import { runnerRouteSuite } from '../monitors/testing';

const token = 'n8n-nightly_backup-0123456789';
const anonymous = { cookie: null } as const;

describe('public monitoring routes', () => {
  const { runner, h } = runnerRouteSuite({ reply: { status: 200, body: { ok: true } } });

  it('takes a push beat from anyone holding the token, by GET or POST', async () => {
    const get = await h.call('GET', `/api/push/${token}?status=down&msg=disk%20full&ping=12`, anonymous);
    expect(get.status).toBe(200);
    expect(get.json).toEqual({ ok: true });
    // A cron job or n8n sends no cookie and no Origin: the CSRF guard lets it through.
    const post = await h.call('POST', `/api/push/${token}`, {
      ...anonymous,
      body: { msg: 'done', ping: 40 },
    });
    expect(post.status).toBe(200);
    const bare = await h.call('POST', `/api/push/${token}?status=up`, anonymous);
    expect(bare.status).toBe(200);
    expect(runner.seen.map((call) => [call.method, call.url, call.signed])).toEqual([
      ['POST', `/monitors/push/${token}?status=down&msg=disk+full`, true],
      ['POST', `/monitors/push/${token}?status=up&msg=done`, true],
      ['POST', `/monitors/push/${token}?status=up`, true],
    ]);
    // The token is the credential: the audit log names the push, never the token.
    const audit = await h.call('GET', '/api/audit?limit=2');
    expect(audit.json.entries[0]).toMatchObject({ action: 'monitors.push', outcome: 'success' });
    expect(JSON.stringify(audit.json)).not.toContain(token);
  });

  it('refuses a malformed token before asking the runner, and hands on an unknown one', async () => {
    expect((await h.call('GET', '/api/push/short', anonymous)).status).toBe(400);
    expect((await h.call('GET', `/api/push/${'x'.repeat(65)}`, anonymous)).status).toBe(400);
    expect((await h.call('GET', '/api/push/has.dots.in.the.token', anonymous)).status).toBe(400);
    expect((await h.call('GET', `/api/push/${token}?status=maybe`, anonymous)).status).toBe(400);
    expect(runner.seen).toHaveLength(0);
    runner.reply({
      status: 404,
      body: { error: { code: 'not_found', message: 'No push monitor has this token.' } },
    });
    const unknown = await h.call('GET', '/api/push/AAAAAAAAAAAAAAAAAAAA', anonymous);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('not_found');
  });

  it('allows 60 beats a minute per token, then answers 429 with Retry-After', async () => {
    const chatty = 'chatty-cron-job-0000000000';
    // A fresh token: its first 60 beats fit in any split across minute windows.
    for (let i = 0; i < 60; i += 1) {
      expect((await h.call('GET', `/api/push/${chatty}`, anonymous)).status).toBe(200);
    }
    // The 61st is refused, unless a window boundary fell inside the loop; then one of the next 60 is.
    let refused = await h.call('GET', `/api/push/${chatty}`, anonymous);
    for (let i = 0; i < 60 && refused.status === 200; i += 1) {
      refused = await h.call('GET', `/api/push/${chatty}`, anonymous);
    }
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another token has its own allowance.
    expect((await h.call('GET', `/api/push/${token}`, anonymous)).status).toBe(200);
  });

  it('serves a domain status to anyone, cached for 15 s', async () => {
    runner.reply({
      status: 200,
      body: { domain: 'rig-city.com', monitors: [{ name: 'Website', state: 'up' }] },
    });
    const res = await h.call('GET', '/api/status/Rig-City.com', anonymous);
    expect(res.status).toBe(200);
    expect(res.json.monitors).toEqual([{ name: 'Website', state: 'up' }]);
    expect(res.headers.get('cache-control')).toBe('public, max-age=15');
    expect(runner.seen[0]).toMatchObject({
      method: 'GET',
      url: '/monitors/status/rig-city.com',
      signed: true,
    });
    const bad = await h.call('GET', '/api/status/not_a_domain', anonymous);
    expect(bad.status).toBe(400);
    expect(runner.seen).toHaveLength(1);
  });

  it('answers /metrics only with an API key or a session, as Prometheus text', async () => {
    const text = '# HELP homelab_monitor_up Whether the monitor is up.\nhomelab_monitor_up{name="Shop"} 1\n';
    runner.reply({ status: 200, text, contentType: 'text/plain; version=0.0.4' });
    const none = await h.call('GET', '/metrics', anonymous);
    expect(none.status).toBe(401);
    const forged = await h.call('GET', '/metrics', {
      ...anonymous,
      headers: { authorization: 'Bearer hlk_nope' },
    });
    expect(forged.status).toBe(401);
    expect(runner.seen).toHaveLength(0);

    const key = await h.call('POST', '/api/api-keys', { body: { name: 'prometheus', scope: 'read' } });
    const scraped = await h.call('GET', '/metrics', {
      ...anonymous,
      headers: { authorization: `Bearer ${key.json.token}` },
    });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(scraped.json).toBe(text);
    expect(runner.seen[0]).toMatchObject({ method: 'GET', url: '/monitors/metrics', signed: true });
    expect((await h.call('GET', '/metrics')).status).toBe(200);
  });
});
