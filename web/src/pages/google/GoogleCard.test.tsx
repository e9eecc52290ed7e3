import { Route } from '@solidjs/router';
import { cleanup, render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import { GoogleCard } from './GoogleCard';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const status = {
  state: 'connected',
  email: 'owner@example.com',
  scopes: [],
  tokenExpiresAt: null,
  lastErrorKind: null,
  lastError: null,
  backupFolderId: null,
};
const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const event = (title: string, hours: number) => ({
  id: title,
  calendarId: 'primary',
  calendarName: 'Home',
  title,
  start: at(hours),
  end: at(hours + 1),
  allDay: false,
  location: null,
  htmlLink: null,
});

const show = () => render(() => <Route path="/" component={() => <GoogleCard />} />, { location: '/' });

describe('GoogleCard', () => {
  it('shows the next three events and the unread count', async () => {
    stubFetch({
      'GET /api/google/status': () => json(200, status),
      'GET /api/google/calendar/events': () =>
        json(200, {
          events: [event('Fourth', 40), event('First', 1), event('Second', 2), event('Third', 30)],
        }),
      'GET /api/google/gmail/summary': () => json(200, { unread: 7, messages: [] }),
    });
    show();
    const next = await screen.findByRole('list', { name: 'Next events' });
    expect(
      within(next)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      expect.stringContaining('First'),
      expect.stringContaining('Second'),
      expect.stringContaining('Third'),
    ]);
    expect(screen.getByText('7')).toBeTruthy();
    expect(screen.getByText('Connected')).toBeTruthy();
  });

  it('says how to connect when no account is linked, without calling Google', async () => {
    const calls = stubFetch({
      'GET /api/google/status': () => json(200, { ...status, state: 'not_connected', email: null }),
    });
    show();
    expect(await screen.findByText('No Google account connected')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Connect Google' }).getAttribute('href')).toBe('/google');
    expect(calls.map((c) => c.path)).toEqual(['/api/google/status']);
  });
});
