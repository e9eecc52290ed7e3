import { changeBalance } from '@homelab/db/stream/currency';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, botHarness } from '../bot/testing';
import type { Clock } from '../chat/clock';
import { systemClock } from '../chat/clock';
import { waitFor } from '../testing/helpers';
import { commandsFeature } from './feature';

/** The real clock plus whatever the test skips ahead. */
function skippingClock() {
  let offset = 0;
  const clock: Clock & { skip(ms: number): void } = {
    now: () => systemClock.now() + offset,
    setTimeout: systemClock.setTimeout,
    clearTimeout: systemClock.clearTimeout,
    skip: (ms) => {
      offset += ms;
    },
  };
  return clock;
}

type CommandFields = {
  name: string;
  response: string;
  aliases?: string[];
  responseType?: 'say' | 'reply' | 'whisper';
  platforms?: string[];
  minLevel?: string;
  globalCooldownS?: number;
  userCooldownS?: number;
  cost?: number;
  enabled?: boolean;
};

let h: BotHarness;
const clock = skippingClock();

beforeAll(async () => {
  h = await botHarness({ features: [commandsFeature], clock });
  // A moderator bot may send 100 lines per 30 s on Twitch instead of 20; this file sends about 90.
  for (const id of Object.values(h.channelIds)) {
    const held = h.manager.leases.get(id);
    if (held) held.botIsModerator = true;
  }
});
afterAll(async () => {
  await h?.stop();
});

async function addCommand(c: CommandFields) {
  await h.pool.sql`
    insert into bot_commands (tenant_id, name, aliases, response, response_type, platforms, min_level,
      global_cooldown_s, user_cooldown_s, cost, enabled)
    values (${h.tenantId}, ${c.name}, ${c.aliases ?? []}, ${c.response}, ${c.responseType ?? 'say'},
      ${c.platforms ?? ['twitch', 'youtube', 'kick']}, ${c.minLevel ?? 'everyone'}, ${c.globalCooldownS ?? 0},
      ${c.userCooldownS ?? 0}, ${c.cost ?? 0}, ${c.enabled ?? true})`;
  for (const feature of h.engine.features) feature.invalidate?.(h.tenantId);
}

async function say(text: string, line: Parameters<BotHarness['chat']>[1] = {}) {
  h.clearReplies();
  h.chat(text, line);
  await h.settle();
  await waitFor(() => h.manager.queue.depth() === 0);
  return h.replies();
}

