/**
 * The ticket desk in a real browser: a staff member signs in through the fake Discord's OAuth,
 * picks the guild, reads a closed ticket's transcript in its sandboxed frame and answers an open
 * ticket with Ctrl+Enter, which the bot posts in the ticket's channel. Each page is scanned with
 * axe-core and photographed into e2e/artifacts/desk-*.png.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeDiscord, type FakeUser, startFakeDiscord } from '../fakes/discord/server';
import { seriousViolations } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { deskSignIn } from '../support/desk';
import { artifacts, startTestStack } from '../support/stack';
import { until } from '../support/until';

let fake: FakeDiscord;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;
let page: Page;
let guildId = '';
const people = {} as Record<'owner' | 'staff' | 'member', FakeUser>;
const channels = { transcripts: '', goLive: '' };
const tickets = { closed: { id: '', channelId: '' }, open: { id: '', channelId: '' } };

/** A member opens a ticket with /ticket open, as on Discord; answers its id and channel. */
async function openTicket(subject: string) {
  const payload = fake.interactions.command(
    { guildId, channelId: fake.state.guilds.get(guildId)!.system_channel_id!, userId: people.member.id },
    'ticket',
    { subject },
    'open',
  );
  const res = await fake.interactions.send(`${stack.url}/discord/interactions`, payload);
  expect(res.status).toBe(200);
  const edit = await until(
    'the ticket channel',
    () => fake.interactions.responses(payload.id).find((r) => r.kind === 'edit'),
    (r) => r !== undefined,
  );
  const channelId = /<#(\d+)>/.exec(String((edit!.body as { content?: string }).content))![1]!;
  const opening = JSON.stringify(fake.messages(channelId)[0]!.components);
  return { id: /ticket:claim:([0-9a-f-]{36})/.exec(opening)![1]!, channelId };
}

/** Photographs the page (the whole of it, or the viewport: Chromium leaves frames below it blank) and runs axe. */
async function check(name: string, fullPage = true) {
  await page.screenshot({ path: path.join(artifacts, `desk-${name}.png`), fullPage });
  expect(await seriousViolations(page), name).toEqual([]);
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  people.owner = fake.addUser({ username: 'rig-owner', globalName: 'Rig Owner' });
  const guild = fake.addGuild({ name: 'Rig City', ownerId: people.owner.id });
  guildId = guild.id;
  const staffRole = fake.addRole(guildId, { name: 'Support' });
  const transcripts = fake.addChannel(guildId, { name: 'transcripts' });
  const goLive = fake.addChannel(guildId, { name: 'going-live' });
  channels.transcripts = transcripts.id;
  channels.goLive = goLive.id;
  people.staff = fake.addUser({ username: 'helper-one', globalName: 'Helper One' });
  people.member = fake.addUser({ username: 'plain-member', globalName: 'Plain Member' });
  fake.addMember(guildId, people.staff.id, [staffRole.id]);
  fake.addMember(guildId, people.member.id);

  stack = await startTestStack({
    adminUrl: inject('e2eAdminUrl'),
    label: 'desk-browser',
    env: {
      DISCORD_BASE_URL: fake.url,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_PUBLIC_KEY: fake.publicKey,
      DISCORD_BOT_TOKEN: fake.botToken,
      DISCORD_CLIENT_SECRET: fake.clientSecret,
    },
  });

  // The admin sets the guild up through the desk API, as the settings page would.
  const admin = await deskSignIn(stack.url, fake, people.owner.id);
  const api = (p: string) => `/api/desk/guilds/${guildId}${p}`;
  expect(
    (
      await admin.call('PATCH', api(''), {
        staffRoleIds: [staffRole.id],
        transcriptChannelId: transcripts.id,
        goLiveChannelId: goLive.id,
      })
    ).status,
  ).toBe(200);
  expect((await admin.call('POST', api('/categories'), { name: 'Hardware' })).status).toBe(201);
  expect(
    (
      await admin.call('POST', api('/streamers'), {
        discordUserId: people.member.id,
        displayName: 'Plain Member',
      })
    ).status,
  ).toBe(201);

  tickets.closed = await openTicket('Fan noise at night');
  fake.userSays(tickets.closed.channelId, people.member.id, 'The fan spins up every night at three.');
  const closed = await admin.call('POST', api(`/tickets/${tickets.closed.id}/actions`), {
    action: 'close',
    reason: 'Cleaned the dust filter',
  });
  expect(closed.status).toBe(200);
  await until(
    'the transcript',
    async () => (await admin.call('GET', api(`/tickets/${tickets.closed.id}/transcript?format=text`))).status,
    (status) => status === 200,
  );
  tickets.open = await openTicket('Backup drive is clicking');

  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await fake?.close();
});

