import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import AutomationsPage from './AutomationsPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const hook = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'n8n alerts',
  url: 'http://n8n:5678/webhook/homelab',
  events: ['incident.opened'],
  enabled: true,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  failures24h: 1,
  lastDelivery: { status: 'failed', at: new Date().toISOString() },
};
const failed = {
  id: 7,
  hookId: hook.id,
  hookName: hook.name,
  eventId: 3,
  event: 'incident.opened',
  status: 'failed',
  attempts: 6,
  responseStatus: 500,
  lastError: 'The receiver answered 500: workflow error',
  durationMs: 42,
  nextAttemptAt: null,
  createdAt: new Date().toISOString(),
  deliveredAt: null,
};
const inbound = {
  url: 'https://lab.example.com/webhooks/automations',
  configured: false,
  signatureHeader: 'X-HomeLabHub-Signature',
  timestampHeader: 'X-HomeLabHub-Timestamp',
  toleranceSeconds: 300,
};

function show(extra: Parameters<typeof stubFetch>[0] = {}, hooks = [hook]) {
  const calls = stubFetch({
    'GET /api/automations/hooks': () => json(200, { hooks }),
    'GET /api/automations/deliveries': () =>
      json(200, { deliveries: hooks.length ? [failed] : [], nextBefore: null }),
    'GET /api/automations/inbound': () => json(200, inbound),
    'GET /api/automations/events/types': () =>
      json(200, { types: ['incident.opened', 'test'], subscribable: ['incident.opened', 'container.died'] }),
    ...extra,
  });
  render(() => <Route path="/automations" component={AutomationsPage} />, { location: '/automations' });
  return calls;
}

describe('AutomationsPage', () => {
  it('shows the delivery log with status, response and error, and replays a failed delivery', async () => {
    const calls = show({
      'POST /api/automations/deliveries/7/replay': () => json(202, { ...failed, status: 'pending' }),
    });
    const error = await screen.findByText('The receiver answered 500: workflow error');
    const row = error.closest('tr')!;
    expect(within(row).getByText('Failed')).toBeTruthy();
    expect(within(row).getByText('500')).toBeTruthy();
    expect(within(row).getByText('42 ms')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: /Replay Incident opened to n8n alerts/ }));
    await waitFor(() =>
      expect(
        calls.some((c) => c.method === 'POST' && c.path === '/api/automations/deliveries/7/replay'),
      ).toBe(true),
    );
  });

  it('creates a hook for chosen events and shows its secret once', async () => {
    const calls = show({
      'POST /api/automations/hooks': () =>
        json(201, { hook: { ...hook, id: 'new' }, secret: 'shown-once-secret' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'New hook' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.input(within(dialog).getByLabelText('Name'), { target: { value: 'Chat' } });
    fireEvent.input(within(dialog).getByLabelText('Webhook URL'), {
      target: { value: 'http://n8n:5678/webhook/chat' },
    });
    fireEvent.click(within(dialog).getByLabelText('All events'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create hook' }));
    expect(await within(dialog).findByText('shown-once-secret')).toBeTruthy();
    const posted = calls.find((c) => c.method === 'POST' && c.path === '/api/automations/hooks');
    expect(posted?.body).toEqual({
      name: 'Chat',
      url: 'http://n8n:5678/webhook/chat',
      events: ['incident.opened'],
      enabled: true,
    });
  });

  it('disables a hook with its switch and sends a test', async () => {
    const calls = show({
      'PUT /api/automations/hooks/11111111-1111-4111-8111-111111111111': () =>
        json(200, { ...hook, enabled: false }),
      'POST /api/automations/hooks/11111111-1111-4111-8111-111111111111/test': () =>
        json(202, { ...failed, id: 8, event: 'test', status: 'pending' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Send test to n8n alerts' }));
    await waitFor(() => expect(calls.some((c) => c.path.endsWith('/test'))).toBe(true));
    fireEvent.click(await screen.findByRole('switch', { name: 'n8n alerts enabled' }));
    await waitFor(() => {
      const put = calls.find((c) => c.method === 'PUT');
      expect(put?.body).toMatchObject({ enabled: false });
    });
  });

  it('says when there are no hooks and when the inbound secret is not set', async () => {
    show({}, []);
    expect(await screen.findByText('No hooks yet')).toBeTruthy();
    expect(await screen.findByText('Not configured')).toBeTruthy();
    expect(screen.getByText(/AUTOMATION_INBOUND_SECRET \(at least 32 characters/)).toBeTruthy();
  });

  it('shows an error the user can retry when the hooks cannot load', async () => {
    show({
      'GET /api/automations/hooks': () =>
        json(502, { error: { code: 'runner_failed', message: 'The automations runner could not do this.' } }),
    });
    expect(await screen.findByText(/The automations runner could not do this/)).toBeTruthy();
  });
});
