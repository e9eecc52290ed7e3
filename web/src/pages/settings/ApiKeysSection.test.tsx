import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiKey } from '../../api/types';
import { json, stubFetch } from '../../test/fakes';
import { ToastRegion } from '../../ui/Toast';
import { ApiKeysSection } from './ApiKeysSection';

const backup: ApiKey = {
  id: 'abcdefghijkmnpqrstuvwxyz',
  name: 'backup script',
  scope: 'read',
  createdAt: '2025-01-01T00:00:00Z',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function show(routes: Parameters<typeof stubFetch>[0]) {
  const calls = stubFetch({ 'GET /api/api-keys': () => json(200, { keys: [backup] }), ...routes });
  render(() => <ApiKeysSection />);
  render(() => <ToastRegion />);
  return calls;
}

describe('ApiKeysSection', () => {
  it('revokes after confirming; a failure stays in the dialog until it is cancelled', async () => {
    let refuse = true;
    const calls = show({
      [`DELETE /api/api-keys/${backup.id}`]: () =>
        refuse ? json(404, { error: { code: 'not_found', message: 'No such key.' } }) : json(204, null),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke key backup script' }));
    let dialog = screen.getByRole('dialog', { name: 'Revoke this API key?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('No such key.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    refuse = false;
    fireEvent.click(screen.getByRole('button', { name: 'Revoke key backup script' }));
    dialog = screen.getByRole('dialog', { name: 'Revoke this API key?' });
    expect(within(dialog).queryByRole('alert')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    expect(await screen.findByText('Key “backup script” revoked')).toBeTruthy();
    await waitFor(() => expect(calls.filter((c) => c.method === 'GET').length).toBe(2));
  });

  it('asks for a name, shows the API field message under it, then shows the token once', async () => {
    let answer = json(400, {
      error: { code: 'invalid_request', message: 'Check the fields.', fields: { name: ['Too long.'] } },
    });
    show({ 'POST /api/api-keys': () => answer });
    fireEvent.click(await screen.findByRole('button', { name: 'Create key' }));
    const dialog = screen.getByRole('dialog', { name: 'Create an API key' });
    const create = within(dialog).getByRole('button', { name: 'Create key' });

    fireEvent.click(create);
    expect(within(dialog).getByText('Give the key a name you will recognise.')).toBeTruthy();

    fireEvent.input(within(dialog).getByLabelText('Name'), { target: { value: 'cli' } });
    fireEvent.click(create);
    expect(await within(dialog).findByText('Too long.')).toBeTruthy();
    expect(within(dialog).queryByRole('alert')).toBeNull();

    answer = json(201, { key: { ...backup, name: 'cli' }, token: 'hlh_secret' });
    fireEvent.click(create);
    await screen.findByRole('dialog', { name: 'Copy your new API key' });
    expect((screen.getByLabelText('API token') as HTMLInputElement).value).toBe('hlh_secret');
  });
});
