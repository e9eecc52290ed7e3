import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, botHarness } from '../bot/testing';
import type { FeatureFactory } from '../bot/types';
import type { ChatSettingsChange, ModerationAction } from '../chat/types';
import { createModerationFeature, type ModerationOptions } from './feature';

let harness: BotHarness | null = null;
let server: Server | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

const ai = { baseUrl: 'http://127.0.0.1:9/v1', moderationModel: 'omni-moderation-latest', timeoutMs: 300 };

/** The harness's fake connections cannot moderate: the feature gets a platform that records. */
function recording(options: ModerationOptions) {
  const actions: ModerationAction[] = [];
  const changes: ChatSettingsChange[] = [];
  const time = { offsetMs: 0 };
  const factory: FeatureFactory = (deps) =>
    createModerationFeature(options)({
      ...deps,
      clock: { ...deps.clock, now: () => deps.clock.now() + time.offsetMs },
      platform: {
        ...deps.platform,
        moderate: async (_channel, action) => {
          actions.push(action);
          return { ok: true };
        },
        setChatSettings: async (_channel, change) => {
          changes.push(change);
          return { ok: true };
        },
      },
    });
  return { factory, actions, changes, time };
}

async function start(options: ModerationOptions, moderation: Record<string, unknown>) {
  const rec = recording(options);
  // A feature after moderation that answers every line: it must stay silent on what moderation took.
  const echo: FeatureFactory = () => ({
    name: 'echo',
    onEvent: async (ctx) => {
      if (!ctx.handled && ctx.event.text?.startsWith('echo')) ctx.reply('echoed');
    },
  });
  harness = await botHarness({ features: [rec.factory, echo], platforms: ['twitch'] });
  await harness.pool.sql`
    insert into bot_settings (tenant_id, settings)
    values (${harness.tenantId}, ${JSON.stringify({ moderation: { enabled: true, ...moderation } })}::jsonb)`;
  return { h: harness, ...rec };
}

async function log(h: BotHarness) {
  return h.pool.sql<
    {
      rule: string;
      action: string;
      state: string;
      reason: string;
      score: number | null;
      durationS: number | null;
    }[]
  >`
    select rule, action, state, reason, score, duration_s as "durationS" from mod_actions
    where tenant_id = ${h.tenantId} order by id`;
}

