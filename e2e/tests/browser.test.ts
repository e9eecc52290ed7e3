/**
 * The owner's first session in a real browser (Debian's Chromium) against a real stack: set up the
 * owner, watch live metrics move, create and use an API key, sign out and back in; every page
 * scanned with axe-core and photographed into e2e/artifacts.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { artifacts, startTestStack } from '../support/stack';

const owner = { username: 'evin', password: 'browser test password' };

describe('mission control in the browser', () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) =>
    page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    stack = await startTestStack({ adminUrl: inject('e2eAdminUrl'), label: 'browser' });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('sends a new install to first-run setup and creates the owner', async () => {
    await page.goto(stack.url);
    await page.waitForURL('**/setup');
    await expect(page.getByRole('heading', { name: 'Welcome to HomeLabHub' }).isVisible()).resolves.toBe(
      true,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await shot('setup');

    await page.getByLabel('Username').fill(owner.username);
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByLabel('Confirm password').fill(owner.password);
    await page.getByLabel('Confirm password').press('Enter');
    await page.waitForURL(`${stack.url}/`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  it('shows live system metrics that move as samples arrive', async () => {
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
    const charts = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll('svg path'), (p) => p.getAttribute('d') ?? '').join('|'),
      );
    await page.waitForFunction(() => document.querySelectorAll('[role="meter"]').length > 0);
    const before = await charts();
    await page.waitForFunction(
      (previous) =>
        Array.from(document.querySelectorAll('svg path'), (p) => p.getAttribute('d') ?? '').join('|') !==
        previous,
      before,
      { timeout: 10_000 },
    );
    const cores = await page.getByRole('meter', { name: /^Core \d+$/ }).count();
    expect(cores).toBeGreaterThan(0);
    await expect(page.getByText('Runners & queue').isVisible()).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('overview');
  });

  it('creates an API key, shows the token once, and the token works from a script', async () => {
    await page.getByRole('link', { name: 'Settings' }).first().click();
    await page.waitForURL('**/settings**');
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot('settings');

    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('n8n automations');
    await dialog.getByLabel('Scope').selectOption('read');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const tokenField = dialog.getByLabel('API token');
    await tokenField.waitFor();
    const token = await tokenField.inputValue();
    expect(token).toMatch(/^hlk_/);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('api-key-created');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByText('n8n automations').first().isVisible()).resolves.toBe(true);
    // The audit log on the same page shows the new row without a reload.
    await page.locator('#audit').getByText('api_key.create').waitFor();
    await shot('settings-with-key');

    const res = await fetch(`${stack.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { apiKey: { name: string } }).apiKey.name).toBe('n8n automations');
  });

  it('signs out, refuses the old session, and signs back in', async () => {
    const menu = page.getByRole('button', { name: owner.username });
    await menu.click();
    const panel = page.locator(`#${await menu.getAttribute('aria-controls')}`);
    await panel.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login**');
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('login');

    await page.getByLabel('Username').fill(owner.username);
    await page.getByLabel('Password').fill('the wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();

    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  it('is usable by keyboard: the skip link moves focus to the main content', async () => {
    await page.goto(`${stack.url}/settings`);
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.textContent?.trim());
    expect(first).toMatch(/skip/i);
    await page.keyboard.press('Enter');
    const focused = await page.evaluate(() => document.activeElement?.closest('main') !== null);
    expect(focused).toBe(true);
  });
});
