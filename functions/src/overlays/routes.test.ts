import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from '../stream/testing';

const encryptionKey = Buffer.alloc(32, 7).toString('base64');

describe('overlays API', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let a: { tenantId: string; cookie: string };
  let b: { tenantId: string; cookie: string };
  const notes: { tenantId: string; event: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    s = await streamHarness({ ENCRYPTION_KEY: encryptionKey });
    a = await s.addTenant('alice');
    b = await s.addTenant('bob');
    await s.owner.listen('overlay', (payload) => notes.push(JSON.parse(payload)));
  });
  afterAll(() => s.close());

  const keyOf = (url: string) => url.split('/overlay/')[1]!;

  it('has no URL before the first rotate, then shows the same URL until the next rotate', async () => {
    const before = await s.h.call('GET', '/api/stream/overlays', { cookie: a.cookie });
    expect(before.status).toBe(200);
    expect(before.json.url).toBeNull();
    expect(before.json.templates.map((t: { kind: string }) => t.kind)).toContain('follow');

    const rotated = await s.h.call('POST', '/api/stream/overlays/rotate', { cookie: a.cookie });
    expect(rotated.status).toBe(200);
    const key = keyOf(rotated.json.url);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await s.owner`select key_sealed from overlay_keys where tenant_id = ${a.tenantId}`;
    expect(row!.key_sealed).not.toContain(key);
    expect((await s.h.call('GET', '/api/stream/overlays', { cookie: a.cookie })).json.url).toBe(
      rotated.json.url,
    );

    const page = await s.h.call('GET', `/api/overlay/${key}`);
    expect(page.status).toBe(200);
    expect(Object.keys(page.json)).toEqual(['templates']);

    const again = await s.h.call('POST', '/api/stream/overlays/rotate', { cookie: a.cookie });
    const newKey = keyOf(again.json.url);
    expect(newKey).not.toBe(key);
    expect((await s.h.call('GET', `/api/overlay/${key}`)).status).toBe(404);
    expect((await s.h.call('GET', `/api/overlay/${key}/events`)).status).toBe(404);
    expect((await s.h.call('GET', `/api/overlay/${newKey}`)).status).toBe(200);
  });

  it('saves a template the page then reads, refusing bad ones', async () => {
    const template = {
      text: '{user} followed!',
      durationMs: 3_000,
      animation: 'slide',
      volume: 0.3,
      imageUrl: 'https://cdn.example/follow.gif',
    };
    const saved = await s.h.call('PUT', '/api/stream/overlays/templates/follow', {
      cookie: a.cookie,
      body: { template },
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toEqual({ kind: 'follow', enabled: true, template });
    const bad = await s.h.call('PUT', '/api/stream/overlays/templates/follow', {
      cookie: a.cookie,
      body: { template: { ...template, durationMs: 100 } },
    });
    expect(bad.status).toBe(400);
    expect(
      (await s.h.call('PUT', '/api/stream/overlays/templates/nope', { cookie: a.cookie, body: { template } }))
        .status,
    ).toBe(400);

    const { url } = (await s.h.call('GET', '/api/stream/overlays', { cookie: a.cookie })).json;
    const page = await s.h.call('GET', `/api/overlay/${keyOf(url)}`);
    expect(page.json.templates.find((t: { kind: string }) => t.kind === 'follow').template).toEqual(template);

    // Bob's page (his own key) never shows Alice's template.
    const bobUrl = (await s.h.call('POST', '/api/stream/overlays/rotate', { cookie: b.cookie })).json.url;
    const bobPage = await s.h.call('GET', `/api/overlay/${keyOf(bobUrl)}`);
    expect(bobPage.json.templates.find((t: { kind: string }) => t.kind === 'follow').template.text).toBe(
      '{user} just followed!',
    );
  });

  it('sends a test alert as NOTIFY overlay for the caller’s tenant', async () => {
    const sent = await s.h.call('POST', '/api/stream/overlays/test', {
      cookie: a.cookie,
      body: { kind: 'raid' },
    });
    expect(sent.status).toBe(202);
    await expect.poll(() => notes.length).toBeGreaterThan(0);
    expect(notes.at(-1)).toEqual({ tenantId: a.tenantId, event: sent.json.event });
    expect(sent.json.event).toMatchObject({ kind: 'raid', test: true, viewers: 42 });
  });

  it('answers 404 for unknown keys and 400 for malformed ones, without a session', async () => {
    expect((await s.h.call('GET', `/api/overlay/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await s.h.call('GET', `/api/overlay/${'A'.repeat(43)}/events`)).status).toBe(404);
    expect((await s.h.call('GET', '/api/overlay/short')).status).toBe(400);
  });

  it('keeps the studio routes for signed-in streamers', async () => {
    expect((await s.h.call('GET', '/api/stream/overlays')).status).toBe(401);
    expect((await s.h.call('POST', '/api/stream/overlays/rotate')).status).toBe(401);
  });
});
