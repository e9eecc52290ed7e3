import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import MonitorEditorPage from './MonitorEditorPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const channels = [
  { id: '11111111-1111-4111-8111-111111111111', name: 'Discord ops', type: 'discord', enabled: true },
];

function show(extra: Parameters<typeof stubFetch>[0] = {}) {
  const calls = stubFetch({ 'GET /api/notifications/channels': () => json(200, { channels }), ...extra });
  render(() => <Route path="/monitoring/new" component={MonitorEditorPage} />, {
    location: '/monitoring/new',
  });
  return calls;
}

const type = (label: string | RegExp, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
const describedBy = (label: string | RegExp) => {
  const field = screen.getByLabelText(label);
  return (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
};

describe('MonitorEditorPage', () => {
  it('tests the unsaved settings and shows what the check found', async () => {
    const calls = show({
      'POST /api/monitors/test': () =>
        json(200, {
          status: 'down',
          latencyMs: 1234,
          message: 'expected 200-399, got 503',
          detail: { status: 503 },
        }),
    });
    await screen.findByLabelText('Discord ops (discord)');
    type('Name', 'rig-city.com website');
    type('URL', 'https://rig-city.com/health');
    fireEvent.click(screen.getByLabelText('Discord ops (discord)'));
    fireEvent.click(screen.getByRole('button', { name: 'Test now' }));

    expect(await screen.findByText('Down · 1.2 s')).toBeTruthy();
    expect(screen.getByText('expected 200-399, got 503')).toBeTruthy();
    const test = calls.find((c) => c.path === '/api/monitors/test')!;
    expect(test.body).toMatchObject({
      name: 'rig-city.com website',
      config: { type: 'http', url: 'https://rig-city.com/health', method: 'GET' },
      intervalSeconds: 60,
      channelIds: [channels[0]!.id],
    });
  });

  it('puts the page’s own objections under their fields without sending anything', async () => {
    const calls = show();
    await screen.findByLabelText('Discord ops (discord)');
    type('Check every (seconds)', '5');
    fireEvent.click(screen.getByRole('button', { name: 'Create monitor' }));
    await waitFor(() => expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy('Name')).toContain('Give the monitor a name');
    expect(describedBy('URL')).toContain('Enter the URL to check');
    expect(describedBy('Check every (seconds)')).toContain('20 seconds');
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('puts the API’s 400 messages under the fields they name, list items folded into their list', async () => {
    show({
      'POST /api/monitors': () =>
        json(400, {
          error: {
            code: 'invalid_request',
            message: 'Check the request body: must be a URL.',
            fields: {
              'config.url': ['must be a URL such as https://example.com/health'],
              'config.expectedStatus.0': ['must be a code or a range such as 200-299'],
            },
          },
        }),
    });
    await screen.findByLabelText('Discord ops (discord)');
    type('Name', 'x');
    type('URL', 'https://x');
    fireEvent.click(screen.getByRole('button', { name: 'Create monitor' }));
    await waitFor(() =>
      expect(describedBy('URL')).toContain('must be a URL such as https://example.com/health'),
    );
    expect(describedBy('Expected status')).toContain('must be a code or a range such as 200-299');
    // Named fields carry the message: no banner repeats it.
    expect(screen.queryByText('Could not save the monitor')).toBeNull();
  });

  it('shows each type’s own fields', async () => {
    show();
    await screen.findByLabelText('Discord ops (discord)');
    fireEvent.click(screen.getByLabelText('DNS record'));
    expect(screen.getByLabelText('Record type')).toBeTruthy();
    expect(screen.getByLabelText("Must match this server's public IP")).toBeTruthy();
    expect(screen.queryByLabelText('URL')).toBeNull();
    fireEvent.click(screen.getByLabelText('Push (heartbeat)'));
    expect(screen.getByText(/once saved, the monitor has a push URL/)).toBeTruthy();
  });
});
