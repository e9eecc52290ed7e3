/**
 * Jarvis's Home Assistant tools through the signed internal API to the smarthome runner's routes,
 * connected to the fake Home Assistant: filtering entities, a service call whose effect verify reads
 * back (and rollback undoes), history, and the domains that may not be called.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeHomeAssistant,
  sampleHouse,
  startFakeHomeAssistant,
} from '../../../../e2e/fakes/home-assistant/server';
import type { Config } from '../../config';
import { createInternalApp, serveInternalApi } from '../../internal/server';
import { createLogger } from '../../log';
import { createSmartHomeClient, type SmartHomeClient } from '../../smarthome/client';
import { createSmartHomeRoutes } from '../../smarthome/routes';
import { callHomeService, homeEntityHistory, listHomeEntities } from './smarthome';
import type { ToolContext } from './types';

describe('the Home Assistant tools', () => {
  const secret = 'h'.repeat(64);
  const log = createLogger({ level: 'error' });
  let ha: FakeHomeAssistant;
  let client: SmartHomeClient;
  let server: Awaited<ReturnType<typeof serveInternalApi>>;
  let ctx: ToolContext;

  beforeAll(async () => {
    ha = await startFakeHomeAssistant({ seed: sampleHouse });
    client = createSmartHomeClient({ url: ha.url, token: ha.token, log });
    client.start();
    const routes = createSmartHomeRoutes(client, log);
    const app = createInternalApp({
      secret,
      log,
      runners: {
        knows: (n) => n === 'smarthome',
        stateOf: () => 'running',
        routesFor: () => routes,
        snapshot: () => [],
      },
      queueStats: async () => ({ depth: 0, oldestQueuedAt: null, failed24h: 0, running: 0 }),
    });
    server = await serveInternalApi(app, { host: '127.0.0.1', port: 0 });
    ctx = {
      config: { host: '127.0.0.1', port: server.port, runnerSecret: secret } as Config,
      log,
      signal: new AbortController().signal,
      engine: undefined as unknown as ToolContext['engine'],
      sql: undefined as unknown as ToolContext['sql'],
    };
    const deadline = Date.now() + 5_000;
    while (client.status().state !== 'connected' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
  });
  afterAll(async () => {
    client.stop();
    await server.close();
    await ha.close();
  });

  it('lists entities by room, kind or words, marked untrusted', async () => {
    const living = await listHomeEntities.run(listHomeEntities.args.parse({ area: 'living room' }), ctx);
    expect(living).toMatchObject({ ok: true, untrusted: true });
    if (!living.ok) return;
    const ids = (living.data as { entities: { entityId: string; area: string }[] }).entities.map(
      (e) => e.entityId,
    );
    expect(ids.sort()).toEqual(['climate.thermostat', 'light.floor_lamp']);
    const lamp = await listHomeEntities.run(
      listHomeEntities.args.parse({ domain: 'light', search: 'floor' }),
      ctx,
    );
    if (!lamp.ok) throw new Error(lamp.error);
    expect((lamp.data as { entities: { area: string }[] }).entities).toEqual([
      expect.objectContaining({ entityId: 'light.floor_lamp', area: 'Living Room', state: 'off' }),
    ]);
  });

  it('calls a service, verifies its effect, and rolls it back', async () => {
    const args = callHomeService.args.parse({
      entity: 'light.floor_lamp',
      service: 'turn_on',
      data: { brightness: 77 },
    });
    expect(callHomeService.target(args)).toBe('light.floor_lamp');
    const result = await callHomeService.run(args, ctx);
    expect(result).toMatchObject({ ok: true, data: { status: 'applied' } });
    expect(ha.states.get('light.floor_lamp')?.attributes.brightness).toBe(77);
    expect(await callHomeService.verify!(args, ctx)).toMatchObject({ ok: true });
    await callHomeService.rollback!(args, ctx);
    expect(ha.states.get('light.floor_lamp')?.state).toBe('off');
    const history = await homeEntityHistory.run(
      homeEntityHistory.args.parse({ entity: 'light.floor_lamp', hours: 1 }),
      ctx,
    );
    if (!history.ok) throw new Error(history.error);
    expect((history.data as { points: { state: string }[] }).points.map((p) => p.state)).toEqual([
      'off',
      'on',
      'off',
    ]);
  });

  it('refuses domains outside the allow-list and entities Home Assistant does not have', async () => {
    await expect(
      callHomeService.run(
        callHomeService.args.parse({ entity: 'homeassistant.core', service: 'restart' }),
        ctx,
      ),
    ).resolves.toMatchObject({ ok: false, error: expect.stringMatching(/cannot be called/) });
    await expect(
      callHomeService.run(callHomeService.args.parse({ entity: 'light.attic', service: 'turn_on' }), ctx),
    ).resolves.toMatchObject({ ok: false, error: expect.stringMatching(/no entity light.attic/) });
    expect(ha.calls.some((c) => c.entityId === 'light.attic')).toBe(false);
  });

  it('leaves locks to people', async () => {
    await expect(
      callHomeService.run(callHomeService.args.parse({ entity: 'lock.front_door', service: 'unlock' }), ctx),
    ).resolves.toMatchObject({ ok: false, error: expect.stringMatching(/person/) });
    expect(ha.calls.some((c) => c.entityId === 'lock.front_door')).toBe(false);
  });
});
