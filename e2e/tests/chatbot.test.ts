/**
 * The chat features through the whole stack, on the fake chats of all three platforms: the
 * streamer sets up custom commands and settings in the studio API, then viewers and moderators
 * use every built-in and the custom commands in Twitch IRC, Kick webhooks and YouTube live chat,
 * and each answer is read back where the platform received it. One viewer links their Twitch
 * and Kick accounts and keeps one balance.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeKickApi, kickPayloads, startFakeKickApi } from '../fakes/kick-api/server';
import { type FakeTwitch, startFakeTwitch } from '../fakes/twitch/server';
import { type FakeYoutubeData, startFakeYoutubeData } from '../fakes/youtube-data/server';
import { client } from '../support/http';
import { startTestStack } from '../support/stack';
import {
  approveTwitchStreamer,
  fakeGoogleEnv,
  fakeKickEnv,
  fakeTwitchEnv,
  studioOAuth,
  studioSignIn,
} from '../support/studio';
import { until } from '../support/until';

type Api = ReturnType<typeof client>;
type Platform = 'twitch' | 'kick' | 'youtube';
type Chat = {
  platform: Platform;
  say(user: string, text: string, options?: { mod?: boolean }): Promise<void>;
  replies(): string[];
};

let twitch: FakeTwitch;
let kick: FakeKickApi;
let youtube: FakeYoutubeData;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let sql: postgres.Sql;
let streamer: Api;
const chats = {} as Record<Platform, Chat>;

/** Says a line and waits for the bot's next answer in that chat that matches. */
async function ask(chat: Chat, user: string, text: string, expected: RegExp, options?: { mod?: boolean }) {
  const before = chat.replies().length;
  await chat.say(user, text, options);
  const replies = await until(
    `${chat.platform}: an answer to "${text}" matching ${expected} (the last answers: ${JSON.stringify(chat.replies().slice(-4))})`,
    () => chat.replies().slice(before),
    (list) => list.some((reply) => expected.test(reply)),
    // YouTube is polled: the answer waits for the next read of the live chat.
    chat.platform === 'youtube' ? 30_000 : 15_000,
  );
  return replies.find((reply) => expected.test(reply))!;
}

async function channelsJoined(platform: Platform) {
  await until(
    `the chat runner to join the ${platform} channel`,
    async () => (await streamer.call('GET', '/api/stream/channels')).json.channels,
    (list: { platform: string; connection: { state: string } | null }[]) =>
      list.find((c) => c.platform === platform)?.connection?.state === 'joined',
    45_000,
  );
}

