import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import { ToastRegion } from '../../ui/Toast';
import type { TokenStatus } from '../stream/types';
import { StreamTokensSection } from './StreamTokensSection';

const accountId = '33333333-3333-4333-8333-333333333333';
const revoked: TokenStatus = {
  id: accountId,
  provider: 'twitch',
  providerUserId: '141981764',
  username: 'rigcity',
  userId: '44444444-4444-4444-8444-444444444444',
  ownerUsername: 'rigcity',
  state: 'disconnected',
  hasRefreshToken: true,
  tokenExpiresAt: null,
  lastError: 'invalid refresh token',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('StreamTokensSection', () => {
  it('lists each account with its state and last error, and queues a refresh', async () => {
    const calls = stubFetch({
      'GET /api/stream/admin/tokens': () => json(200, { accounts: [revoked] }),
      [`POST /api/stream/admin/tokens/${accountId}/refresh`]: () => json(202, { jobId: 7 }),
    });
    render(() => <StreamTokensSection />);
    render(() => <ToastRegion />);
    const row = (await screen.findByText('invalid refresh token')).closest('tr')!;
    expect(row.textContent).toContain('Twitch');
    expect(row.textContent).toContain('Disconnected');
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now: rigcity on Twitch' }));
    expect(await screen.findByText('Refresh of rigcity’s Twitch token queued')).toBeTruthy();
    await waitFor(() =>
      expect(
        calls.some((c) => c.method === 'POST' && c.path === `/api/stream/admin/tokens/${accountId}/refresh`),
      ).toBe(true),
    );
  });
});