function fakeModeration(scores: Record<string, number>, delayMs = 0) {
  return new Promise<string>((resolve) => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const input = String(JSON.parse(body).input ?? '');
        const answer = input.includes('nasty') ? scores : {};
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              id: 'modr-1',
              model: 'omni-moderation-latest',
              results: [{ flagged: false, categories: {}, category_scores: answer }],
            }),
          );
        }, delayMs);
      });
    });
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`),
    );
  });
}

describe('moderation feature', () => {
  it('escalates delete → timeout → ban across three offences and says why', async () => {
    const { h, actions } = await start(
      { ai },
      {
        escalation: {
          steps: [{ action: 'delete' }, { action: 'timeout', durationS: 60 }, { action: 'ban' }],
        },
      },
    );
    h.chat('echo visit evil.com', { userId: 'spam1', userName: 'spammer' });
    await h.settle();
    h.chat('echo visit evil.com again', { userId: 'spam1', userName: 'spammer' });
    await h.settle();
    h.chat('echo and evil.com once more', { userId: 'spam1', userName: 'spammer' });
    await h.settle();
    expect(actions.map((a) => a.kind)).toEqual(['delete', 'timeout', 'ban']);
    expect(actions[1]).toMatchObject({ userId: 'spam1', durationS: 60 });
    expect(h.replies()).toEqual([
      '@spammer, links are not allowed here (message removed)',
      '@spammer, links are not allowed here (timeout 60s)',
      '@spammer, links are not allowed here (banned)',
    ]);
    expect(await log(h)).toMatchObject([
      { rule: 'links', action: 'delete', state: 'done', reason: 'link: evil.com' },
      { rule: 'links', action: 'timeout', durationS: 60 },
      { rule: 'links', action: 'ban' },
    ]);
  });

  it('leaves moderators alone and lets other features answer clean lines', async () => {
    const { h, actions } = await start({ ai }, {});
    h.chat('echo evil.com', { level: 'moderator', userId: 'm1', userName: 'mod' });
    h.chat('echo hello', { userId: 'v1' });
    await h.settle();
    expect(actions).toEqual([]);
    expect(h.replies()).toEqual(['echoed', 'echoed']);
  });

  it('lets a permitted viewer post one link', async () => {
    const { h, actions } = await start({ ai }, {});
    h.chat('!permit @Linker', { level: 'moderator', userId: 'm1', userName: 'mod' });
    await h.settle();
    h.chat('my clip: example.com/clip', { userId: 'l1', userName: 'linker' });
    await h.settle();
    expect(actions).toEqual([]);
    h.chat('and another: example.com/two', { userId: 'l1', userName: 'linker' });
    await h.settle();
    expect(actions.map((a) => a.kind)).toEqual(['delete']);
    expect(h.replies()[0]).toBe('@linker, you may post one link in the next 60s.');
  });

  it('acts on an AI category at its threshold and queues a lower score for review', async () => {
    const baseUrl = await fakeModeration({ harassment: 0.95, hate: 0.1 });
    const { h, actions } = await start(
      { ai: { ...ai, baseUrl } },
      { ai: { enabled: true, thresholds: { harassment: 0.9 }, reviewFrom: 0.5 } },
    );
    h.chat('echo you are nasty', { userId: 'v2', userName: 'rude' });
    h.chat('echo all good', { userId: 'v3' });
    await h.settle();
    expect(actions.map((a) => a.kind)).toEqual(['delete']);
    expect(h.replies()).toEqual(['@rude, that message is not allowed here (message removed)', 'echoed']);
    const [row] = await log(h);
    expect(row).toMatchObject({ rule: 'ai:harassment', action: 'delete' });
    expect(row!.score).toBeCloseTo(0.95);

    await h.pool.sql`
      update bot_settings set settings = ${JSON.stringify({ moderation: { enabled: true, ai: { enabled: true, thresholds: { harassment: 0.99 }, reviewFrom: 0.5 } } })}::jsonb
      where tenant_id = ${h.tenantId}`;
    await h.pool.sql`select pg_notify('bot', ${JSON.stringify({ tenantId: h.tenantId, kind: 'config' })})`;
    await new Promise((r) => setTimeout(r, 200));
    h.chat('echo nasty again', { userId: 'v4', userName: 'borderline' });
    await h.settle();
    expect(actions).toHaveLength(1);
    expect((await log(h))[1]).toMatchObject({ rule: 'ai:harassment', action: 'warn', reason: 'for review' });
  });

  it('falls back to rules alone when the AI times out', async () => {
    const baseUrl = await fakeModeration({ harassment: 0.99 }, 2_000);
    const { h, actions } = await start(
      { ai: { ...ai, baseUrl, timeoutMs: 150 } },
      { ai: { enabled: true, thresholds: { harassment: 0.5 } } },
    );
    const started = Date.now();
    h.chat('echo nasty words', { userId: 'v5' });
    h.chat('echo nasty evil.com', { userId: 'v6', userName: 'linky' });
    await h.settle();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(actions.map((a) => a.kind)).toEqual(['delete']);
    expect(h.replies()).toEqual(['echoed', '@linky, links are not allowed here (message removed)']);
  });

  it('switches on follower-only and slow mode on a burst of first-time chatters, and off after the hold', async () => {
    const { h, changes } = await start(
      { ai },
      { enabled: false, antiRaid: { enabled: true, newChatters: 3, windowS: 30, holdS: 60, slowS: 15 } },
    );
    for (const id of ['n1', 'n2', 'n3', 'n4']) h.chat('hi', { userId: id, detail: { firstMessage: true } });
    await h.settle();
    expect(changes).toEqual([{ followersOnly: true, slowS: 15 }]);
    expect(h.replies()[0]).toMatch(/^Anti-raid mode/);
    expect(await log(h)).toMatchObject([{ rule: 'raid', state: 'done' }]);
    await h.tick(Date.now() + 30_000);
    expect(changes).toHaveLength(1);
    await h.tick(Date.now() + 61_000);
    await h.settle();
    expect(changes[1]).toEqual({ followersOnly: false, slowS: 0 });
  });

  it('counts unmarked unseen viewers as newcomers only once the channel was watched a while', async () => {
    const { h, changes, time } = await start(
      { ai },
      { enabled: false, antiRaid: { enabled: true, newChatters: 3, windowS: 30, holdS: 60, slowS: 15 } },
    );
    for (const id of ['a1', 'a2', 'a3', 'a4']) h.chat('hi', { userId: id });
    await h.settle();
    expect(changes).toEqual([]);
    time.offsetMs = 6 * 60_000;
    for (const id of ['a1', 'a2', 'b1', 'b2']) h.chat('hi', { userId: id });
    await h.settle();
    expect(changes).toEqual([]);
    h.chat('hi', { userId: 'b3' });
    await h.settle();
    expect(changes).toEqual([{ followersOnly: true, slowS: 15 }]);
  });

  it('lifts a ban or timeout a mod undid in the studio, once', async () => {
    const { h, actions } = await start({ ai }, { escalation: { steps: [{ action: 'ban' }] } });
    h.chat('evil.com', { userId: 'b1', userName: 'banned' });
    await h.settle();
    await h.pool.sql`update mod_actions set state = 'undone' where tenant_id = ${h.tenantId}`;
    await h.tick();
    await h.tick();
    expect(actions).toEqual([
      { kind: 'ban', userId: 'b1', reason: 'link: evil.com' },
      { kind: 'unban', userId: 'b1' },
    ]);
    const [row] = await h.pool.sql<
      { detail: string }[]
    >`select detail from mod_actions where tenant_id = ${h.tenantId}`;
    expect(row!.detail).toBe('unbanned');
  });
});
