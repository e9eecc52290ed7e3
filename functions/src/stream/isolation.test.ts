/**
 * Tenant isolation of the whole stream API, walked from the OpenAPI document: every route under
 * /api/stream that takes an id is called as tenant B with tenant A's ids and must answer 404,
 * with every row of A's unchanged. A new route with an id fails here until it is walked too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from './testing';

/** A body each write route accepts, so the call reaches the tenant check instead of failing validation. */
const bodies: Record<string, unknown> = {
  'PATCH /api/stream/channels/{id}': { enabled: false },
  'POST /api/stream/channels/{id}/messages': { text: 'hi' },
  'PATCH /api/stream/commands/{id}': { response: 'changed' },
  'PATCH /api/stream/timers/{id}': { message: 'changed' },
  'PATCH /api/stream/quotes/{id}': { text: 'changed' },
  'PATCH /api/stream/keywords/{id}': { response: 'changed' },
  'POST /api/stream/currency/viewers/{id}/grant': { amount: 5, reason: 'walk' },
  'POST /api/stream/polls/{id}/resolve': { option: 0 },
  'POST /api/stream/moderation/actions/{id}/undo': { allow: 'none' },
};

/** Routes whose path parameter is not another tenant's row: B's own namespace or a fixed word. */
const notIds = new Set([
  // Counters are named per tenant: B setting "deaths" makes B's own counter.
  'PUT /api/stream/counters/{name}',
  // open | close of the caller's own viewer queue.
  'POST /api/stream/queue/{state}',
  // An alert kind: B saving "follow" saves B's own template.
  'PUT /api/stream/overlays/templates/{kind}',
]);

