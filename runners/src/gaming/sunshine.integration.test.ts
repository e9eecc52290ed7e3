/** The gaming runner's routes against the fake Sunshine over real HTTPS, and a real UDP wake packet. */
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSunshine, startFakeSunshine } from '../../../e2e/fakes/sunshine/server';
import { toErrorResponse } from '../internal/errors';
import { createLogger } from '../log';
import { createGamingHost, type SunshineSettings } from './host';
import { createGamingRoutes } from './routes';
import { createSunshineClient } from './sunshine-client';

// biome-ignore lint/suspicious/noExplicitAny: the tests read whatever JSON the routes answered
type Answer = Record<string, any>;

const log = createLogger({ write: () => {} });
let sunshine: FakeSunshine;

beforeAll(async () => {
  sunshine = await startFakeSunshine();
});
afterAll(async () => {
  await sunshine.close();
});

function routesFor(settings: Partial<SunshineSettings> = {}, tuning = {}) {
  const host = createGamingHost({
    settings: {
      url: sunshine.url,
      username: sunshine.username,
      password: sunshine.password,
      tlsFingerprint: sunshine.fingerprint,
      ...settings,
    },
    log,
    pairCheckIntervalMs: 10,
    wakePollMs: 20,
    ...tuning,
  });
  const app = createGamingRoutes(host);
  const call = async (method: string, path: string, body?: unknown) => {
    try {
      const res = await app.request(path, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      return { status: res.status, body: (await res.json()) as Answer };
    } catch (error) {
      // The internal server answers a runner's thrown errors; this is its mapping.
      const answer = toErrorResponse(error);
      return { status: answer.status as number, body: answer.body as Answer };
    }
  };
  return { host, call };
}

describe('TLS pinning', () => {
  it('reaches Sunshine when the pinned fingerprint matches its self-signed certificate', async () => {
    const { call } = routesFor();
    const { body } = await call('GET', '/status?refresh=1');
    expect(body.status).toMatchObject({ state: 'online', version: '2025.924.154138', tlsPinned: true });
  });

  it('refuses a certificate that does not match, before sending the password', async () => {
    const wrong = `${'AA:'.repeat(31)}AA`;
    const before = sunshine.calls.length;
    const { call } = routesFor({ tlsFingerprint: wrong });
    const { body } = await call('GET', '/status?refresh=1');
    expect(body.status.state).toBe('offline');
    expect(body.status.reason).toMatch(/does not match SUNSHINE_TLS_FINGERPRINT/);
    expect(sunshine.calls.length).toBe(before);
  });

  it('without a pin, verifies the certificate normally and explains the self-signed refusal', async () => {
    const client = createSunshineClient({
      url: sunshine.url,
      username: sunshine.username,
      password: sunshine.password,
    });
    await expect(client.config()).rejects.toMatchObject({
      kind: 'unreachable',
      message: /SUNSHINE_TLS_FINGERPRINT/,
    });
  });
});

describe('Sunshine through the runner routes', () => {
  it('reports auth_failed for a wrong password', async () => {
    const { call } = routesFor({ password: 'wrong' });
    const { body } = await call('GET', '/status?refresh=1');
    expect(body.status.state).toBe('auth_failed');
    expect(body.status.reason).toMatch(/SUNSHINE_PASSWORD/);
  });

  it('lists applications, launches one (it becomes the current app) and closes it', async () => {
    const { call } = routesFor();
    const apps = await call('GET', '/apps');
    expect(apps.body.apps.map((app: { name: string }) => app.name)).toEqual(['Desktop', 'Steam Big Picture']);
    const steam = apps.body.apps[1];

    const launched = await call('POST', '/apps/launch', { uuid: steam.uuid });
    expect(launched.status).toBe(200);
    expect(sunshine.runningApp()).toBe(steam.uuid);
    expect((await call('GET', '/status')).body.status.currentApp).toMatchObject({
      name: 'Steam Big Picture',
    });

    expect((await call('POST', '/apps/close')).status).toBe(200);
    expect(sunshine.runningApp()).toBeNull();
    expect((await call('GET', '/status')).body.status.currentApp).toBeNull();
  });

  it('answers 404 for an application Sunshine does not have and 400 for a missing uuid', async () => {
    const { call } = routesFor();
    expect((await call('POST', '/apps/launch', { uuid: 'NOPE' })).status).toBe(404);
    const missing = await call('POST', '/apps/launch', {});
    expect(missing.status).toBe(400);
  });

  it('pairs a waiting Moonlight client by PIN, lists it, and unpairs it', async () => {
    const { call } = routesFor();
    sunshine.startPairing('4821');
    const paired = await call('POST', '/pair', { pin: '4821', name: 'Living room TV' });
    expect(paired.status).toBe(200);
    expect(paired.body.client.name).toBe('Living room TV');
    const clients = await call('GET', '/clients');
    expect(clients.body.clients).toEqual([paired.body.client]);

    expect((await call('POST', '/clients/unpair', { uuid: paired.body.client.uuid })).status).toBe(200);
    expect((await call('GET', '/clients')).body.clients).toEqual([]);
    expect((await call('POST', '/clients/unpair', { uuid: paired.body.client.uuid })).status).toBe(404);
  });

  it('says so when no client is waiting, or the PIN was not the one Moonlight showed', async () => {
    const { call } = routesFor();
    const idle = await call('POST', '/pair', { pin: '1111', name: 'Laptop' });
    expect(idle).toMatchObject({ status: 409, body: { error: { code: 'pairing_not_waiting' } } });
    sunshine.startPairing('2222');
    const wrong = await call('POST', '/pair', { pin: '3333', name: 'Laptop' });
    expect(wrong).toMatchObject({ status: 409, body: { error: { code: 'pairing_failed' } } });
    expect(sunshine.clients()).toEqual([]);
    expect((await call('POST', '/pair', { pin: '12a4', name: 'Laptop' })).status).toBe(400);
  });

  it('says when the host cannot launch from its web API (upstream Sunshine)', async () => {
    const upstream = await startFakeSunshine({ supportsLaunch: false });
    try {
      const host = createGamingHost({
        settings: {
          url: upstream.url,
          username: upstream.username,
          password: upstream.password,
          tlsFingerprint: upstream.fingerprint,
        },
        log,
      });
      const [app] = await host.apps();
      await expect(host.launch(app?.uuid ?? '')).rejects.toMatchObject({
        status: 409,
        code: 'sunshine_unsupported',
      });
    } finally {
      await upstream.close();
    }
  });
});

describe('Wake-on-LAN', () => {
  let listener: Socket;
  const packets: Buffer[] = [];
  beforeAll(async () => {
    listener = createSocket('udp4');
    listener.on('message', (message) => packets.push(message));
    await new Promise<void>((resolve) => listener.bind(0, '127.0.0.1', () => resolve()));
  });
  afterAll(() => listener.close());

  it('sends the magic packet and reports the PC awake once Sunshine answers', async () => {
    const port = (listener.address() as AddressInfo).port;
    await sunshine.setOnline(false);
    const { call } = routesFor(
      { wolMac: '00:11:22:33:44:55', wolBroadcast: `127.0.0.1:${port}` },
      { wakeTimeoutMs: 10_000 },
    );
    expect((await call('GET', '/status?refresh=1')).body.status.state).toBe('offline');

    const woke = await call('POST', '/wake');
    expect(woke.status).toBe(202);
    expect(woke.body.progress.state).toBe('waiting');
    await expect.poll(() => packets.length).toBe(1);
    expect(packets[0]?.subarray(6, 12)).toEqual(Buffer.from([0x00, 0x11, 0x22, 0x33, 0x44, 0x55]));

    await sunshine.setOnline(true);
    await expect
      .poll(async () => (await call('GET', '/status')).body.status.wol.progress.state, { timeout: 5_000 })
      .toBe('online');
    expect((await call('GET', '/status')).body.status.state).toBe('online');
  });
});