beforeAll(async () => {
  [twitch, kick, youtube] = await Promise.all([
    startFakeTwitch(),
    startFakeKickApi(),
    startFakeYoutubeData(),
  ]);
  stack = await startTestStack({
    adminUrl: inject('e2eAdminUrl'),
    label: 'chatbot',
    env: {
      ...fakeTwitchEnv(twitch),
      ...fakeKickEnv(kick),
      ...fakeGoogleEnv(youtube),
      YOUTUBE_API_KEY: youtube.apiKey,
    },
  });
  sql = postgres(stack.ownerUrl, { max: 2, onnotice: () => {} });

  // The streamer: Twitch first, then Kick and YouTube linked to the same tenant.
  approveTwitchStreamer(twitch, { login: 'adaplays', displayName: 'AdaPlays' });
  streamer = await studioSignIn(stack.url, 'twitch');
  const adaKick = kick.addChannel('adakicks');
  kick.oauth.approveAs(adaKick.broadcaster_user_id);
  streamer = client(stack.url, (await studioOAuth(stack.url, 'kick', streamer.cookie)).session);
  const adaTube = youtube.addChannel({ title: 'Ada on YouTube', customUrl: '@adaplays' });
  const broadcast = youtube.startBroadcast(adaTube.id, { title: 'Live now' });
  youtube.oauth.approveAs(adaTube.sub);
  streamer = client(stack.url, (await studioOAuth(stack.url, 'google', streamer.cookie)).session);
  kick.webhooks.setTarget(`${stack.url}/webhooks/kick`);
  // The bot moderates the Twitch chat (100 messages per 30 s), and this tenant may spend YouTube
  // quota freely, so the live chat is read as often as YouTube allows.
  twitch.setModerator('adaplays', twitch.botLogin);
  await sql`update stream_channels set bot_is_moderator = true where platform = 'twitch'`;
  await sql`update stream_channels set quota_budget = 10000000 where platform = 'youtube'`;
  // Someone to shout out, on every platform.
  twitch.addUser({ login: 'friendly', displayName: 'Friendly' });
  kick.addChannel('friendly', { category: 'Chess' });
  youtube.addChannel({ title: 'Friendly', customUrl: '@friendly' });

  let kickUserId = 900_000;
  const kickIds = new Map<string, number>();
  chats.twitch = {
    platform: 'twitch',
    async say(user, text, options) {
      twitch.say('adaplays', { login: user, text, ...(options?.mod ? { mod: true } : {}) });
    },
    replies: () => twitch.sent('adaplays').map((m) => m.text),
  };
  chats.kick = {
    platform: 'kick',
    async say(user, text, options) {
      if (!kickIds.has(user)) kickIds.set(user, ++kickUserId);
      const res = await kick.webhooks.send(
        'chat.message.sent',
        kickPayloads['chat.message.sent']({
          broadcaster: kick.person('adakicks'),
          sender: { user_id: kickIds.get(user)!, username: user },
          content: text,
          ...(options?.mod ? { badges: [{ type: 'moderator', text: 'Moderator' }] } : {}),
        }),
      );
      expect(res.status).toBeLessThan(300);
    },
    replies: () => kick.chat.messagesTo(adaKick.broadcaster_user_id).map((m) => m.content),
  };
  chats.youtube = {
    platform: 'youtube',
    async say(user, text, options) {
      youtube.chat.say(broadcast.liveChatId, {
        author: {
          displayName: user,
          channelId: `UC${user.padEnd(22, 'x')}`,
          moderator: options?.mod ?? false,
        },
        text,
      });
    },
    replies: () =>
      youtube.chat.inserted.filter((m) => m.liveChatId === broadcast.liveChatId).map((m) => m.text),
  };
}, 180_000);

afterAll(async () => {
  await sql?.end();
  await stack?.stop();
  await Promise.all([twitch?.close(), kick?.close(), youtube?.close()]);
});

