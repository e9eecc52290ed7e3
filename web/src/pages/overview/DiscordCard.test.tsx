import { Route } from '@solidjs/router';
import { cleanup, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import { DiscordCard } from './DiscordCard';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const status = {
  configured: true,
  gateway: {
    connected: true,
    sessionId: 's1',
    lastEventAt: new Date().toISOString(),
    guilds: 2,
    reconnects: 0,
    resumes: 1,
    failedConnects: 0,
    lastError: null,
  },
  guilds: 2,
  liveStreamers: 3,
  queue: { depth: 1, failed24h: 2 },
  kick: { configured: false, lastPollAt: null, lastError: null },
  youtubeVerification: true,
};

function show() {
  render(() => <Route path="/" component={() => <DiscordCard />} />, { location: '/' });
}

describe('DiscordCard', () => {
  it('shows the gateway, servers, live streamers and failed posts', async () => {
    stubFetch({ 'GET /api/discord/status': () => json(200, status) });
    show();
    expect(await screen.findByText('Gateway connected')).toBeTruthy();
    const live = screen.getByText('Live now').closest('div')!;
    expect(live.textContent).toContain('3');
    expect(screen.getByText('Failed (24 h)').closest('div')!.textContent).toContain('2');
    expect(screen.getByText(/Kick not configured/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Ticket desk' }).getAttribute('href')).toBe('/desk');
  });

  it('says how to set the bot up when it is not configured', async () => {
    stubFetch({
      'GET /api/discord/status': () => json(200, { ...status, configured: false, gateway: null }),
    });
    show();
    expect(await screen.findByText('The Discord bot is not set up')).toBeTruthy();
    expect(screen.getByText(/npm run discord:register/)).toBeTruthy();
  });

  it('says the runner is down instead of showing stale numbers', async () => {
    stubFetch({
      'GET /api/discord/status': () =>
        json(503, { error: { code: 'runner_unavailable', message: 'The discord runner is down.' } }),
    });
    show();
    expect(await screen.findByText('Bot status is unavailable')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Retry|Try again/ })).toBeTruthy();
  });
});