describe('the ticket desk in the browser', () => {
  it('signs a staff member in through Discord and shows the guild they help in', async () => {
    await page.goto(`${stack.url}/desk/sign-in`);
    const signIn = page.getByRole('link', { name: 'Sign in with Discord' });
    await signIn.waitFor({ timeout: 20_000 });
    await check('sign-in');

    fake.oauth.approveAs(people.staff.id);
    await signIn.click();
    await page.getByRole('heading', { level: 1, name: 'Your guilds' }).waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/desk');
    const guild = page.getByRole('link', { name: /Rig City/ });
    await expect.poll(() => guild.textContent()).toContain('Staff');
    await check('guilds');
  });

  it('lists the guild’s open tickets', async () => {
    await page.getByRole('link', { name: /Rig City/ }).click();
    await page.getByRole('link', { name: 'Backup drive is clicking' }).waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe(`/desk/${guildId}`);
    await check('tickets');
  });

  it('shows a closed ticket’s transcript in a sandboxed frame', async () => {
    await page.goto(`${stack.url}/desk/${guildId}/tickets/${tickets.closed.id}`);
    const frame = page.locator('iframe[title^="Transcript of ticket"]');
    await frame.waitFor({ timeout: 20_000 });
    expect(await frame.getAttribute('sandbox')).toBe('');
    await page
      .frameLocator('iframe[title^="Transcript of ticket"]')
      .getByText('The fan spins up every night at three.')
      .waitFor({ timeout: 20_000 });
    await frame.scrollIntoViewIfNeeded();
    // The sandboxed frame is painted by its own renderer, a moment after it scrolls into view.
    await page.waitForTimeout(500);
    await check('ticket-closed', false);
  });

  it('sends a reply with Ctrl+Enter, which the bot posts in the ticket channel', async () => {
    await page.goto(`${stack.url}/desk/${guildId}`);
    await page.getByRole('link', { name: 'Backup drive is clicking' }).click();
    const reply = page.getByLabel('Reply to the ticket');
    await reply.waitFor({ timeout: 20_000 });
    await check('ticket-open');
    const text = 'Please run a SMART test and paste the result here.';
    await reply.fill(text);
    await reply.press('Control+Enter');
    const posted = await until(
      'the reply in Discord',
      () => fake.messages(tickets.open.channelId).find((m) => JSON.stringify(m.embeds).includes(text)),
      (m) => m !== undefined,
    );
    expect(posted!.author.id).toBe(fake.applicationId);
    expect(JSON.stringify(posted!.embeds)).toContain('Helper One');
    await expect.poll(() => reply.inputValue()).toBe('');
    await page.getByText(text).first().waitFor({ timeout: 10_000 });
  });

  it('shows analytics, settings and go-live to staff without accessibility problems', async () => {
    // The saved channel shows even when the channel list arrives after the settings.
    const shows = {
      settings: ['Transcript channel', channels.transcripts],
      'go-live': ['Channel', channels.goLive],
    };
    for (const section of ['analytics', 'settings', 'go-live'] as const) {
      await page.goto(`${stack.url}/desk/${guildId}/${section}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 20_000 });
      await page.waitForLoadState('networkidle');
      if (section !== 'analytics') {
        const [label, id] = shows[section];
        await expect.poll(() => page.getByLabel(label!, { exact: true }).inputValue()).toBe(id);
      }
      await check(section);
    }
  });
});
