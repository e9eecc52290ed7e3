/**
 * The google runner's calls against the fake Google Workspace and the real database: tokens
 * refreshed before they expire and stored sealed, a revoked grant leaving the account revoked,
 * rate limits retried, a spent quota not, and the Drive copy of a backup.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decryptSecret, encryptSecret } from '@homelab/db/crypto';
import { googleScopes } from '@homelab/db/google';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeGoogleWorkspace,
  startFakeGoogleWorkspace,
} from '../../../e2e/fakes/google-workspace/server';
import { testPool } from '../testing/database';
import { type AccountRow, findAccount, type GoogleSettings, refreshMarginMs } from './accounts';
import { createEvent, gmailSummary, listFolder, sendEmail, upcomingEvents } from './api';
import { uploadBackupToDrive } from './backup';
import { AuthRevokedError, QuotaError } from './errors';
import type { RetryPolicy } from './retry';

const pool = testPool();
const sql = pool.sql;
let google: FakeGoogleWorkspace;
let settings: GoogleSettings;
const key = randomBytes(32).toString('base64');
const waits: number[] = [];
const retry: RetryPolicy = {
  attempts: 3,
  baseMs: 2_000,
  maxMs: 60_000,
  sleep: async (ms) => {
    waits.push(ms);
  },
};

beforeAll(async () => {
  google = await startFakeGoogleWorkspace();
  settings = {
    clientId: google.oauth.clientId,
    clientSecret: google.oauth.clientSecret,
    tokenBaseUrl: google.url,
    apiBaseUrl: google.url,
    encryptionKey: key,
  };
});

afterAll(async () => {
  await google.close();
  await pool.sql.end();
});

/** A person with a linked Google account whose access token expires at `expiresAt`. */
async function linked(name: string, o: { expiresAt?: Date; role?: string } = {}) {
  const account = google.addAccount({ name });
  const tokens = google.oauth.issueToken(account.sub, [...googleScopes]);
  const [user] = await sql<{ id: string }[]>`
    insert into users (username, role) values (${`${name}-${randomUUID().slice(0, 8)}`}, ${o.role ?? 'member'})
    returning id`;
  const id = randomUUID();
  await sql`
    insert into google_accounts (id, user_id, google_id, email, access_token, refresh_token, token_expires_at, scopes)
    values (${id}, ${user!.id}, ${account.sub}, ${account.email},
      ${await encryptSecret(tokens.access_token, key, id)}, ${await encryptSecret(tokens.refresh_token!, key, id)},
      ${(o.expiresAt ?? new Date(Date.now() + 3_000_000)).toISOString()}::timestamptz, ${[...googleScopes]})`;
  const row = (await findAccount(sql, user!.id)) as AccountRow;
  return { account, row, userId: user!.id, tokens };
}

const deps = () => ({ sql, settings, retry });

