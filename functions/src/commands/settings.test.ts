import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from '../stream/testing';

describe('bot settings API', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let a: { tenantId: string; cookie: string };
  let b: { tenantId: string; cookie: string };

  beforeAll(async () => {
    s = await streamHarness();
    a = await s.addTenant('alice');
    b = await s.addTenant('bob');
  });
  afterAll(() => s.close());

  const get = (as: { cookie: string }) => s.h.call('GET', '/api/stream/settings', { cookie: as.cookie });

  it('answers the defaults before anything is saved', async () => {
    const res = await get(a);
    expect(res.status).toBe(200);
    expect(res.json.settings).toMatchObject({ currency: { name: 'points', perMinute: 1 }, timezone: 'UTC' });
  });

  it('replaces with PUT and merges with PATCH, per tenant', async () => {
    const put = await s.h.call('PUT', '/api/stream/settings', {
      cookie: a.cookie,
      body: { currency: { name: 'candies' }, timezone: 'Europe/Berlin' },
    });
    expect(put.status).toBe(200);
    expect(put.json.settings.currency).toMatchObject({ name: 'candies', perMinute: 1 });
    const patch = await s.h.call('PATCH', '/api/stream/settings', {
      cookie: a.cookie,
      body: { currency: { perMinute: 5 }, games: { slots: { symbols: ['a', 'b', 'c'] } } },
    });
    expect(patch.status).toBe(200);
    const after = await get(a);
    expect(after.json.settings.currency).toMatchObject({ name: 'candies', perMinute: 5 });
    expect(after.json.settings.games.slots.symbols).toEqual(['a', 'b', 'c']);
    expect(after.json.settings.timezone).toBe('Europe/Berlin');
    expect((await get(b)).json.settings.currency.name).toBe('points');
  });

  it('refuses unknown keys and bad values, naming the path', async () => {
    const before = await get(a);
    const unknown = await s.h.call('PUT', '/api/stream/settings', {
      cookie: a.cookie,
      body: { currency: { colour: 'red' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields).toEqual({ 'currency.colour': ['There is no such setting'] });
    const bad = await s.h.call('PATCH', '/api/stream/settings', {
      cookie: a.cookie,
      body: { games: { roulette: { winChance: 2 } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('games.roulette.winChance');
    expect(Object.keys(bad.json.error.fields)).toEqual(['games.roulette.winChance']);
    expect((await get(a)).json).toEqual(before.json);
  });
});
