import { createPool, type Pool } from '@homelab/db/client/pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { testDatabaseUrl } from '../testing/database';
import { waitFor } from '../testing/helpers';
import { type ChatPipeline, createChatPipeline } from './pipeline';
import type { StoredChatEvent } from './store';
import { chatEvent, insertChannel, insertTenant } from './testing';

let pool: Pool;
let webhooks: Pool;
let pipeline: ChatPipeline;
const log = createLogger({ level: 'error' });

beforeAll(async () => {
  pool = createPool(testDatabaseUrl(), { max: 4 });
  webhooks = createPool(testDatabaseUrl(), { max: 1 });
  pipeline = createChatPipeline({ sql: pool.sql, log });
  await pipeline.listen();
});
afterAll(async () => {
  await pipeline?.stop();
  await pool?.sql.end({ timeout: 5 });
  await webhooks?.sql.end({ timeout: 5 });
});

function collect(tenantId: string) {
  const got: StoredChatEvent[] = [];
  pipeline.feed(tenantId).subscribe((event) => got.push(event));
  return got;
}

/** What functions do for a webhook: insert the normalized row, then notify with the tenant id. */
async function insertAsWebhook(tenantId: string, channelId: string, text: string) {
  await webhooks.sql.begin(async (tx) => {
    await tx`
      insert into chat_events (tenant_id, channel_id, platform, kind, platform_event_id, text, detail)
      values (${tenantId}, ${channelId}, 'twitch', 'follow', ${crypto.randomUUID()}, ${text}, '{}')`;
    await tx`select pg_notify('chat_events', ${tenantId})`;
  });
}

describe('chat event pipeline', () => {
  it("writes 1,000 emitted events and hands every one to each of the tenant's subscribers, and none to another tenant's", async () => {
    const tenantA = await insertTenant(pool.sql);
    const tenantB = await insertTenant(pool.sql);
    const channelA = await insertChannel(pool.sql, tenantA);
    await insertChannel(pool.sql, tenantB);
    const [first, second, other] = [collect(tenantA), collect(tenantA), collect(tenantB)];

    for (let i = 0; i < 1_000; i++) pipeline.emit(chatEvent({ tenantId: tenantA, channelId: channelA }, i));
    await pipeline.flush();

    const [row] = await pool.sql<
      { n: number }[]
    >`select count(*)::int as n from chat_events where channel_id = ${channelA}`;
    expect(row?.n).toBe(1_000);
    for (const got of [first, second]) {
      expect(got).toHaveLength(1_000);
      expect(new Set(got.map((e) => e.id)).size).toBe(1_000);
      expect(got.map((e) => e.text)).toEqual(Array.from({ length: 1_000 }, (_, i) => `hello ${i}`));
    }
    expect(other).toEqual([]);
  });

  it("streams a webhook's event to its tenant's subscribers once, next to the events read here", async () => {
    const tenantA = await insertTenant(pool.sql);
    const tenantB = await insertTenant(pool.sql);
    const channelA = await insertChannel(pool.sql, tenantA);
    const channelB = await insertChannel(pool.sql, tenantB);
    const [gotA, gotB] = [collect(tenantA), collect(tenantB)];

    for (let i = 0; i < 3; i++) pipeline.emit(chatEvent({ tenantId: tenantA, channelId: channelA }, i));
    await pipeline.flush();
    await insertAsWebhook(tenantA, channelA, 'followed A');
    await insertAsWebhook(tenantB, channelB, 'followed B');

    expect(await waitFor(() => gotB.length === 1)).toBe(true);
    expect(await waitFor(() => gotA.length === 4)).toBe(true);
    expect(gotB[0]).toMatchObject({
      tenantId: tenantB,
      channelId: channelB,
      kind: 'follow',
      text: 'followed B',
    });
    expect(gotA.map((e) => e.text)).toEqual(['hello 0', 'hello 1', 'hello 2', 'followed A']);

    // Another notification for A reads nothing new: the events already streamed are not repeated.
    await webhooks.sql`select pg_notify('chat_events', ${tenantA})`;
    await insertAsWebhook(tenantB, channelB, 'second B');
    expect(await waitFor(() => gotB.length === 2)).toBe(true);
    expect(gotA).toHaveLength(4);
  });
});
