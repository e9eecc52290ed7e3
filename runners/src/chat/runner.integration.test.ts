import { createPool, type Pool } from '@homelab/db/client/pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config';
import { toErrorResponse } from '../internal/errors';
import { createLogger } from '../log';
import { privateDatabaseUrl } from '../testing/database';
import { waitFor } from '../testing/helpers';
import { sseReader } from '../testing/sse';
import { type ChatRunnerHandle, startChat } from './service';
import { chatEvent, fakeConnection, insertChannel, insertTenant } from './testing';

let pools: Pool[] = [];
let url: string;
const log = createLogger({ level: 'error' });
const handles: ChatRunnerHandle[] = [];
const leaseMs = 900;

async function runner(holder: string, fake = fakeConnection()) {
  const pool = createPool(url, { max: 4 });
  pools.push(pool);
  const handle = await startChat(
    {
      pool,
      log,
      config: { chatHolder: holder } as Config,
      signal: new AbortController().signal,
      crash: () => {},
    },
    {
      connect: (deps) => [fake.connect(deps)],
      lease: { leaseMs, acquirePerCycle: 5 },
      retentionSchedule: false,
    },
  );
  handles.push(handle);
  return { handle, fake, pool };
}

const heldBy = (handle: ChatRunnerHandle) => new Set(handle.manager.leases.held().map((c) => c.channelId));

beforeAll(async () => {
  // The lease loop takes every enabled channel in the database: this file has one of its own.
  url = await privateDatabaseUrl();
});
afterAll(async () => {
  await Promise.all(handles.map((h) => h.stop()));
  await Promise.all(pools.map((p) => p.sql.end({ timeout: 5 })));
  pools = [];
});

describe('chat runner', () => {
  it("shares channels between two processes without overlap, and one takes over a crashed one's channels", async () => {
    const setup = createPool(url, { max: 1 });
    pools.push(setup);
    const tenant = await insertTenant(setup.sql);
    const channels = new Set<string>();
    for (let i = 0; i < 10; i++) channels.add(await insertChannel(setup.sql, tenant));

    const a = await runner('process-a');
    const b = await runner('process-b');
    const [heldA, heldB] = [heldBy(a.handle), heldBy(b.handle)];
    expect(heldA.size).toBe(5);
    expect(heldB.size).toBe(5);
    expect(new Set([...heldA, ...heldB])).toEqual(channels);
    expect(new Set(a.fake.joined.keys())).toEqual(heldA);
    expect(new Set(b.fake.joined.keys())).toEqual(heldB);
    const rows = await setup.sql<
      { channel_id: string; holder: string }[]
    >`select channel_id, holder from chat_leases`;
    expect(
      rows
        .filter((r) => r.holder === 'process-a')
        .map((r) => r.channel_id)
        .sort(),
    ).toEqual([...heldA].sort());

    // B stops renewing without giving its leases back, as a killed process would.
    await b.handle.abandon();
    expect(await waitFor(() => heldBy(a.handle).size === 10, leaseMs * 3)).toBe(true);
    expect(new Set(a.fake.joined.keys())).toEqual(channels);
    const after = await setup.sql<{ holder: string }[]>`select distinct holder from chat_leases`;
    expect(after.map((r) => r.holder)).toEqual(['process-a']);

    // Disabling a channel gives it up on the next cycle.
    const disabled = [...channels][0]!;
    await setup.sql`update stream_channels set enabled = false where id = ${disabled}`;
    expect(await waitFor(() => !heldBy(a.handle).has(disabled), leaseMs * 3)).toBe(true);
    expect(a.fake.joined.has(disabled)).toBe(false);

    // Events from held channels reach the tenant's live stream over the route.
    const channelId = [...heldBy(a.handle)][0]!;
    const response = await a.handle.routes!.request(`/tenants/${tenant}/events`);
    const reader = sseReader(response);
    a.fake.emit(chatEvent({ tenantId: tenant, channelId }, 1));
    // A connection cannot put events into a channel it was not given.
    a.fake.emit(chatEvent({ tenantId: tenant, channelId: crypto.randomUUID() }, 2));
    a.fake.emit(chatEvent({ tenantId: tenant, channelId }, 3));
    const first = await reader.json<{ channelId: string; text: string }>('chat');
    const second = await reader.json<{ channelId: string; text: string }>('chat');
    expect([first.text, second.text]).toEqual(['hello 1', 'hello 3']);
    await reader.close();
    await a.handle.stop();
  });

  it('queues a send for a held channel, refuses other tenants and names the holder elsewhere, and records a refused message', async () => {
    const setup = createPool(url, { max: 1 });
    pools.push(setup);
    const tenant = await insertTenant(setup.sql);
    const otherTenant = await insertTenant(setup.sql);
    const channelId = await insertChannel(setup.sql, tenant);
    const fake = fakeConnection();
    fake.answer = (_channelId, text) =>
      text === 'spam' ? { ok: false, reason: 'refused', detail: 'msg_duplicate' } : { ok: true };
    const holderRun = await runner('process-c', fake);
    expect(await waitFor(() => heldBy(holderRun.handle).has(channelId), leaseMs * 3)).toBe(true);

    // Route errors are answered by the internal server; this does the same for the test.
    const post = async (handle: ChatRunnerHandle, body: unknown) => {
      try {
        return await handle.routes!.request('/send', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      } catch (error) {
        const { status, body: errorBody } = toErrorResponse(error);
        return Response.json(errorBody, { status });
      }
    };

    const ok = await post(holderRun.handle, { tenantId: tenant, channelId, text: 'hello chat' });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toMatchObject({ queued: true });
    expect(await waitFor(() => fake.sent.some((s) => s.text === 'hello chat'))).toBe(true);

    const foreign = await post(holderRun.handle, { tenantId: otherTenant, channelId, text: 'hi' });
    expect(foreign.status).toBe(404);
    expect(fake.sent.some((s) => s.text === 'hi')).toBe(false);

    const refused = await post(holderRun.handle, { tenantId: tenant, channelId, text: 'spam' });
    expect(refused.status).toBe(202);
    const notices = await waitFor(async () => {
      const rows = await setup.sql<{ kind: string; detail: { text: string; reason: string } }[]>`
        select kind, detail from stream_notices where tenant_id = ${tenant}`;
      return rows.length > 0 ? rows : null;
    });
    expect(notices).toEqual([
      { kind: 'send_failed', detail: expect.objectContaining({ text: 'spam', reason: 'refused' }) },
    ]);

    const elsewhere = await runner('process-d', fakeConnection());
    const notHere = await post(elsewhere.handle, { tenantId: tenant, channelId, text: 'hello again' });
    expect(notHere.status).toBe(409);
    expect(await notHere.json()).toMatchObject({ error: { code: 'not_held_here' }, holder: 'process-c' });

    const status = await (await holderRun.handle.routes!.request('/status')).json();
    expect(status).toMatchObject({ holder: 'process-c', queue: { sent: 1, failed: 1 } });
    expect(status.channels).toContainEqual(
      expect.objectContaining({ channelId, platform: 'twitch', state: 'joined' }),
    );
  });
});
