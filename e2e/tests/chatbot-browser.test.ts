/**
 * The chat features' studio pages in a real browser: a streamer signs in with Twitch, writes a
 * command in the editor (a parse error shown inline, then a live preview of the reply), saves it
 * and sees a viewer use it in the fake IRC; then every other page (timers, chat tools, currency,
 * games, giveaways, polls, stats) is opened empty and with data. Each page is scanned with
 * axe-core and photographed into e2e/artifacts/chatbot-*.png.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeTwitch, startFakeTwitch } from '../fakes/twitch/server';
import { seriousViolations } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { artifacts, startTestStack } from '../support/stack';
import { approveTwitchStreamer, fakeTwitchEnv } from '../support/studio';
import { until } from '../support/until';

let twitch: FakeTwitch;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;
let page: Page;
let sql: postgres.Sql;

const settle = () => page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
const shot = (name: string) =>
  page.screenshot({ path: path.join(artifacts, `chatbot-${name}.png`), fullPage: true });

/** Opens a studio page, waits for its heading and data, checks it with axe and photographs it. */
async function visit(pathname: string, heading: string, name: string) {
  await page.goto(`${stack.url}${pathname}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await settle();
  expect(await seriousViolations(page), `${pathname}: axe`).toEqual([]);
  await shot(name);
}

beforeAll(async () => {
  twitch = await startFakeTwitch();
  stack = await startTestStack({
    adminUrl: inject('e2eAdminUrl'),
    label: 'chatbot-browser',
    env: fakeTwitchEnv(twitch),
  });
  sql = postgres(stack.ownerUrl, { max: 2, onnotice: () => {} });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  approveTwitchStreamer(twitch, { login: 'adaplays', displayName: 'AdaPlays' });
  await page.goto(`${stack.url}/studio/sign-in`);
  await page.getByRole('link', { name: 'Sign in with Twitch' }).click();
  // A new streamer lands in the setup wizard; the pages below are opened by their addresses.
  await page.waitForURL(`${stack.url}/studio/welcome`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sql?.end();
  await stack?.stop();
  await twitch?.close();
});

describe('the chat features in the studio', () => {
  it('shows the empty pages with what to do first', async () => {
    await visit('/studio/commands', 'Commands', 'commands-empty');
    await expect(page.getByText('No custom commands yet').isVisible()).resolves.toBe(true);
    await visit('/studio/timers', 'Timers', 'timers-empty');
    await visit('/studio/tools', 'Chat tools', 'tools-empty');
    await visit('/studio/giveaways', 'Giveaways', 'giveaways-empty');
    await visit('/studio/polls', 'Polls and bets', 'polls-empty');
    await visit('/studio/stats', 'Stream stats', 'stats-empty');
  });

  it('writes a command: the parse error inline, then a live preview; a viewer then uses it', async () => {
    await visit('/studio/commands', 'Commands', 'commands');
    await page.getByRole('button', { name: 'New command' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('hug');
    const reply = dialog.getByRole('textbox', { name: 'Reply' });
    await reply.fill('$(user) hugs $(toouser)');
    await dialog.getByText(/Unknown variable \$\(toouser\)/).waitFor();
    await expect(reply.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('command-parse-error');

    await reply.fill('$(user) hugs $(touser)');
    await dialog.getByRole('textbox', { name: 'Sample viewer' }).fill('Mia');
    await dialog.getByRole('textbox', { name: 'Sample words after the command' }).fill('@Zed');
    await until(
      'the preview',
      () => dialog.getByTestId('preview-text').textContent(),
      (t) => t === 'Mia hugs Zed',
    );
    await shot('command-preview');
    await dialog.getByRole('button', { name: 'Add command' }).click();
    await page.getByRole('rowheader', { name: '!hug' }).waitFor();
    await shot('commands-list');

    await until(
      'the chat runner to join the channel',
      async () =>
        (await (await page.request.get(`${stack.url}/api/stream/channels`)).json()) as {
          channels: { connection: { state: string } | null }[];
        },
      (body) => body.channels[0]?.connection?.state === 'joined',
    );
    twitch.say('adaplays', { login: 'viewer_one', displayName: 'Viewer_One', text: '!hug @friend' });
    const sent = await until(
      'the bot to answer !hug',
      () => twitch.sent('adaplays'),
      (list) => list.some((m) => m.text === 'Viewer_One hugs friend'),
    );
    expect(sent.at(-1)?.login).toBe(twitch.botLogin);
  });

  it('shows every other page with data', async () => {
    const [tenant] = await sql<{ id: string }[]>`select id from stream_tenants limit 1`;
    const [channel] = await sql<{ id: string }[]>`select id from stream_channels limit 1`;
    const t = tenant!.id;
    // What a few streams leave behind: viewers with balances, a quote, a counter, a timer, a
    // queue, a finished giveaway and poll, and a stream with a sample a minute.
    await sql`insert into bot_timers (tenant_id, name, message, interval_s, min_lines)
      values (${t}, 'socials', 'Follow on Kick too: kick.com/adaplays', 900, 5)`;
    await sql`insert into bot_quotes (tenant_id, number, text, author, game)
      values (${t}, 1, 'I meant to do that.', 'AdaPlays', 'Celeste')`;
    await sql`insert into bot_counters (tenant_id, name, value) values (${t}, 'deaths', 42)`;
    const viewerIds: string[] = [];
    for (const [i, name] of ['mia', 'zed', 'kai', 'lou'].entries()) {
      const [v] = await sql<{ id: string }[]>`
        insert into viewers (tenant_id, display_name, balance, watch_minutes, messages)
        values (${t}, ${name}, ${1_000 - i * 200}, ${300 - i * 50}, ${120 - i * 20}) returning id`;
      await sql`insert into viewer_identities (tenant_id, platform, platform_user_id, viewer_id, user_name)
        values (${t}, 'twitch', ${`u${i}`}, ${v!.id}, ${name})`;
      await sql`insert into currency_ledger (tenant_id, viewer_id, delta, balance_after, reason)
        values (${t}, ${v!.id}, ${1_000 - i * 200}, ${1_000 - i * 200}, 'watch')`;
      viewerIds.push(v!.id);
    }
    await sql`insert into bot_viewer_queue (tenant_id, viewer_id, user_name, platform, note)
      values (${t}, ${viewerIds[1]!}, 'zed', 'twitch', 'ranked duo?')`;
    const [g] = await sql<{ id: string }[]>`
      insert into giveaways (tenant_id, prize, keyword, state, entries, closed_at)
      values (${t}, 'A Steam key', '!enter', 'drawn', 2, now()) returning id`;
    await sql`insert into giveaway_entries (giveaway_id, tenant_id, viewer_id, user_name, platform)
      values (${g!.id}, ${t}, ${viewerIds[0]!}, 'mia', 'twitch'), (${g!.id}, ${t}, ${viewerIds[2]!}, 'kai', 'twitch')`;
    await sql`insert into giveaway_winners (giveaway_id, tenant_id, viewer_id, user_name, state, claimed_at)
      values (${g!.id}, ${t}, ${viewerIds[0]!}, 'mia', 'claimed', now())`;
    const [poll] = await sql<{ id: string }[]>`
      insert into polls (tenant_id, kind, question, options, state)
      values (${t}, 'poll', 'Next game?', '{Celeste,Hades,Tetris}', 'open') returning id`;
    await sql`insert into poll_votes (poll_id, tenant_id, viewer_id, option)
      values (${poll!.id}, ${t}, ${viewerIds[0]!}, 1), (${poll!.id}, ${t}, ${viewerIds[1]!}, 1), (${poll!.id}, ${t}, ${viewerIds[2]!}, 0)`;
    const [session] = await sql<{ id: string }[]>`
      insert into stream_sessions (tenant_id, channel_id, platform, started_at, ended_at, title, game,
        peak_viewers, messages, chatters, new_followers, new_subs, summary)
      values (${t}, ${channel!.id}, 'twitch', now() - interval '3 hours', now() - interval '1 hour',
        'Celeste any%', 'Celeste', 57, 1240, 88, 12, 3,
        ${sql.json({
          topChatters: [
            { userName: 'mia', messages: 140 },
            { userName: 'zed', messages: 96 },
          ],
          commands: [{ command: 'hug', uses: 31 }],
        })})
      returning id`;
    await sql`insert into stream_samples (session_id, tenant_id, at, viewers, messages, chatters)
      select ${session!.id}, ${t}, now() - interval '3 hours' + make_interval(mins => m),
        30 + (m % 27), 5 + (m % 13), 3 + (m % 7)
      from generate_series(0, 119) as m`;

    await visit('/studio/timers', 'Timers', 'timers');
    await page.getByText('socials').first().waitFor();
    await visit('/studio/tools', 'Chat tools', 'tools-quotes');
    await page.getByText('I meant to do that.').waitFor();
    await visit('/studio/tools?tab=counters', 'Chat tools', 'tools-counters');
    await visit('/studio/tools?tab=queue', 'Chat tools', 'tools-queue');
    await visit('/studio/currency', 'Currency', 'currency');
    await page.getByText('mia').first().waitFor();
    await shot('currency');
    await visit('/studio/games', 'Games', 'games');
    await visit('/studio/giveaways', 'Giveaways', 'giveaways');
    await page.getByText('A Steam key').first().waitFor();
    await visit('/studio/polls', 'Polls and bets', 'polls');
    await page.getByText('Next game?').first().waitFor();
    await shot('polls');
    await visit('/studio/stats', 'Stream stats', 'stats');
    await page.getByText('Celeste any%').first().waitFor();
    await shot('stats');
    await page.getByRole('button', { name: /Celeste any%/ }).click();
    await page
      .locator('svg')
      .filter({ has: page.locator('path') })
      .first()
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot('stats-stream');
  });
});