describe('google runner against Google', () => {
  it('refreshes a token that expires within five minutes and stores the new one sealed', async () => {
    const { account, row, userId, tokens } = await linked('Refresh', {
      expiresAt: new Date(Date.now() + refreshMarginMs - 30_000),
    });
    google.addEvent(account.sub, { summary: 'Standup', start: new Date(Date.now() + 3_600_000) });
    const work = google.addCalendar(account.sub, 'Work');
    google.addEvent(account.sub, {
      summary: 'Review',
      start: new Date(Date.now() + 7_200_000),
      calendarId: work.id,
    });
    google.addEvent(account.sub, { summary: 'Next month', start: new Date(Date.now() + 30 * 86_400_000) });

    const events = await upcomingEvents(deps(), row, 7);
    expect(events.map((e) => [e.title, e.calendarName])).toEqual([
      ['Standup', account.email],
      ['Review', 'Work'],
    ]);

    const stored = (await findAccount(sql, userId))!;
    expect(new Date(stored.tokenExpiresAt).getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(stored.accessToken).toMatch(/^v1:/);
    const opened = await decryptSecret(stored.accessToken, key, stored.id);
    expect(opened).not.toBe(tokens.access_token);
    expect(google.oauth.grants().some((g) => g.accessToken === opened)).toBe(true);
    // Sealed to its row: the same text does not open as another row's.
    await expect(decryptSecret(stored.accessToken, key, randomUUID())).rejects.toThrow();
  });

  it('refreshes only once when several calls find the token expiring', async () => {
    const { row } = await linked('Once', { expiresAt: new Date(Date.now() + 1_000) });
    const before = google.requests.filter((r) => r.path === '/token').length;
    await Promise.all([listFolder(deps(), row), listFolder(deps(), row), listFolder(deps(), row)]);
    expect(google.requests.filter((r) => r.path === '/token').length - before).toBe(1);
  });

  it('creates an event, reads Gmail and sends a mail the fake receives', async () => {
    const { account, row } = await linked('Mail');
    const start = new Date(Date.now() + 86_400_000);
    const created = await createEvent(deps(), row, {
      title: 'Dentist',
      start: start.toISOString(),
      end: new Date(start.getTime() + 1_800_000).toISOString(),
      calendarId: 'primary',
    });
    expect(created.title).toBe('Dentist');
    expect(google.events(account.sub).map((e) => e.summary)).toContain('Dentist');

    google.addMessage(account.sub, { from: 'Bob <bob@example.com>', subject: 'Hello', snippet: 'hi there' });
    google.addMessage(account.sub, { from: 'news@example.com', subject: 'Read already', read: true });
    const summary = await gmailSummary(deps(), row);
    expect(summary.unread).toBe(1);
    expect(summary.messages.map((m) => [m.from, m.subject, m.unread])).toEqual(
      expect.arrayContaining([
        ['Bob <bob@example.com>', 'Hello', true],
        ['news@example.com', 'Read already', false],
      ]),
    );

    await sendEmail(deps(), row, { to: 'ops@example.com', subject: 'Backup done – ✓', body: 'All good.' });
    const [sent] = google.sent(account.sub);
    expect(sent?.headers.to).toBe('ops@example.com');
    expect(sent?.headers.subject).toBe('Backup done – ✓');
    expect(sent?.body).toBe('All good.');
  });

  it('leaves the account revoked with a clear error when the user removed access', async () => {
    const { account, row, userId } = await linked('Revoked');
    google.revoke(account.sub);
    const error = await listFolder(deps(), row).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthRevokedError);
    expect((error as Error).message).toMatch(/Reconnect Google/);
    const stored = (await findAccount(sql, userId))!;
    expect(stored.state).toBe('revoked');
    expect(stored.lastErrorKind).toBe('auth_revoked');
    // No more calls to Google for a revoked account.
    const before = google.requests.length;
    await expect(listFolder(deps(), stored)).rejects.toBeInstanceOf(AuthRevokedError);
    expect(google.requests.length).toBe(before);
  });

  it('retries a rate limit with backoff and then succeeds', async () => {
    const { account, row } = await linked('Limited');
    google.addFile(account.sub, 'notes.txt', 'hello');
    waits.length = 0;
    google.failNext(2, 'rateLimit');
    const files = await listFolder(deps(), row);
    expect(files.map((f) => f.name)).toEqual(['notes.txt']);
    expect(waits).toEqual([2_000, 4_000]);
  });

  it('does not retry a spent quota and records it', async () => {
    const { row, userId } = await linked('Quota');
    waits.length = 0;
    google.failNext(5, 'quota');
    const before = google.requests.length;
    await expect(listFolder(deps(), row)).rejects.toBeInstanceOf(QuotaError);
    expect(google.requests.length - before).toBe(1);
    expect(waits).toEqual([]);
    expect((await findAccount(sql, userId))!.lastErrorKind).toBe('quota');
    google.failNext(0, 'quota');
    await listFolder(deps(), row);
    expect((await findAccount(sql, userId))!).toMatchObject({ state: 'connected', lastErrorKind: null });
  });

  it('refreshes once when Google refuses a token before its expiry', async () => {
    const { row } = await linked('Expired');
    google.expireAccessTokens();
    await expect(listFolder(deps(), row)).resolves.toEqual([]);
  });

  it('copies a backup into the owner’s Drive folder', async () => {
    const { account, row } = await linked('Owner', { role: 'owner' });
    const folder = google.addFolder(account.sub, 'Backups');
    await sql`update google_accounts set backup_folder_id = ${folder.id} where id = ${row.id}`;
    const dir = await mkdtemp(path.join(tmpdir(), 'google-backup-'));
    try {
      const file = path.join(dir, '2026-05-01T03-00-00.000Z.dump');
      await writeFile(file, 'PGDMP backup bytes');
      // The backup goes to the owner's account: earlier runs' owners (a reused TEST_DATABASE_URL) step aside.
      await sql`
        delete from google_accounts where id <> ${row.id}
        and user_id in (select id from users where role = 'owner' and username like 'Owner-%')`;
      const uploaded = await uploadBackupToDrive(sql, settings, file, { retry });
      expect(uploaded?.name).toBe('2026-05-01T03-00-00.000Z.dump');
      const stored = google.files(account.sub).find((f) => f.name === uploaded?.name);
      expect(stored?.parents).toEqual([folder.id]);
      expect(stored?.content?.toString()).toBe('PGDMP backup bytes');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
