/**
 * Google through the whole stack against the fake Google Workspace: the owner links their account
 * (state and PKCE checked: an answer with another state is refused), lists upcoming events, adds
 * one, reads the Gmail summary, sends a mail the fake receives, lists a Drive folder, sees a
 * revoked grant reported as "Reconnect Google" (409, never a 401 that would sign them out), and
 * disconnects, which revokes the grant at Google.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeGoogleWorkspace, startFakeGoogleWorkspace } from '../fakes/google-workspace/server';
import { startTestStack } from '../support/stack';
import { fakeGoogleEnv } from '../support/studio';
import { signedInAs } from '../support/users';

type Api = Awaited<ReturnType<typeof signedInAs>>;

describe('google through the stack', () => {
  let google: FakeGoogleWorkspace;
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let owner: Api;
  let ada: ReturnType<FakeGoogleWorkspace['addAccount']>;

  beforeAll(async () => {
    google = await startFakeGoogleWorkspace();
    stack = await startTestStack({
      adminUrl: inject('e2eAdminUrl'),
      label: 'google',
      env: {
        ...fakeGoogleEnv(google),
      },
    });
    owner = await signedInAs(stack, 'owner', 'google-owner');
    ada = google.addAccount({ name: 'Ada', email: 'ada@gmail.test' });
    google.oauth.approveAs(ada.sub);
  });
  afterAll(async () => {
    await stack?.stop();
    await google?.close();
  });

  /** POST /connect, then Google's authorize page: the callback URL Google sends the browser to, and the flow's cookies. */
  async function startConnect() {
    const res = await fetch(`${stack.url}/api/google/connect`, {
      method: 'POST',
      headers: { cookie: owner.cookie! },
    });
    expect(res.status).toBe(200);
    const { authorizeUrl } = (await res.json()) as { authorizeUrl: string };
    const asked = new URL(authorizeUrl);
    expect(asked.searchParams.get('code_challenge_method')).toBe('S256');
    expect(asked.searchParams.get('access_type')).toBe('offline');
    expect(asked.searchParams.get('scope')).toContain('https://www.googleapis.com/auth/gmail.send');
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const google = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(google.status).toBe(302);
    const callback = new URL(google.headers.get('location')!);
    return { callback, cookie: [owner.cookie!, ...cookies].join('; ') };
  }

  const follow = (url: URL | string, cookie: string) =>
    fetch(url, { redirect: 'manual', headers: { cookie } }).then((res) => res.headers.get('location') ?? '');

  it('answers not connected before the owner links an account', async () => {
    const status = await owner.call('GET', '/api/google/status');
    expect(status.json).toMatchObject({ state: 'not_connected', email: null });
    const events = await owner.call('GET', '/api/google/calendar/events');
    expect(events.status).toBe(409);
    expect(events.json.error.code).toBe('not_connected');
  });

  it('refuses a callback whose state is not the one it sent', async () => {
    const { callback, cookie } = await startConnect();
    callback.searchParams.set('state', 'forged-state');
    expect(await follow(callback, cookie)).toBe('/google?error=bad_state');
    expect((await owner.call('GET', '/api/google/status')).json.state).toBe('not_connected');
  });

  it('links the account with state and PKCE checked, tokens stored sealed', async () => {
    const { callback, cookie } = await startConnect();
    expect(await follow(callback, cookie)).toBe('/google?connected=1');
    const status = await owner.call('GET', '/api/google/status');
    expect(status.json).toMatchObject({ state: 'connected', email: 'ada@gmail.test', lastErrorKind: null });
    expect(status.json.scopes).toContain('https://www.googleapis.com/auth/calendar.events');
  });

  it('lists upcoming events across calendars and creates one', async () => {
    google.addEvent(ada.sub, { summary: 'Standup', start: new Date(Date.now() + 3_600_000) });
    const family = google.addCalendar(ada.sub, 'Family');
    google.addEvent(ada.sub, {
      summary: 'Dinner',
      start: new Date(Date.now() + 2 * 86_400_000),
      calendarId: family.id,
    });
    google.addEvent(ada.sub, { summary: 'Far away', start: new Date(Date.now() + 20 * 86_400_000) });

    const listed = await owner.call('GET', '/api/google/calendar/events?days=7');
    expect(listed.status).toBe(200);
    expect(
      listed.json.events.map((e: { title: string; calendarName: string }) => [e.title, e.calendarName]),
    ).toEqual([
      ['Standup', 'ada@gmail.test'],
      ['Dinner', 'Family'],
    ]);

    const start = new Date(Date.now() + 86_400_000);
    const bad = await owner.call('POST', '/api/google/calendar/events', {
      title: 'Backwards',
      start: start.toISOString(),
      end: new Date(start.getTime() - 60_000).toISOString(),
    });
    expect(bad.status).toBe(400);

    const created = await owner.call('POST', '/api/google/calendar/events', {
      title: 'Replace UPS battery',
      start: start.toISOString(),
      end: new Date(start.getTime() + 1_800_000).toISOString(),
      location: 'Rack',
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ title: 'Replace UPS battery', location: 'Rack' });
    expect(google.events(ada.sub).map((e) => e.summary)).toContain('Replace UPS battery');
  });

  it('summarises Gmail and sends a mail the fake receives', async () => {
    google.addMessage(ada.sub, {
      from: 'Bob <bob@example.com>',
      subject: 'Lunch?',
      snippet: 'Are you free',
      date: new Date(Date.now() - 3_600_000),
    });
    google.addMessage(ada.sub, { from: 'news@example.com', subject: 'Weekly', read: true, date: new Date() });
    const summary = await owner.call('GET', '/api/google/gmail/summary');
    expect(summary.status).toBe(200);
    expect(summary.json.unread).toBe(1);
    expect(summary.json.messages[0]).toMatchObject({
      from: 'news@example.com',
      subject: 'Weekly',
      unread: false,
    });

    const injected = await owner.call('POST', '/api/google/gmail/send', {
      to: 'ops@example.com',
      subject: 'Hi\r\nBcc: evil@example.com',
      body: 'x',
    });
    expect(injected.status).toBe(400);

    const sent = await owner.call('POST', '/api/google/gmail/send', {
      to: 'ops@example.com',
      subject: 'Backup finished',
      body: 'All databases were backed up.',
    });
    expect(sent.status).toBe(200);
    const [mail] = google.sent(ada.sub);
    expect(mail).toMatchObject({
      headers: expect.objectContaining({ to: 'ops@example.com', subject: 'Backup finished' }),
      body: 'All databases were backed up.',
    });
    expect(google.sent(ada.sub)).toHaveLength(1);
  });

  it('lists a Drive folder and remembers the backup folder', async () => {
    const backups = google.addFolder(ada.sub, 'Backups');
    google.addFile(ada.sub, 'readme.txt', 'hello');
    google.addFile(ada.sub, 'old.dump', 'x', backups.id);
    const root = await owner.call('GET', '/api/google/drive/files');
    expect(root.status).toBe(200);
    expect(root.json.files.map((f: { name: string; isFolder: boolean }) => [f.name, f.isFolder])).toEqual([
      ['Backups', true],
      ['readme.txt', false],
    ]);
    const inside = await owner.call('GET', `/api/google/drive/files?folderId=${backups.id}`);
    expect(inside.json.files.map((f: { name: string }) => f.name)).toEqual(['old.dump']);
    expect((await owner.call('GET', "/api/google/drive/files?folderId=x' or '1")).status).toBe(400);

    const saved = await owner.call('PUT', '/api/google/settings', { backupFolderId: backups.id });
    expect(saved.status).toBe(200);
    expect((await owner.call('GET', '/api/google/status')).json.backupFolderId).toBe(backups.id);
  });

  it('reports a rate limit as 429 with Retry-After once the retries are spent', async () => {
    google.failNext(3, 'rateLimit');
    const limited = await owner.call('GET', '/api/google/drive/files');
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The next call goes through and clears the error.
    expect((await owner.call('GET', '/api/google/drive/files')).status).toBe(200);
    expect((await owner.call('GET', '/api/google/status')).json).toMatchObject({
      state: 'connected',
      lastErrorKind: null,
    });
  }, 300_000);

  it('says to reconnect when the grant was revoked, without signing the owner out', async () => {
    google.revoke(ada.sub);
    google.expireAccessTokens();
    const res = await owner.call('GET', '/api/google/gmail/summary');
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({
      code: 'auth_revoked',
      message: expect.stringContaining('Reconnect Google'),
    });
    expect((await owner.call('GET', '/api/google/status')).json).toMatchObject({
      state: 'revoked',
      lastErrorKind: 'auth_revoked',
    });
    expect((await owner.call('GET', '/api/auth/me')).status).toBe(200);

    // Reconnecting makes it work again.
    google.oauth.approveAs(ada.sub);
    const { callback, cookie } = await startConnect();
    expect(await follow(callback, cookie)).toBe('/google?connected=1');
    expect((await owner.call('GET', '/api/google/gmail/summary')).status).toBe(200);
  });

  it('disconnects: the grant is revoked at Google and the account forgotten', async () => {
    const before = google.oauth.grants().filter((g) => g.sub === ada.sub).length;
    expect(before).toBeGreaterThan(0);
    const res = await owner.call('POST', '/api/google/disconnect');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ revoked: true });
    expect(google.oauth.grants().filter((g) => g.sub === ada.sub)).toHaveLength(0);
    expect((await owner.call('GET', '/api/google/status')).json.state).toBe('not_connected');
    const audit = await owner.call('GET', '/api/audit?limit=100');
    const actions = audit.json.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['google.connect', 'google.disconnect', 'google.gmail.send']),
    );
  });
});
