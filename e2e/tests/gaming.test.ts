/**
 * Game streaming through the whole stack against the fake Sunshine (HTTPS, self-signed, pinned by
 * fingerprint): the status is online, an application launched through /api/gaming runs on the
 * fake and shows as the current app until it is closed, a device waiting in "Moonlight" pairs
 * by PIN and unpairs, Wake-on-LAN sends a real magic packet; the page passes axe. A stack
 * without Sunshine settings answers "not configured" and keeps running.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeSunshine, startFakeSunshine } from '../fakes/sunshine/server';
import { seriousViolations } from '../support/axe';
import { launchBrowser, signedInPage } from '../support/browser';
import { artifacts, startTestStack } from '../support/stack';
import { until } from '../support/until';
import { signedInAs } from '../support/users';

type Api = Awaited<ReturnType<typeof signedInAs>>;

describe('game streaming through the stack', () => {
  let sunshine: FakeSunshine;
  let wolListener: Socket;
  const packets: Buffer[] = [];
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let owner: Api;

  beforeAll(async () => {
    sunshine = await startFakeSunshine();
    wolListener = createSocket('udp4');
    wolListener.on('message', (message) => packets.push(message));
    await new Promise<void>((resolve) => wolListener.bind(0, '127.0.0.1', () => resolve()));
    stack = await startTestStack({
      adminUrl: inject('e2eAdminUrl'),
      label: 'gaming',
      env: {
        SUNSHINE_URL: sunshine.url,
        SUNSHINE_USERNAME: sunshine.username,
        SUNSHINE_PASSWORD: sunshine.password,
        SUNSHINE_TLS_FINGERPRINT: sunshine.fingerprint,
        GAMING_PC_MAC: '00:11:22:33:44:55',
        GAMING_PC_BROADCAST: `127.0.0.1:${(wolListener.address() as AddressInfo).port}`,
      },
    });
    owner = await signedInAs(stack, 'owner', 'gaming-owner');
  });
  afterAll(async () => {
    await stack?.stop();
    await sunshine?.close();
    wolListener?.close();
  });

  it('is online with the version Sunshine reports', async () => {
    const status = await until(
      'Sunshine online',
      () => owner.call('GET', '/api/gaming/status?refresh=1'),
      (res) => res.json?.state === 'online',
    );
    expect(status.json).toMatchObject({
      url: sunshine.url,
      version: '2025.924.154138',
      tlsPinned: true,
      currentApp: null,
    });
  });

  it('launches an application (the current app) and closes it', async () => {
    const apps = await owner.call('GET', '/api/gaming/apps');
    const steam = apps.json.apps.find((app: { name: string }) => app.name === 'Steam Big Picture');
    const launched = await owner.call('POST', '/api/gaming/apps/launch', { uuid: steam.uuid });
    expect(launched.status).toBe(200);
    expect(sunshine.runningApp()).toBe(steam.uuid);
    expect((await owner.call('GET', '/api/gaming/status')).json.currentApp).toMatchObject({
      name: 'Steam Big Picture',
    });

    expect((await owner.call('POST', '/api/gaming/apps/close')).status).toBe(200);
    expect(sunshine.runningApp()).toBeNull();
    expect((await owner.call('GET', '/api/gaming/status')).json.currentApp).toBeNull();
  });

  it('pairs a waiting device by PIN, lists it and unpairs it', async () => {
    sunshine.startPairing('4821');
    const paired = await owner.call('POST', '/api/gaming/pair', { pin: '4821', name: 'Living room TV' });
    expect(paired.status).toBe(200);
    const clients = await owner.call('GET', '/api/gaming/clients');
    expect(clients.json.clients).toEqual([paired.json.client]);

    const unpaired = await owner.call('POST', `/api/gaming/clients/${paired.json.client.uuid}/unpair`);
    expect(unpaired.status).toBe(200);
    expect(sunshine.clients()).toEqual([]);
    expect((await owner.call('GET', '/api/gaming/clients')).json.clients).toEqual([]);
  });

  it('sends the Wake-on-LAN magic packet', async () => {
    const woke = await owner.call('POST', '/api/gaming/wake');
    expect(woke.status).toBe(202);
    await until(
      'the magic packet',
      () => packets.length,
      (count) => count > 0,
    );
    expect(packets[0]).toHaveLength(102);
    expect(packets[0]?.subarray(96)).toEqual(Buffer.from([0x00, 0x11, 0x22, 0x33, 0x44, 0x55]));
  });

  it('shows the page, usable and without serious axe violations', async () => {
    const browser = await launchBrowser();
    try {
      const page = await signedInPage(browser, stack.url, owner.cookie!);
      await page.goto(`${stack.url}/gaming`);
      await page.getByRole('button', { name: 'Launch Desktop' }).waitFor({ timeout: 30_000 });
      await page.getByText('Online', { exact: true }).first().waitFor();
      await page.getByRole('button', { name: 'Launch Desktop' }).click();
      await page.getByRole('button', { name: 'Stop Desktop' }).waitFor({ timeout: 15_000 });
      await page.screenshot({ path: path.join(artifacts, 'gaming.png'), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);
});

describe('game streaming without Sunshine settings', () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let owner: Api;

  beforeAll(async () => {
    stack = await startTestStack({ adminUrl: inject('e2eAdminUrl'), label: 'gaming-unset' });
    owner = await signedInAs(stack, 'owner', 'gaming-unset-owner');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers not configured, and the runner keeps running', async () => {
    const status = await until(
      'the runner',
      () => owner.call('GET', '/api/gaming/status'),
      (res) => res.status === 200,
    );
    expect(status.json).toMatchObject({ state: 'not_configured', url: null, wol: { configured: false } });
    expect(status.json.reason).toMatch(/SUNSHINE_URL/);
    const apps = await owner.call('GET', '/api/gaming/apps');
    expect(apps.status).toBe(503);
    expect(apps.json.error.code).toBe('not_configured');
    const wake = await owner.call('POST', '/api/gaming/wake');
    expect(wake.json.error).toMatchObject({
      code: 'not_configured',
      message: expect.stringMatching(/GAMING_PC_MAC/),
    });
    expect((await owner.call('GET', '/api/gaming/status')).json.state).toBe('not_configured');
  });
});
