/**
 * The stream studio in a real browser: a streamer signs in with Twitch from /studio/sign-in through
 * the fake Twitch, sees the channel under Connections, watches a viewer's message arrive live on
 * the Chat page and answers it from the keyboard, which the bot says in the fake IRC. Each page is
 * scanned with axe-core and photographed into e2e/artifacts/studio-*.png.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
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

/** Waits for the page's requests to finish; a page holding a live feed open never idles, so briefly. */
const settle = () => page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});

const shot = (name: string) =>
  page.screenshot({ path: path.join(artifacts, `studio-${name}.png`), fullPage: true });

beforeAll(async () => {
  twitch = await startFakeTwitch();
  stack = await startTestStack({
    adminUrl: inject('e2eAdminUrl'),
    label: 'studio-browser',
    env: {
      ...fakeTwitchEnv(twitch),
      TWITCH_EVENTSUB_SECRET: 'studio-eventsub-secret-0123456789',
    },
  });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await twitch?.close();
});

describe('the stream studio', () => {
  it('explains a refused sign-in on the sign-in page', async () => {
    await page.goto(`${stack.url}/studio/sign-in?error=account_in_use`);
    await page.getByRole('link', { name: 'Sign in with Twitch' }).waitFor();
    await expect(page.getByText('Could not sign you in').isVisible()).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('sign-in-error');
  });

  it('signs in with Twitch and walks a new streamer through setup, ending with a test message in chat', async () => {
    approveTwitchStreamer(twitch, { login: 'adaplays', displayName: 'AdaPlays' });
    await page.goto(`${stack.url}/studio/sign-in`);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('sign-in');
    await page.getByRole('link', { name: 'Sign in with Twitch' }).click();
    // A new streamer lands in the setup wizard.
    await page.waitForURL(`${stack.url}/studio/welcome`);
    await page.getByRole('heading', { level: 1, name: 'Welcome to the stream studio' }).waitFor();
    await expect(page.getByText('AdaPlays').first().isVisible()).resolves.toBe(true);
    await settle();
    expect(await seriousViolations(page)).toEqual([]);
    await shot('welcome');

    await page.getByRole('button', { name: /^Next: / }).click();
    await page.getByText(/Linked as AdaPlays/).waitFor();
    await shot('welcome-platforms');
    await page.getByRole('button', { name: /^Next: / }).click();
    const currency = page.getByRole('checkbox', { name: /Currency/ });
    await currency.waitFor();
    await currency.check();
    await shot('welcome-features');
    await page.getByRole('button', { name: /^Next: / }).click();

    // The last step sends a test message through the bot once it has joined the chat.
    await until(
      'the chat runner to join the channel',
      async () => {
        const res = await page.request.get(`${stack.url}/api/stream/channels`);
        return (await res.json()) as { channels: { connection: { state: string } | null }[] };
      },
      (body) => body.channels[0]?.connection?.state === 'joined',
    );
    await page.getByRole('button', { name: 'Send test message' }).click();
    await page.getByText('Sent!').waitFor();
    await until(
      'the test message in the fake IRC',
      () => twitch.sent('adaplays'),
      (list) => list.some((m) => m.text === 'SnappleBot is here! Type !hello to try me.'),
    );
    expect(await seriousViolations(page)).toEqual([]);
    await shot('welcome-test');

    // Leaving and coming back resumes where the streamer was; finishing opens the studio.
    await page.goto(`${stack.url}/studio`);
    await page.waitForURL(`${stack.url}/studio/welcome`);
    await page.getByRole('button', { name: 'Send test message' }).waitFor();
    await page.getByRole('button', { name: 'Finish and open the studio' }).click();
    await page.waitForURL(`${stack.url}/studio`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    const settings = await page.request.get(`${stack.url}/api/stream/settings`);
    expect(
      ((await settings.json()) as { settings: { currency: { enabled: boolean } } }).settings.currency.enabled,
    ).toBe(true);
    await page.goto(`${stack.url}/studio`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await settle();
    expect(page.url()).toBe(`${stack.url}/studio`);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('overview');
  });

  it('shows the Twitch channel under Connections', async () => {
    await until(
      'the chat runner to join the channel',
      async () => {
        const res = await page.request.get(`${stack.url}/api/stream/channels`);
        return (await res.json()) as { channels: { connection: { state: string } | null }[] };
      },
      (body) => body.channels[0]?.connection?.state === 'joined',
    );
    await page.goto(`${stack.url}/studio/connections`);
    await page.getByText('adaplays').first().waitFor();
    await settle();
    expect(await seriousViolations(page)).toEqual([]);
    await shot('connections');
  });

  it('shows a viewer message live on the Chat page and sends a reply with the keyboard', async () => {
    await page.goto(`${stack.url}/studio/chat`);
    await page.getByText('No chat yet').waitFor();
    // The feed is open before the viewer speaks: the message can only arrive live.
    await settle();
    twitch.say('adaplays', { login: 'viewer_one', displayName: 'Viewer_One', text: 'hello studio' });
    await page.getByText('hello studio').waitFor({ timeout: 20_000 });
    expect(await seriousViolations(page)).toEqual([]);

    const box = page.getByLabel(/Message to .* on Twitch/);
    await box.focus();
    await page.keyboard.type('Welcome, viewer_one!');
    await page.keyboard.press('Enter');
    await page.getByText(/^Queued/).waitFor();
    const sent = await until(
      'the reply in the fake IRC',
      () => twitch.sent('adaplays'),
      (list) => list.some((m) => m.text === 'Welcome, viewer_one!'),
    );
    expect(sent.at(-1)?.login).toBe(twitch.botLogin);
    await expect(box.inputValue()).resolves.toBe('');
    await shot('chat');
  });
});
