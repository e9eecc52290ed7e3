import { Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/fakes';
import { ToastRegion } from '../../ui/Toast';
import { dayKeyOf } from './calendar';
import GooglePage from './GooglePage';
import type { CalendarEvent, GoogleStatus } from './types';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const connected: GoogleStatus = {
  state: 'connected',
  email: 'owner@example.com',
  scopes: ['https://www.googleapis.com/auth/calendar.readonly', 'https://www.googleapis.com/auth/gmail.send'],
  tokenExpiresAt: new Date(Date.now() + 3_000_000).toISOString(),
  lastErrorKind: null,
  lastError: null,
  backupFolderId: null,
};
const notConnected: GoogleStatus = {
  ...connected,
  state: 'not_connected',
  email: null,
  scopes: [],
  tokenExpiresAt: null,
};

const today = new Date();
const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
const event = (id: string, title: string, start: string, end: string, allDay: boolean): CalendarEvent => ({
  id,
  calendarId: 'primary',
  calendarName: 'Home',
  title,
  start,
  end,
  allDay,
  location: null,
  htmlLink: null,
});
const tomorrowAt = (hour: number) =>
  new Date(tomorrow.getFullYear(), tomorrow.getMonth(), tomorrow.getDate(), hour).toISOString();
const events = [
  event('3', 'Dentist', tomorrowAt(10), tomorrowAt(11), false),
  event('1', 'Bin day', dayKeyOf(today), dayKeyOf(tomorrow), true),
  event('2', 'Server maintenance', dayKeyOf(tomorrow), dayKeyOf(tomorrow), true),
];
const inbox = {
  unread: 3,
  messages: [
    {
      id: 'm1',
      from: 'Ada Lovelace <ada@example.com>',
      subject: 'Backup report',
      snippet: 'All good &amp; it&#39;s done',
      receivedAt: new Date().toISOString(),
      unread: true,
    },
  ],
};
const drive = { folderId: 'root', files: [] };

function show(routes: Parameters<typeof stubFetch>[0], location = '/google') {
  const calls = stubFetch({
    'GET /api/google/status': () => json(200, connected),
    'GET /api/google/calendar/events': () => json(200, { events }),
    'GET /api/google/gmail/summary': () => json(200, inbox),
    'GET /api/google/drive/files': () => json(200, drive),
    ...routes,
  });
  render(() => <ToastRegion />);
  render(() => <Route path="/google" component={GooglePage} />, { location });
  return calls;
}

describe('GooglePage', () => {
  it('offers to connect when no account is linked, starting at /connect, and loads no Google data', async () => {
    const calls = show({
      'GET /api/google/status': () => json(200, notConnected),
      'POST /api/google/connect': () => json(200, { authorizeUrl: '#google-consent' }),
    });
    expect(await screen.findByText('No Google account connected')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Calendar' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Connect Google' }));
    await waitFor(() => expect(window.location.hash).toBe('#google-consent'));
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/google/connect')).toBe(true);
    expect(calls.some((c) => c.path.startsWith('/api/google/gmail'))).toBe(false);
  });

  it('names the variables to set when the server has no Google app', async () => {
    show({ 'GET /api/google/status': () => json(200, { ...notConnected, state: 'not_configured' }) });
    expect(await screen.findByText('Google is not set up on this server')).toBeTruthy();
    expect(screen.getByText('GOOGLE_CLIENT_ID')).toBeTruthy();
    expect(screen.getByText('GOOGLE_CLIENT_SECRET')).toBeTruthy();
  });

  it('explains revoked access with a Reconnect button', async () => {
    show({
      'GET /api/google/status': () =>
        json(200, {
          ...connected,
          state: 'revoked',
          lastErrorKind: 'auth_revoked',
          lastError: 'invalid_grant',
        }),
    });
    expect(await screen.findByText('Google access was revoked')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reconnect' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Gmail' })).toBeNull();
  });

  it('says how the consent page ended, once', async () => {
    show({}, '/google?error=denied');
    expect(await screen.findByText(/access was declined on Google’s consent page/)).toBeTruthy();
  });

  it('lists recent mail with unread ones in bold and the unread count', async () => {
    show({});
    const list = await screen.findByRole('list', { name: 'Recent messages' });
    expect(within(list).getByText("All good & it's done")).toBeTruthy();
    const sender = within(list).getByText('Ada Lovelace');
    expect(sender.className).toContain('font-semibold');
    expect(screen.getByText('3 unread')).toBeTruthy();
  });

  it('groups upcoming events by day, in order', async () => {
    show({});
    const todayGroup = await screen.findByRole('region', { name: 'Today' });
    expect(within(todayGroup).getByText('Bin day')).toBeTruthy();
    const tomorrowGroup = screen.getByRole('region', { name: 'Tomorrow' });
    const titles = within(tomorrowGroup)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(titles).toHaveLength(2);
    expect(titles[0]).toContain('Server maintenance');
    expect(titles[0]).toContain('All day');
    expect(titles[1]).toContain('Dentist');
    expect(within(todayGroup).queryByText('Dentist')).toBeNull();
  });

  it('creates an event, checking the form first and showing the API’s verdict on its field', async () => {
    let attempt = 0;
    const calls = show({
      'POST /api/google/calendar/events': () =>
        ++attempt === 1
          ? json(400, {
              error: {
                code: 'invalid_request',
                message: 'Check the form.',
                fields: { title: ['Google Calendar refused this title.'] },
              },
            })
          : json(201, { ...events[0], id: '9', title: 'Patch night' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'New event' }));
    const dialog = screen.getByRole('dialog', { name: 'New event' });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Create event' }));
    expect(within(dialog).getByText('Give the event a title.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    const title = within(dialog).getByLabelText('Title');
    fireEvent.input(title, { target: { value: 'Patch night' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create event' }));
    expect(await within(dialog).findByText('Google Calendar refused this title.')).toBeTruthy();
    expect(title.getAttribute('aria-invalid')).toBe('true');
    const sent = calls.find((c) => c.method === 'POST')?.body as {
      title: string;
      start: string;
      end: string;
    };
    expect(sent.title).toBe('Patch night');
    expect(Date.parse(sent.end) - Date.parse(sent.start)).toBe(3_600_000);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Create event' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('sends a notification email to the owner by default, checking the subject as it is typed', async () => {
    const calls = show({ 'POST /api/google/gmail/send': () => json(200, { ok: true }) });
    fireEvent.click(await screen.findByRole('button', { name: /Send notification email/ }));
    const dialog = screen.getByRole('dialog', { name: 'Send notification email' });
    expect((within(dialog).getByLabelText('To') as HTMLInputElement).value).toBe('owner@example.com');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Send email' }));
    expect(within(dialog).getByText('Give it a subject.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.input(within(dialog).getByLabelText('Subject'), { target: { value: 'Backup finished' } });
    expect(within(dialog).queryByText('Give it a subject.')).toBeNull();
    fireEvent.input(within(dialog).getByLabelText('Message'), { target: { value: 'All volumes saved.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send email' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      to: 'owner@example.com',
      subject: 'Backup finished',
      body: 'All volumes saved.',
    });
  });

  it('keeps the other sections when Gmail is rate limited, saying when to retry', async () => {
    show({
      'GET /api/google/gmail/summary': () =>
        new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'Rate limit exceeded' } }), {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '42' },
        }),
    });
    expect(await screen.findByText('Google is rate limiting; retry in 42 s.')).toBeTruthy();
    expect(await screen.findByText('Bin day')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Drive' })).toBeTruthy();
  });

  it('rechecks the connection when a section finds access revoked, then offers to reconnect', async () => {
    let statusCalls = 0;
    show({
      'GET /api/google/status': () =>
        json(
          200,
          ++statusCalls === 1 ? connected : { ...connected, state: 'revoked', lastErrorKind: 'auth_revoked' },
        ),
      'GET /api/google/gmail/summary': () =>
        json(409, { error: { code: 'auth_revoked', message: 'Token has been expired or revoked.' } }),
    });
    expect(await screen.findByRole('button', { name: 'Reconnect' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Gmail' })).toBeNull();
  });

  it('browses Drive folders and chooses the open one for backups', async () => {
    const calls = show({
      'GET /api/google/drive/files': (call) =>
        json(
          200,
          calls.filter((c) => c.path === call.path).length === 1
            ? {
                folderId: 'root',
                files: [
                  {
                    id: 'f1',
                    name: 'Backups',
                    mimeType: 'application/vnd.google-apps.folder',
                    size: null,
                    modifiedAt: null,
                    isFolder: true,
                    webViewLink: null,
                  },
                  {
                    id: 'd1',
                    name: 'notes.txt',
                    mimeType: 'text/plain',
                    size: 2048,
                    modifiedAt: new Date().toISOString(),
                    isFolder: false,
                    webViewLink: 'https://drive.google.com/file/d/d1/view',
                  },
                ],
              }
            : { folderId: 'f1', files: [] },
        ),
      'PUT /api/google/settings': () => json(200, { ...connected, backupFolderId: 'f1' }),
    });
    expect((await screen.findByRole('link', { name: /notes\.txt/ })).getAttribute('href')).toBe(
      'https://drive.google.com/file/d/d1/view',
    );
    expect(screen.getByText('2 KB')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open folder Backups' }));
    expect(await screen.findByText('This folder is empty')).toBeTruthy();
    const path = screen.getByRole('navigation', { name: 'Folder path' });
    expect(within(path).getByRole('button', { name: 'My Drive' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Use this folder for backups' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ backupFolderId: 'f1' }),
    );
  });
});