describe('stream API tenant isolation', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let a: { tenantId: string; ids: Record<string, string> };
  let b: { tenantId: string; cookie: string };

  async function seedA() {
    const tenant = await s.addTenant('alice-walk');
    const t = tenant.tenantId;
    const channelId = await s.addChannel(t, 'twitch', '7001');
    await s.addEvent(t, channelId, 'hello from alice');
    const noticeId = await s.addNotice(t, 'a notice of alice');
    const one = async (q: Promise<{ id: string | number }[]>) => String((await q)[0]!.id);
    const o = s.owner;
    const commandId = await one(
      o`insert into bot_commands (tenant_id, name, response) values (${t}, 'hello', 'hi') returning id`,
    );
    const timerId = await one(
      o`insert into bot_timers (tenant_id, name, message) values (${t}, 'socials', 'follow') returning id`,
    );
    const quoteId = await one(
      o`insert into bot_quotes (tenant_id, number, text) values (${t}, 1, 'a quote') returning id`,
    );
    const keywordId = await one(
      o`insert into bot_keywords (tenant_id, pattern, response) values (${t}, 'hi*', 'hello') returning id`,
    );
    await o`insert into bot_counters (tenant_id, name, value) values (${t}, 'deaths', 3)`;
    await o`insert into bot_settings (tenant_id, settings) values (${t}, '{"currency":{"name":"gems"}}')`;
    const viewerId = await one(
      o`insert into viewers (tenant_id, display_name, balance) values (${t}, 'ann', 100) returning id`,
    );
    await o`insert into viewer_identities (tenant_id, platform, platform_user_id, viewer_id, user_name) values (${t}, 'twitch', '42', ${viewerId}, 'ann')`;
    await o`insert into currency_ledger (tenant_id, viewer_id, delta, balance_after, reason) values (${t}, ${viewerId}, 100, 100, 'grant')`;
    const queueId = await one(
      o`insert into bot_viewer_queue (tenant_id, viewer_id, user_name, platform) values (${t}, ${viewerId}, 'ann', 'twitch') returning id`,
    );
    const giveawayId = await one(
      o`insert into giveaways (tenant_id, prize, keyword) values (${t}, 'a key', '!enter') returning id`,
    );
    await o`insert into giveaway_entries (giveaway_id, tenant_id, viewer_id, user_name, platform) values (${giveawayId}, ${t}, ${viewerId}, 'ann', 'twitch')`;
    const pollId = await one(
      o`insert into polls (tenant_id, kind, question, options) values (${t}, 'bet', 'win?', '{yes,no}') returning id`,
    );
    await o`insert into poll_votes (poll_id, tenant_id, viewer_id, option, amount) values (${pollId}, ${t}, ${viewerId}, 0, 10)`;
    const sessionId = await one(
      o`insert into stream_sessions (tenant_id, channel_id, platform, started_at) values (${t}, ${channelId}, 'twitch', now() - interval '1 hour') returning id`,
    );
    await o`insert into stream_samples (session_id, tenant_id, at, viewers) values (${sessionId}, ${t}, now(), 12)`;
    const actionId = await one(
      o`insert into mod_actions (tenant_id, channel_id, platform, user_id, user_name, message, rule, action, reason)
        values (${t}, ${channelId}, 'twitch', '43', 'rude', 'a bad word', 'banned', 'timeout', 'banned: "bad"') returning id`,
    );
    await o`insert into mod_allowlist (tenant_id, kind, value) values (${t}, 'link', 'example.com')`;
    const requestId = await one(
      o`insert into song_requests (tenant_id, track_id, title, artists, duration_ms, user_name)
        values (${t}, '4uLU6hMCjMI75M1A2tKUQC', 'A song', 'A band', 200000, 'ann') returning id`,
    );
    await o`insert into ai_personas (tenant_id, name) values (${t}, 'AliceBot')`;
    await o`insert into overlay_templates (tenant_id, kind, template) values (${t}, 'follow', '{"text":"{user} followed!"}')`;
    return {
      tenantId: t,
      ids: {
        channels: channelId,
        notices: String(noticeId),
        commands: commandId,
        timers: timerId,
        quotes: quoteId,
        keywords: keywordId,
        counters: 'deaths',
        queue: queueId,
        viewers: viewerId,
        giveaways: giveawayId,
        polls: pollId,
        sessions: sessionId,
        actions: actionId,
        requests: requestId,
      },
    };
  }

  /** Every row of the tenant, read past Row-Level Security from each table with a tenant_id (so a
   * new table is covered without being listed here). */
  async function snapshotOf(tenantId: string) {
    const tables = await s.owner<{ name: string }[]>`
      select c.relname as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
      order by 1`;
    const rows: Record<string, readonly unknown[]> = {};
    for (const { name: table } of tables)
      rows[table] =
        await s.owner`select * from ${s.owner(table)} where tenant_id = ${tenantId} order by 1, 2`;
    return rows;
  }

  beforeAll(async () => {
    s = await streamHarness();
    a = await seedA();
    const bob = await s.addTenant('bob-walk');
    await s.addChannel(bob.tenantId, 'twitch', '7002');
    b = { tenantId: bob.tenantId, cookie: bob.cookie };
  });
  afterAll(() => s.close());

  it("answers 404 on every route given another tenant's id, and changes none of its rows", async () => {
    const doc = await s.h.call('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    const routes: { method: string; path: string }[] = [];
    for (const [path, operations] of Object.entries(
      doc.json.paths as Record<string, Record<string, unknown>>,
    )) {
      if (!path.startsWith('/api/stream/') || !path.includes('{')) continue;
      // Sign-in is not a tenant's; the token admin routes are mission control's (403 below).
      if (path.startsWith('/api/stream/auth/') || path.startsWith('/api/stream/admin/')) continue;
      for (const method of Object.keys(operations)) routes.push({ method: method.toUpperCase(), path });
    }
    // The chat features' routers are mounted apart from the typed chain (app.ts): the document
    // must still list them, or this walk would miss them.
    expect(routes.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        '/api/stream/commands/{id}',
        '/api/stream/giveaways/{id}/draw',
        '/api/stream/stats/sessions/{id}',
      ]),
    );

    const before = await snapshotOf(a.tenantId);
    const unknown: string[] = [];
    const answers: string[] = [];
    for (const { method, path } of routes) {
      const key = `${method} ${path}`;
      if (notIds.has(key)) continue;
      let unresolved = false;
      const url = path.replace(/\/([a-z-]+)\/\{(\w+)\}/g, (_, resource: string) => {
        const id = a.ids[resource];
        if (!id) unresolved = true;
        return `/${resource}/${encodeURIComponent(id ?? '')}`;
      });
      if (unresolved) {
        unknown.push(key);
        continue;
      }
      const res = await s.h.call(method, url, {
        cookie: b.cookie,
        ...(bodies[key] !== undefined
          ? { body: bodies[key] }
          : method === 'GET' || method === 'DELETE'
            ? {}
            : { body: {} }),
      });
      answers.push(`${key} → ${res.status}${res.status === 404 ? '' : ` ${JSON.stringify(res.json)}`}`);
    }
    expect(unknown, 'routes with an id this walk does not know: add their resource to seedA').toEqual([]);
    expect(answers.filter((line) => !line.includes('→ 404'))).toEqual([]);
    expect(answers.length).toBeGreaterThanOrEqual(25);
    expect(await snapshotOf(a.tenantId)).toEqual(before);

    const admin = await s.h.call('GET', '/api/stream/admin/tokens', { cookie: b.cookie });
    expect(admin.status).toBe(403);
  });

  it("lists none of another tenant's rows", async () => {
    const lists = [
      ['/api/stream/commands', 'commands'],
      ['/api/stream/timers', 'timers'],
      ['/api/stream/quotes', 'quotes'],
      ['/api/stream/keywords', 'keywords'],
      ['/api/stream/counters', 'counters'],
      ['/api/stream/currency/viewers', 'viewers'],
      ['/api/stream/giveaways', 'giveaways'],
      ['/api/stream/polls', 'polls'],
      ['/api/stream/stats/sessions', 'sessions'],
    ] as const;
    for (const [path, key] of lists) {
      const res = await s.h.call('GET', path, { cookie: b.cookie });
      expect(res.status, path).toBe(200);
      expect(res.json[key], path).toEqual([]);
    }
    const queue = await s.h.call('GET', '/api/stream/queue', { cookie: b.cookie });
    expect(queue.json.waiting).toEqual([]);
    const settings = await s.h.call('GET', '/api/stream/settings', { cookie: b.cookie });
    expect(settings.json.settings.currency.name).toBe('points');
  });
});