describe('custom commands', () => {
  it('answers by name and alias, with per-user and global cooldowns that mods skip', async () => {
    await addCommand({ name: 'hello', aliases: ['hi'], response: 'Hello $(user)!', userCooldownS: 30 });
    expect(await say('!hello')).toEqual(['Hello viewer1!']);
    expect(await say('!hi')).toEqual([]);
    expect(await say('!HI', { userId: 'u2', userName: 'viewer2' })).toEqual(['Hello viewer2!']);
    expect(await say('!hello', { userId: 'm1', userName: 'mod1', level: 'moderator' })).toEqual([
      'Hello mod1!',
    ]);
    expect(await say('!hello', { userId: 'm1', userName: 'mod1', level: 'moderator' })).toEqual([
      'Hello mod1!',
    ]);
    clock.skip(31_000);
    expect(await say('!hi')).toEqual(['Hello viewer1!']);

    await addCommand({ name: 'slow', response: 'slow one', globalCooldownS: 60 });
    expect(await say('!slow', { userId: 'u3' })).toEqual(['slow one']);
    expect(await say('!slow', { userId: 'u4' })).toEqual([]);
    expect(await say('!slow', { userId: 'b', level: 'broadcaster' })).toEqual(['slow one']);
    clock.skip(61_000);
    expect(await say('!slow', { userId: 'u4' })).toEqual(['slow one']);
  });

  it('keeps to its level, its platforms and whether it is enabled', async () => {
    await addCommand({ name: 'subonly', response: 'for subs', minLevel: 'subscriber' });
    await addCommand({ name: 'twitchonly', response: 'twitch here', platforms: ['twitch'] });
    await addCommand({ name: 'off', response: 'never', enabled: false });
    expect(await say('!subonly')).toEqual([]);
    expect(await say('!subonly', { level: 'subscriber' })).toEqual(['for subs']);
    expect(await say('!subonly', { level: 'vip' })).toEqual(['for subs']);
    expect(await say('!twitchonly', { platform: 'kick' })).toEqual([]);
    expect(await say('!twitchonly', { platform: 'twitch' })).toEqual(['twitch here']);
    expect(await say('!off')).toEqual([]);
  });

  it('charges the cost before answering, and charges nothing to a viewer who cannot pay', async () => {
    await addCommand({ name: 'hydrate', response: '$(user) hydrates.', cost: 10 });
    const line = { userId: 'payer', userName: 'payer' };
    expect(await say('!hydrate', line)).toEqual(['!hydrate costs 10 points; you have 0.']);
    const [viewer] = await h.pool.sql<{ viewer_id: string }[]>`
      select viewer_id from viewer_identities where tenant_id = ${h.tenantId} and platform_user_id = 'payer'`;
    const ledger = () => h.pool.sql<{ delta: string; reason: string; ref: string | null }[]>`
      select delta, reason, ref from currency_ledger where viewer_id = ${viewer!.viewer_id} order by id`;
    expect(await ledger()).toEqual([]);

    await changeBalance(h.pool.db, {
      tenantId: h.tenantId,
      viewerId: viewer!.viewer_id,
      delta: 15,
      reason: 'grant',
    });
    expect(await say('!hydrate', line)).toEqual(['payer hydrates.']);
    expect(await say('!hydrate', line)).toEqual(['!hydrate costs 10 points; you have 5.']);
    expect((await ledger()).map((r) => [Number(r.delta), r.reason, r.ref])).toEqual([
      [15, 'grant', null],
      [-10, 'command', 'hydrate'],
    ]);
  });

  it('whispers as an @mention and counts uses', async () => {
    await addCommand({ name: 'secret', response: 'psst', responseType: 'whisper' });
    await addCommand({ name: 'threaded', response: 'in thread', responseType: 'reply' });
    expect(await say('!secret')).toEqual(['@viewer1 psst']);
    expect(await say('!threaded')).toEqual(['in thread']);
    for (const feature of h.engine.features) await feature.tick?.(clock.now());
    const [row] = await h.pool.sql<{ uses: string }[]>`
      select uses from bot_commands where tenant_id = ${h.tenantId} and name = 'secret'`;
    expect(Number(row!.uses)).toBe(1);
  });

  it("echoes a viewer's variable syntax literally and never evaluates it", async () => {
    await addCommand({ name: 'echo', response: 'You said: $(args) / first: $(1|none)' });
    const replies = await say('!echo $(urlfetch http://127.0.0.1:1/) $(command echo) $$(count x)');
    expect(replies).toEqual([
      'You said: $(urlfetch http://127.0.0.1:1/) $(command echo) $$(count x) / first: $(urlfetch',
    ]);
    const [counter] = await h.pool
      .sql`select 1 from bot_counters where tenant_id = ${h.tenantId} and name = 'x'`;
    expect(counter).toBeUndefined();
  });

  it('renders nested commands with the same caller and stops a loop at depth 3', async () => {
    await addCommand({ name: 'outer', response: 'outer [$(command inner)]' });
    await addCommand({ name: 'inner', response: 'inner for $(user) $(1|-)' });
    await addCommand({ name: 'loop', response: 'x $(command loop)' });
    expect(await say('!outer abc')).toEqual(['outer [inner for viewer1 abc]']);
    expect(await say('!loop')).toEqual(['x x x x [command: too deep]']);
  });

  it('counts with $(count) and lets mods show and set counters', async () => {
    await addCommand({ name: 'death', response: 'Deaths: $(count deaths)' });
    await addCommand({ name: 'deaths', response: 'So far: $(getcount deaths)' });
    expect(await say('!death')).toEqual(['Deaths: 1']);
    expect(await say('!death', { userId: 'u9' })).toEqual(['Deaths: 2']);
    expect(await say('!deaths')).toEqual(['So far: 2']);
    expect(await say('!counter deaths =10')).toEqual([]);
    const mod = { userId: 'm1', userName: 'mod1', level: 'moderator' as const };
    expect(await say('!counter deaths =10', mod)).toEqual(['deaths: 10']);
    expect(await say('!counter deaths -1', mod)).toEqual(['deaths: 9']);
    expect(await say('!counter deaths', mod)).toEqual(['deaths: 9']);
    expect(await say('!counter deaths sideways', mod)).toEqual(['Usage: !counter <name> [+n|-n|=n]']);
  });

  it('answers live facts, balances and the currency name', async () => {
    await addCommand({
      name: 'info',
      response: '$(game) | $(title) | $(uptime) | $(points) $(currency) #$(rank) | $(followage)',
    });
    expect((await say('!info'))[0]).toMatch(
      /^unknown \| unknown \| offline \| 0 points #\d+ \| not following$/,
    );
    h.chat(null, { kind: 'stream_online', detail: { title: 'Speedrun', game: 'Celeste' } });
    h.setFollow('twitch', 'u1', new Date(Date.now() - 400 * 86_400_000).toISOString());
    await h.settle();
    const [reply] = await say('!info');
    expect(reply).toMatch(/^Celeste \| Speedrun \| \d+m \| 0 points #\d+ \| 1 year, 1 month$/);
  });

  it('fetches a URL only from the template, refusing private addresses with a short reason', async () => {
    await addCommand({ name: 'fetchit', response: 'Got: $(urlfetch http://127.0.0.1:9/)' });
    expect(await say('!fetchit')).toEqual(['Got: [urlfetch: private address refused]']);
  });

  it('stays silent for a stored response that no longer parses', async () => {
    await addCommand({ name: 'broken', response: 'oops $(nosuchvar' });
    expect(await say('!broken')).toEqual([]);
  });

  it('handles malformed commands and oversized arguments without failing', async () => {
    const before = h.engine.stats().failed;
    expect(await say('!')).toEqual([]);
    expect(await say('!!')).toEqual([]);
    expect(await say('!nosuchcommand at all')).toEqual([]);
    const [long] = await say(`!echo ${'a'.repeat(600)}`);
    expect(long!.length).toBeLessThanOrEqual(500);
    expect(await say(`!cmd add !${'b'.repeat(60)} hi`, { level: 'moderator' })).toHaveLength(1);
    expect(await say(`!cmd add !big ${'c '.repeat(300)}`, { level: 'moderator' })).toEqual([
      '!big was not saved: the response is longer than 500 characters.',
    ]);
    expect(h.engine.stats().failed).toBe(before);
  });
});

describe('managing commands from chat', () => {
  const mod = { userId: 'mod', userName: 'themod', level: 'moderator' as const };

  it('refuses a response that does not parse and stores nothing', async () => {
    const [reply] = await say('!cmd add !greet Hi $(user', mod);
    expect(reply).toMatch(/^!greet was not saved: .+\(at character \d+\)\.$/);
    const rows = await h.pool
      .sql`select 1 from bot_commands where tenant_id = ${h.tenantId} and name = 'greet'`;
    expect(rows).toHaveLength(0);
  });

  it('adds, aliases, shows, edits and deletes a command, each change live at once', async () => {
    expect(await say('!cmd add !greet Hi $(touser)!', { userId: 'x', level: 'everyone' })).toEqual([]);
    expect(await say('!cmd add !Greet Hi $(touser)!', mod)).toEqual(['Added !greet.']);
    expect(await say('!greet @friend')).toEqual(['Hi friend!']);
    expect(await say('!cmd add !greet again', mod)).toEqual(['!greet is already a command.']);
    expect(await say('!cmd add !points mine', mod)).toEqual(['!points is already a command.']);
    expect(await say('!cmd alias !greet !yo', mod)).toEqual(['!yo now runs !greet.']);
    expect(await say('!cmd alias !greet !points', mod)).toEqual(['!points is already a command.']);
    expect(await say('!cmd add !yo clash', mod)).toEqual(['!yo is already a command.']);
    // Added from chat with the default cooldowns (5 s per channel, 15 s per viewer).
    expect(await say('!yo', { userId: 'y' })).toEqual([]);
    clock.skip(6_000);
    expect(await say('!yo', { userId: 'y' })).toEqual(['Hi viewer1!']);
    expect(await say('!cmd show !yo', mod)).toEqual(['!greet (aliases: !yo): Hi $(touser)!']);
    expect(await say('!cmd edit !greet Hey $(user', mod)).toHaveLength(1);
    expect(await say('!cmd edit !greet Hey there', mod)).toEqual(['Changed !greet.']);
    clock.skip(6_000);
    expect(await say('!greet', { userId: 'z' })).toEqual(['Hey there']);
    expect((await say('!commands'))[0]).toContain('!greet');
    expect(await say('!cmd del !greet', mod)).toEqual(['Deleted !greet.']);
    expect(await say('!greet', { userId: 'w' })).toEqual([]);
    expect(await say('!cmd del !greet', mod)).toEqual(['There is no !greet.']);
    expect(await say('!cmd frobnicate', mod)).toHaveLength(1);
  });
});
