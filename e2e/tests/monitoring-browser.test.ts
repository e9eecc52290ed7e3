/**
 * Monitoring in a real browser: the health overview and a monitor's page for a signed-in owner,
 * and a domain's public status page for a visitor who never signed in. Each page is scanned with
 * axe-core and photographed into e2e/artifacts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { artifacts, startTestStack } from '../support/stack';
import { signedInAs } from '../support/users';

describe('monitoring in the browser', () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let browser: Browser;
  let target: Server;
  let monitorId: string;
  const name = 'Homepage';
  const domain = 'rig-city.com';

  const open = async (cookie?: string) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    if (cookie) {
      const [key, value] = cookie.split('=');
      await context.addCookies([{ name: key!, value: value!, url: stack.url }]);
    }
    return context.newPage();
  };
  const shot = (page: Page, file: string) =>
    page.screenshot({ path: path.join(artifacts, `${file}.png`), fullPage: true });

  let api: Awaited<ReturnType<typeof signedInAs>>;
  beforeAll(async () => {
    target = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    stack = await startTestStack({ adminUrl: inject('e2eAdminUrl'), label: 'monitoring-browser' });
    api = await signedInAs(stack, 'owner', 'monitor-owner');
    const created = await api.call('POST', '/api/monitors', {
      name,
      domain,
      config: { type: 'http', url: `http://127.0.0.1:${(target.address() as AddressInfo).port}/` },
    });
    expect(created.status).toBe(201);
    monitorId = created.json.id;
    const check = await api.call('POST', `/api/monitors/${monitorId}/check`);
    expect(check.json.status).toBe('up');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    target?.close();
  });

  it('shows every monitor with its state on the health overview', async () => {
    const page = await open(api.cookie!);
    await page.goto(`${stack.url}/monitoring`);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await expect.poll(() => row.getByText('Up', { exact: true }).count(), { timeout: 20_000 }).toBe(1);
    await shot(page, 'monitoring');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor({ timeout: 20_000 });
    await page.getByText('Uptime, last 90 days').waitFor();
    await shot(page, 'monitor-detail');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows a domain’s public status page to a visitor who is not signed in', async () => {
    const page = await open();
    await page.goto(`${stack.url}/status/${domain}`);
    await page.getByRole('heading', { level: 2, name }).waitFor({ timeout: 20_000 });
    expect(page.url()).toContain(`/status/${domain}`);
    await shot(page, 'status-page');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
