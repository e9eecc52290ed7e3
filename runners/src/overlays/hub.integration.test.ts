import { createPool, type Pool } from '@homelab/db/client/pool';
import type { OverlayEvent } from '@homelab/db/stream/overlays';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatRoutes } from '../chat/routes';
import { type ChatRunnerHandle, startChat } from '../chat/service';
import { fakeConnection, insertChannel, insertTenant } from '../chat/testing';
import type { Config } from '../config';
import { createLogger } from '../log';
import { privateDatabaseUrl } from '../testing/database';
import { waitFor } from '../testing/helpers';
import { sseReader } from '../testing/sse';
import { createOverlayHub, type OverlayHub } from './hub';

const log = createLogger({ level: 'error' });
let pool: Pool;
let handle: ChatRunnerHandle;
let hub: OverlayHub;
let routes: ReturnType<typeof createChatRoutes>;
const fake = fakeConnection();

beforeAll(async () => {
  // The chat runner leases every enabled channel in its database: this file has one of its own.
  pool = createPool(await privateDatabaseUrl(), { max: 4 });
  handle = await startChat(
    {
      pool,
      log,
      config: { chatHolder: 'overlay-test' } as Config,
      signal: new AbortController().signal,
      crash: () => {},
    },
    {
      connect: (deps) => [fake.connect(deps)],
      lease: { leaseMs: 900 },
      retentionSchedule: false,
      features: [],
    },
  );
  hub = createOverlayHub({ sql: pool.sql, log, chatEvents: (id) => handle.manager.pipeline.feed(id) });
  await hub.start();
  routes = createChatRoutes({ sql: pool.sql, log, manager: handle.manager, unconfigured: {}, overlays: hub });
});
afterAll(async () => {
  await hub?.stop();
  await handle?.stop();
  await pool?.sql.end({ timeout: 5 });
});

describe('overlay feed', () => {
  it('streams a follow read from chat and a notified test alert to the tenant’s page, and nothing to another tenant', async () => {
    const tenant = await insertTenant(pool.sql);
    const other = await insertTenant(pool.sql);
    const channelId = await insertChannel(pool.sql, tenant);
    await insertChannel(pool.sql, other);
    await pool.sql`insert into chat_events (tenant_id, channel_id, platform, kind, user_id, user_name, detail)
      values (${tenant}, ${channelId}, 'twitch', 'follow', 'u0', 'earlier', '{}')`;
    await waitFor(() => fake.joined.has(channelId));

    const page = sseReader(await routes.request(`/tenants/${tenant}/overlay`));
    const otherPage = sseReader(await routes.request(`/tenants/${other}/overlay`));
    const goal = await page.json<OverlayEvent>('overlay');
    expect(goal).toMatchObject({ kind: 'goal', counts: { follows: 1, subs: 0 } });
    expect(await otherPage.json<OverlayEvent>('overlay')).toMatchObject({
      kind: 'goal',
      counts: { follows: 0 },
    });

    fake.emit({
      tenantId: tenant,
      channelId,
      platform: 'twitch',
      kind: 'follow',
      platformEventId: 'f1',
      userId: 'u1',
      userName: 'Alice',
      text: null,
      detail: {},
      at: new Date().toISOString(),
    });
    const follow = await page.json<OverlayEvent>('overlay');
    expect(follow).toMatchObject({ kind: 'follow', user: 'Alice' });

    const event = {
      id: 'test-1',
      kind: 'raid',
      user: 'TestViewer',
      amount: 42,
      message: null,
      tier: null,
      viewers: 42,
      test: true,
      at: new Date().toISOString(),
    };
    await pool.sql`select pg_notify('overlay', ${JSON.stringify({ tenantId: tenant, event })})`;
    await pool.sql`select pg_notify('overlay', 'not json')`;
    expect(await page.json<OverlayEvent>('overlay')).toEqual(event);

    await expect(otherPage.next('overlay', 300)).rejects.toThrow(/timed out/);
    expect(hub.stats()).toEqual({ tenants: 2, pages: 2 });
    await page.close();
    await otherPage.close();
    await waitFor(() => hub.stats().pages === 0);
  });
});
