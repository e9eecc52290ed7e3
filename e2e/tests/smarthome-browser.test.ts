/**
 * The Smart home page in a real browser against the fake Home Assistant: rooms and scenes from the
 * fake's registries, a light switched with the keyboard reaching the fake, a change made at the
 * "wall" showing up live, no serious axe violations, and the offline banner once Home Assistant
 * drops every socket and refuses new ones. Photographed into e2e/artifacts.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeHomeAssistant, sampleHouse, startFakeHomeAssistant } from '../fakes/home-assistant/server';
import { seriousViolations } from '../support/axe';
import { launchBrowser, signedInPage } from '../support/browser';
import { artifacts, startTestStack } from '../support/stack';
import { until } from '../support/until';
import { signedInAs } from '../support/users';

describe('smart home in the browser', () => {
  let ha: FakeHomeAssistant;
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ha = await startFakeHomeAssistant({ seed: sampleHouse });
    stack = await startTestStack({
      adminUrl: inject('e2eAdminUrl'),
      label: 'smarthome-browser',
      env: { HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: ha.token },
    });
    const owner = await signedInAs(stack, 'owner', 'smarthome-owner');
    browser = await launchBrowser();
    page = await signedInPage(browser, stack.url, owner.cookie!);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await ha?.close();
  });

  it('switches a light with the keyboard, follows the house live and passes axe', async () => {
    await page.goto(`${stack.url}/smarthome`);
    const living = page.getByRole('region', { name: 'Living Room' });
    const lamp = living.getByRole('switch', { name: 'Floor lamp' });
    await lamp.waitFor({ timeout: 30_000 });
    expect(await lamp.getAttribute('aria-checked')).toBe('false');
    await page.getByRole('button', { name: 'Activate scene Movie night' }).waitFor();
    await page.getByText('Home Assistant: Connected').waitFor();

    await lamp.focus();
    await page.keyboard.press('Space');
    await until(
      'the fake to turn the lamp on',
      () => ha.states.get('light.floor_lamp')?.state,
      (state) => state === 'on',
    );
    expect(ha.calls.at(-1)).toMatchObject({
      domain: 'light',
      service: 'turn_on',
      entityId: 'light.floor_lamp',
    });
    await expect.poll(() => lamp.getAttribute('aria-checked')).toBe('true');

    // Someone presses the plug's own button: the page hears it from Home Assistant, not from a reload.
    const plug = page.getByRole('region', { name: 'Bedroom' }).getByRole('switch', { name: 'Desk plug' });
    expect(await plug.getAttribute('aria-checked')).toBe('true');
    ha.setState('switch.desk_plug', 'off');
    await expect.poll(() => plug.getAttribute('aria-checked'), { timeout: 15_000 }).toBe('false');

    await page.screenshot({ path: path.join(artifacts, 'smarthome.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // The lamp's history, from Home Assistant's recorder, as a timeline of its states.
    await page.getByRole('button', { name: 'Floor lamp: details and history' }).click();
    const dialog = page.getByRole('dialog', { name: 'Floor lamp' });
    await dialog
      .getByRole('list', { name: 'State changes' })
      .getByText('on')
      .first()
      .waitFor({ timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Last hour' }).click();
    expect(await dialog.getByRole('button', { name: 'Last hour' }).getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: path.join(artifacts, 'smarthome-history.png') });
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('says Home Assistant is offline once it drops and refuses connections', async () => {
    ha.setDown(true);
    ha.dropAll();
    await page.getByText('Home Assistant offline').waitFor({ timeout: 30_000 });
    await page.getByText('Home Assistant: Offline').waitFor();
    // What was known stays on screen, to be queued against.
    expect(await page.getByRole('switch', { name: 'Floor lamp' }).count()).toBe(1);
    await page.screenshot({ path: path.join(artifacts, 'smarthome-offline.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // A change made now is queued, said so, and applied once Home Assistant is back.
    await page.getByRole('switch', { name: 'Desk plug' }).focus();
    await page.keyboard.press('Space');
    await page.getByText(/turn on Desk plug will apply when it is back/).waitFor({ timeout: 15_000 });
    ha.setDown(false);
    await until(
      'the queued call to reach the fake',
      () => ha.states.get('switch.desk_plug')?.state,
      (state) => state === 'on',
      90_000,
    );
    await page.getByText('Home Assistant: Connected').waitFor({ timeout: 30_000 });
    expect(await page.getByText('Home Assistant offline').count()).toBe(0);
  }, 150_000);
});
