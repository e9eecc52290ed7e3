import type { GamingStatus } from '@homelab/db/gaming';
import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import { idle, online } from './fixtures';
import GamingPage from './GamingPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const steam = { index: 1, name: 'Steam Big Picture', uuid: 'STEAM-UUID', hasImage: true };
const desktop = { index: 0, name: 'Desktop', uuid: 'DESKTOP-UUID', hasImage: true };
const tv = { uuid: 'TV-UUID', name: 'Living room TV' };

function show(routes: Parameters<typeof stubFetch>[0]) {
  const calls = stubFetch(routes);
  render(() => <Route path="/gaming" component={GamingPage} />, { location: '/gaming' });
  return calls;
}

describe('GamingPage', () => {
  it('explains how to connect Sunshine, with the fingerprint command, when it is not configured', async () => {
    const calls = show({
      'GET /api/gaming/status': () =>
        json(200, {
          ...online,
          state: 'not_configured',
          url: null,
          version: null,
          wol: { ...online.wol, configured: false },
        }),
    });
    expect(await screen.findByText('Not connected')).toBeTruthy();
    expect(screen.getAllByText('SUNSHINE_URL').length).toBeGreaterThan(0);
    expect(screen.getByText(/openssl x509 -noout -fingerprint -sha256/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Wake gaming PC' })).toBeNull();
    expect(calls.some((call) => call.path === '/api/gaming/apps')).toBe(false);
  });

  it('wakes an offline PC and shows the progress', async () => {
    let status: GamingStatus = {
      ...online,
      state: 'offline',
      reason: 'Sunshine is not reachable: ECONNREFUSED.',
    };
    const calls = show({
      'GET /api/gaming/status': () => json(200, status),
      'POST /api/gaming/wake': () => {
        status = {
          ...status,
          wol: { ...status.wol, progress: { ...idle, state: 'waiting', sentAt: new Date().toISOString() } },
        };
        return json(202, { progress: status.wol.progress });
      },
    });
    expect(await screen.findByText('Sunshine is not reachable: ECONNREFUSED.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Wake gaming PC' }));
    expect(await screen.findByText(/Waking the gaming PC/)).toBeTruthy();
    expect(calls.filter((call) => call.path === '/api/gaming/wake')).toHaveLength(1);
  });

  it('launches an application, shows it as the current session, and stops it after confirming', async () => {
    let status: GamingStatus = online;
    const calls = show({
      'GET /api/gaming/status': () => json(200, status),
      'GET /api/gaming/apps': () => json(200, { apps: [desktop, steam] }),
      'GET /api/gaming/clients': () => json(200, { clients: [] }),
      'POST /api/gaming/apps/launch': () => {
        status = {
          ...online,
          currentApp: { name: steam.name, uuid: steam.uuid, launchedAt: new Date().toISOString() },
        };
        return json(200, { currentApp: status.currentApp });
      },
      'POST /api/gaming/apps/close': () => {
        status = online;
        return json(200, { closed: true });
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Launch Steam Big Picture' }));
    const stop = await screen.findByRole('button', { name: 'Stop Steam Big Picture' });
    expect(calls.find((call) => call.path === '/api/gaming/apps/launch')?.body).toEqual({
      uuid: 'STEAM-UUID',
    });
    const session = screen.getByRole('heading', { name: 'Current session' }).parentElement!;
    expect(within(session).getByText('Steam Big Picture')).toBeTruthy();

    fireEvent.click(stop);
    const dialog = await screen.findByRole('dialog');
    expect(calls.some((call) => call.path === '/api/gaming/apps/close')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop application' }));
    expect(await screen.findByRole('button', { name: 'Launch Steam Big Picture' })).toBeTruthy();
    expect(calls.filter((call) => call.path === '/api/gaming/apps/close')).toHaveLength(1);
  });

  it('pairs a device by PIN, refusing a PIN that is not 4 digits, and unpairs after confirming', async () => {
    let clients: (typeof tv)[] = [];
    const calls = show({
      'GET /api/gaming/status': () => json(200, online),
      'GET /api/gaming/apps': () => json(200, { apps: [] }),
      'GET /api/gaming/clients': () => json(200, { clients }),
      'POST /api/gaming/pair': () => {
        clients = [tv];
        return json(200, { client: tv });
      },
      'POST /api/gaming/clients/TV-UUID/unpair': () => {
        clients = [];
        return json(200, { unpaired: true });
      },
    });
    expect(await screen.findByText('No paired devices')).toBeTruthy();
    expect(screen.getByText('No applications')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Pair a device' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.input(within(dialog).getByLabelText('PIN'), { target: { value: '12' } });
    fireEvent.input(within(dialog).getByLabelText('Device name'), { target: { value: 'Living room TV' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Pair device' }));
    expect(await within(dialog).findByText('Enter the 4 digits Moonlight shows.')).toBeTruthy();
    expect(calls.some((call) => call.path === '/api/gaming/pair')).toBe(false);

    fireEvent.input(within(dialog).getByLabelText('PIN'), { target: { value: '4821' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Pair device' }));
    expect(await screen.findByRole('button', { name: 'Unpair Living room TV' })).toBeTruthy();
    expect(calls.find((call) => call.path === '/api/gaming/pair')?.body).toEqual({
      pin: '4821',
      name: 'Living room TV',
    });

    fireEvent.click(screen.getByRole('button', { name: 'Unpair Living room TV' }));
    const confirm = await screen.findByRole('dialog');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Unpair device' }));
    await waitFor(() => expect(screen.getByText('No paired devices')).toBeTruthy());
  });

  it('shows the error with a retry when the API cannot answer', async () => {
    show({
      'GET /api/gaming/status': () =>
        json(500, { error: { code: 'internal', message: 'Something failed on the server.' } }),
    });
    expect(await screen.findByText('Something failed on the server.')).toBeTruthy();
  });
});