describe('the studio sets up the bot', () => {
  it('saves custom commands, refuses one that does not parse, and tunes the games', async () => {
    const commands = [
      { name: 'hello', response: 'Hello $(user)! You said: $(1|nothing)' },
      { name: 'hug', response: '$(user) hugs $(touser)' },
      { name: 'dice', response: '$(user) rolled a $(random 1-6)' },
      { name: 'deaths', response: 'Deaths so far: $(count deaths)' },
      { name: 'echo', response: 'You said: $(args)' },
    ];
    for (const command of commands) {
      const res = await streamer.call('POST', '/api/stream/commands', {
        ...command,
        globalCooldownS: 0,
        userCooldownS: 0,
      });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
    }
    const bad = await streamer.call('POST', '/api/stream/commands', {
      name: 'broken',
      response: 'Hi $(nope)',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/nope/);

    const settings = await streamer.call('PATCH', '/api/stream/settings', {
      currency: { name: 'candies' },
      games: { cooldownS: 0, minBet: 1, heist: { joinS: 3, minPlayers: 2 } },
    });
    expect(settings.status, JSON.stringify(settings.json)).toBe(200);
    for (const platform of ['twitch', 'kick', 'youtube'] as const) await channelsJoined(platform);
  }, 120_000);
});

/** Every built-in and the custom commands, as a viewer, a second viewer and a moderator of one chat. */
async function everyCommand(chat: Chat) {
  const p = chat.platform;
  const ann = `${p}_ann`;
  const bob = `${p}_bob`;
  const mod = `${p}_mod`;
  const asMod = { mod: true };

  // Custom commands and their variables; a viewer's `$(…)` is echoed, never run.
  expect(await ask(chat, ann, '!hello world', /Hello/)).toBe(`Hello ${ann}! You said: world`);
  expect(await ask(chat, ann, '!hug @friendly', /hugs/)).toBe(`${ann} hugs friendly`);
  expect(await ask(chat, ann, '!dice', /rolled/)).toMatch(new RegExp(`^${ann} rolled a [1-6]$`));
  expect(await ask(chat, ann, '!echo $(urlfetch http://127.0.0.1/) $(command hello)', /You said/)).toBe(
    'You said: $(urlfetch http://127.0.0.1/) $(command hello)',
  );
  await ask(chat, mod, '!counter deaths =5', /5/, asMod);
  expect(await ask(chat, ann, '!deaths', /Deaths/)).toBe('Deaths so far: 6');

  // Managing commands from chat.
  await ask(chat, mod, `!cmd add !lurk_${p} $(user) is lurking`, /lurk/i, asMod);
  expect(await ask(chat, bob, `!lurk_${p}`, /lurking/)).toBe(`${bob} is lurking`);
  expect(await ask(chat, mod, `!cmd add !oops Hi $(nope)`, /nope/i, asMod)).toMatch(/nope/);
  await ask(chat, mod, `!cmd alias !lurk_${p} !afk_${p}`, /afk/i, asMod);
  await ask(chat, mod, `!cmd show !afk_${p}`, /lurking/, asMod);
  await ask(chat, mod, `!cmd edit !lurk_${p} $(user) is away`, /lurk/i, asMod);
  // Moderators skip cooldowns; a viewer who just used it would wait out theirs.
  expect(await ask(chat, mod, `!afk_${p}`, /away/, asMod)).toBe(`${mod} is away`);
  await ask(chat, mod, `!cmd del !lurk_${p}`, /lurk/i, asMod);
  expect(await ask(chat, ann, '!commands', /hello/)).toMatch(/deaths/);

  // Currency.
  await ask(chat, mod, `!addpoints @${ann} 500`, /now has/, asMod);
  expect(await ask(chat, ann, '!points', /candies/)).toMatch(/\d/);
  await ask(chat, ann, `!give @${bob} 100`, new RegExp(bob));
  expect(await ask(chat, bob, '!balance', /candies/)).toMatch(/100/);
  await ask(chat, mod, `!removepoints @${bob} 10`, /now has 90/, asMod);
  // One leaderboard for the tenant, whichever platform asks.
  expect(await ask(chat, ann, '!top', /^Top candies: 1\./)).toMatch(/2\./);
  await ask(chat, ann, '!leaderboard', /^Top candies: 1\./);

  // Quotes, shoutouts, the viewer queue.
  expect(await ask(chat, mod, `!quote add Never give up - Ada ${p}`, /#\d+/, asMod)).toMatch(/#\d+/);
  expect(await ask(chat, ann, '!quotes', /Never give up/)).toMatch(/Never give up/);
  expect(await ask(chat, mod, '!so @friendly', /friendly/i, asMod)).toMatch(/friendly/i);
  await ask(chat, mod, '!queue open', /open/i, asMod);
  await ask(chat, ann, '!join first game please', /queue|#1|1st|position/i);
  await ask(chat, bob, '!join', /queue|#2|2nd|position/i);
  await ask(chat, bob, '!leave', /left|leave|out/i);
  await ask(chat, ann, '!queue', /1/);
  expect(await ask(chat, mod, '!queue pick', new RegExp(ann), asMod)).toMatch(new RegExp(ann));
  await ask(chat, mod, '!queue close', /close/i, asMod);

  // A giveaway with an entry and a claim.
  await ask(chat, mod, `!giveaway start !enter A ${p} game key`, /!enter/, asMod);
  await chat.say(ann, '!enter');
  expect(await ask(chat, mod, '!ga draw', new RegExp(ann), asMod)).toMatch(new RegExp(ann));
  await ask(chat, ann, 'thank you!!', /claim/i);

  // A poll, and a bet on the currency.
  await ask(chat, mod, '!poll "Best snack?" chips | candy', /Best snack/, asMod);
  // Votes are counted without an answer each (a busy chat would drown in them).
  await chat.say(ann, '!vote 2');
  await chat.say(bob, '2');
  expect(await ask(chat, mod, '!poll close', /candy/, asMod)).toMatch(/2/);
  await ask(chat, mod, '!bet open "Will Ada win?" yes | no', /Will Ada win/, asMod);
  await ask(chat, ann, '!bet 1 20', /20|bet/i);
  await ask(chat, mod, '!bet close', /clos|bet/i, asMod);
  expect(await ask(chat, mod, '!bet resolve 1', /yes|won|win/i, asMod)).toMatch(/yes|ann/i);

  // Games on the currency.
  await ask(chat, ann, '!roulette 10', /won|lost|win|lose/i);
  await ask(chat, ann, '!slots 10', /\|| |won|lost/i);
  await ask(chat, ann, `!duel @${bob} 5`, new RegExp(bob));
  await ask(chat, bob, '!accept', /wins|won/i);
  await ask(chat, bob, `!duel @${ann} 5`, new RegExp(ann));
  await ask(chat, ann, '!deny', /den|declin|turn/i);
  await ask(chat, ann, '!heist 10', /heist/i);
  await chat.say(bob, '!heist 10');
  await ask(chat, ann, 'waiting for the crew', /heist|escap|caught|made it|surviv/i);
}

describe.each(['twitch', 'kick', 'youtube'] as const)('every command in %s chat', (platform) => {
  it(
    'answers built-ins and custom commands where they were asked',
    async () => {
      await everyCommand(chats[platform]);
    },
    platform === 'youtube' ? 900_000 : 400_000,
  );
});

describe('one viewer across platforms', () => {
  it('links the Twitch and Kick accounts of one person into one balance', async () => {
    // On Twitch the code comes as a whisper, so nobody else in chat can claim it.
    const said = chats.twitch.replies().length;
    await chats.twitch.say('twitch_ann', '!link');
    const annId = twitch.user('twitch_ann').id;
    const whispers = await until(
      'the link code whispered to twitch_ann',
      () => twitch.whispers.filter((w) => w.toUserId === annId),
      (list) => list.some((w) => /[A-Z0-9]{6}/.test(w.message)),
    );
    const code = whispers.find((w) => /[A-Z0-9]{6}/.test(w.message))!.message.match(/[A-Z0-9]{6}/)![0];
    expect(
      chats.twitch
        .replies()
        .slice(said)
        .some((line) => line.includes(code)),
    ).toBe(false);
    const [before] = await sql<{ twitch: number; kick: number }[]>`
      select
        (select v.balance from viewers v join viewer_identities i on i.viewer_id = v.id
          where i.platform = 'twitch' and i.user_name = 'twitch_ann')::int as twitch,
        (select v.balance from viewers v join viewer_identities i on i.viewer_id = v.id
          where i.platform = 'kick' and i.user_name = 'kick_ann')::int as kick`;
    await ask(chats.kick, 'kick_ann', `!link ${code}`, /link/i);
    const rows = await sql<{ viewer_id: string; balance: number }[]>`
      select i.viewer_id, v.balance::int from viewer_identities i join viewers v on v.id = i.viewer_id
      where i.user_name in ('twitch_ann', 'kick_ann')`;
    expect(new Set(rows.map((r) => r.viewer_id)).size).toBe(1);
    expect(rows[0]!.balance).toBe(before!.twitch + before!.kick);
    expect(await ask(chats.kick, 'kick_ann', '!points', /candies/)).toMatch(
      String(before!.twitch + before!.kick),
    );
  }, 120_000);
});
