/**
 * Calendar, Gmail and Drive through Google's own per-API clients (@googleapis/*), pointed at
 * GOOGLE_API_BASE_URL with `rootUrl`. The clients' own retries are off: the retry policy here
 * (retry.ts) decides, so a spent quota is never hammered. Every call goes through `withAccount`,
 * which brings a fresh token, refreshes once on a 401, and records failures on the account row.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { calendar } from '@googleapis/calendar';
import { drive } from '@googleapis/drive';
import { gmail } from '@googleapis/gmail';
import type {
  CalendarEvent,
  CalendarEventInput,
  DriveFile,
  GmailMessage,
  GmailSummary,
  SendEmailInput,
} from '@homelab/db/google';
import { HttpError } from '../internal/errors';
import {
  type AccountRow,
  accessTokenFor,
  forceRefresh,
  type GoogleSettings,
  recordFailure,
  recordSuccess,
  type Sql,
} from './accounts';
import { classifyGoogleFailure, GoogleError, NetworkError } from './errors';
import { defaultRetryPolicy, type RetryPolicy, withRetry } from './retry';

export type GoogleDeps = { sql: Sql; settings: GoogleSettings; retry?: RetryPolicy };

type Failure = {
  status?: number;
  code?: string | number;
  message?: string;
  response?: { status?: number; data?: unknown; headers?: Headers | Record<string, string> };
};

const rootUrl = (settings: GoogleSettings) =>
  `${(settings.apiBaseUrl ?? 'https://www.googleapis.com').replace(/\/+$/, '')}/`;

function headerOf(headers: Headers | Record<string, string> | undefined, name: string) {
  if (!headers) return null;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  return (headers as Record<string, string>)[name] ?? null;
}

/** A thrown client error as one of ours: a GoogleError, or an HttpError for a request Google refused. */
function translate(error: unknown): Error {
  if (error instanceof GoogleError || error instanceof HttpError) return error;
  const failure = error as Failure;
  const status = failure.response?.status ?? failure.status;
  if (!status) return new NetworkError(`Google could not be reached (${failure.message ?? String(error)}).`);
  const body = failure.response?.data;
  const classified = classifyGoogleFailure(status, body, headerOf(failure.response?.headers, 'retry-after'));
  if (classified) return classified;
  const message =
    (body as { error?: { message?: string } } | null)?.error?.message ?? failure.message ?? `HTTP ${status}`;
  if (status === 404) return new HttpError(404, 'not_found', `Google found no such item (${message}).`);
  return new HttpError(400, 'google_refused', `Google refused the request: ${message}`);
}

const statusOf = (error: unknown) => {
  const failure = error as Failure;
  return failure?.response?.status ?? failure?.status;
};

/** Runs `call` with the account's bearer token under the retry policy; failures land on the row. */
export async function withAccount<T>(
  deps: GoogleDeps,
  row: AccountRow,
  call: (headers: { authorization: string }) => Promise<T>,
): Promise<T> {
  try {
    const result = await withRetry(async () => {
      try {
        const token = await accessTokenFor(deps.sql, deps.settings, row);
        try {
          return await call({ authorization: `Bearer ${token}` });
        } catch (error) {
          if (statusOf(error) !== 401) throw error;
          // Google can end a token early (password change, expiry race): one refresh, then it counts.
          const fresh = await forceRefresh(deps.sql, deps.settings, row);
          return await call({ authorization: `Bearer ${fresh}` });
        }
      } catch (error) {
        throw translate(error);
      }
    }, deps.retry ?? defaultRetryPolicy);
    await recordSuccess(deps.sql, row);
    return result;
  } catch (error) {
    if (error instanceof GoogleError) await recordFailure(deps.sql, row.id, error);
    throw error;
  }
}

function clients(settings: GoogleSettings) {
  const options = { rootUrl: rootUrl(settings), retry: false };
  return {
    /** Per call: the token, and rootUrl again because upload URLs are built from the call's options. */
    opts: (headers: { authorization: string }) => ({ headers, ...options }),
    calendar: calendar({ version: 'v3', ...options }),
    gmail: gmail({ version: 'v1', ...options }),
    drive: drive({ version: 'v3', ...options }),
  };
}

/** Events of every calendar in the list from now for `days` days, soonest first, at most 50. */
export async function upcomingEvents(deps: GoogleDeps, row: AccountRow, days = 7): Promise<CalendarEvent[]> {
  const { calendar: api, opts } = clients(deps.settings);
  const now = new Date();
  const until = new Date(now.getTime() + days * 86_400_000);
  return withAccount(deps, row, async (headers) => {
    const list = await api.calendarList.list({ maxResults: 50 }, opts(headers));
    const calendars = (list.data.items ?? []).filter((c) => c.id && !c.hidden);
    const perCalendar = await Promise.all(
      calendars.map(async (cal) => {
        const res = await api.events.list(
          {
            calendarId: cal.id!,
            timeMin: now.toISOString(),
            timeMax: until.toISOString(),
            singleEvents: true,
            orderBy: 'startTime',
            maxResults: 50,
          },
          opts(headers),
        );
        return (res.data.items ?? [])
          .filter((e) => e.status !== 'cancelled')
          .map(
            (e): CalendarEvent => ({
              id: e.id ?? '',
              calendarId: cal.id!,
              calendarName: cal.summaryOverride ?? cal.summary ?? cal.id!,
              title: e.summary ?? '(no title)',
              start: e.start?.dateTime ?? e.start?.date ?? '',
              end: e.end?.dateTime ?? e.end?.date ?? '',
              allDay: !e.start?.dateTime,
              location: e.location ?? null,
              htmlLink: e.htmlLink ?? null,
            }),
          );
      }),
    );
    return perCalendar
      .flat()
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
      .slice(0, 50);
  });
}

export async function createEvent(
  deps: GoogleDeps,
  row: AccountRow,
  input: CalendarEventInput,
): Promise<CalendarEvent> {
  const { calendar: api, opts } = clients(deps.settings);
  return withAccount(deps, row, async (headers) => {
    const res = await api.events.insert(
      {
        calendarId: input.calendarId,
        requestBody: {
          summary: input.title,
          description: input.description,
          location: input.location,
          start: { dateTime: input.start },
          end: { dateTime: input.end },
        },
      },
      opts(headers),
    );
    const e = res.data;
    return {
      id: e.id ?? '',
      calendarId: input.calendarId,
      calendarName: e.organizer?.displayName ?? input.calendarId,
      title: e.summary ?? input.title,
      start: e.start?.dateTime ?? input.start,
      end: e.end?.dateTime ?? input.end,
      allDay: false,
      location: e.location ?? null,
      htmlLink: e.htmlLink ?? null,
    };
  });
}

/** The unread count of the inbox and the newest messages' sender, subject and snippet. */
export async function gmailSummary(deps: GoogleDeps, row: AccountRow, limit = 10): Promise<GmailSummary> {
  const { gmail: api, opts } = clients(deps.settings);
  return withAccount(deps, row, async (headers) => {
    const [label, list] = await Promise.all([
      api.users.labels.get({ userId: 'me', id: 'UNREAD' }, opts(headers)),
      api.users.messages.list({ userId: 'me', maxResults: limit, labelIds: ['INBOX'] }, opts(headers)),
    ]);
    const messages = await Promise.all(
      (list.data.messages ?? []).map(async ({ id }): Promise<GmailMessage> => {
        const res = await api.users.messages.get(
          { userId: 'me', id: id!, format: 'metadata', metadataHeaders: ['From', 'Subject', 'Date'] },
          opts(headers),
        );
        const header = (name: string) =>
          res.data.payload?.headers?.find((h) => h.name?.toLowerCase() === name.toLowerCase())?.value ?? '';
        const internal = res.data.internalDate ? Number(res.data.internalDate) : Number.NaN;
        const dated = Number.isFinite(internal) ? new Date(internal) : new Date(header('Date'));
        return {
          id: id!,
          from: header('From'),
          subject: header('Subject'),
          snippet: res.data.snippet ?? '',
          receivedAt: Number.isNaN(dated.getTime()) ? null : dated.toISOString(),
          unread: (res.data.labelIds ?? []).includes('UNREAD'),
        };
      }),
    );
    return { unread: label.data.messagesUnread ?? label.data.threadsUnread ?? 0, messages };
  });
}

/**
 * The message as RFC 2822 text, base64url for messages.send. Header values are checked for line
 * breaks again here (the schema already refuses them), so no caller can add a header; the subject
 * is RFC 2047 encoded so any language fits.
 */
export function rfc2822(input: SendEmailInput): string {
  for (const value of [input.to, input.subject])
    if (/[\r\n]/.test(value))
      throw new HttpError(400, 'invalid_request', 'Line breaks are not allowed in mail headers.');
  const subject = /^[\x20-\x7e]*$/.test(input.subject)
    ? input.subject
    : `=?UTF-8?B?${Buffer.from(input.subject, 'utf8').toString('base64')}?=`;
  const text = [
    `To: ${input.to}`,
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(input.body, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n'),
  ].join('\r\n');
  return Buffer.from(text, 'utf8').toString('base64url');
}

export async function sendEmail(
  deps: GoogleDeps,
  row: AccountRow,
  input: SendEmailInput,
): Promise<{ id: string }> {
  const { gmail: api, opts } = clients(deps.settings);
  const raw = rfc2822(input);
  return withAccount(deps, row, async (headers) => {
    const res = await api.users.messages.send({ userId: 'me', requestBody: { raw } }, opts(headers));
    return { id: res.data.id ?? '' };
  });
}

const folderMime = 'application/vnd.google-apps.folder';

export async function listFolder(deps: GoogleDeps, row: AccountRow, folderId = 'root'): Promise<DriveFile[]> {
  if (!/^[A-Za-z0-9_-]+$/.test(folderId))
    throw new HttpError(400, 'invalid_request', 'Not a Drive folder id.');
  const { drive: api, opts } = clients(deps.settings);
  return withAccount(deps, row, async (headers) => {
    const res = await api.files.list(
      {
        q: `'${folderId}' in parents and trashed = false`,
        pageSize: 100,
        orderBy: 'folder,name',
        fields: 'files(id,name,mimeType,size,modifiedTime,webViewLink)',
      },
      opts(headers),
    );
    return (res.data.files ?? []).map((f) => ({
      id: f.id ?? '',
      name: f.name ?? '',
      mimeType: f.mimeType ?? 'application/octet-stream',
      size: f.size ? Number(f.size) : null,
      modifiedAt: f.modifiedTime ?? null,
      isFolder: f.mimeType === folderMime,
      webViewLink: f.webViewLink ?? null,
    }));
  });
}

/** Uploads a local file into a Drive folder (multipart upload); the file is read again on each try. */
export async function uploadFile(
  deps: GoogleDeps,
  row: AccountRow,
  filePath: string,
  folderId: string,
): Promise<DriveFile> {
  const { drive: api, opts } = clients(deps.settings);
  const { size } = await stat(filePath);
  const name = path.basename(filePath);
  return withAccount(deps, row, async (headers) => {
    const res = await api.files.create(
      {
        requestBody: { name, parents: [folderId] },
        media: { mimeType: 'application/octet-stream', body: createReadStream(filePath) },
        fields: 'id,name,mimeType,size,modifiedTime,webViewLink',
      },
      opts(headers),
    );
    const f = res.data;
    return {
      id: f.id ?? '',
      name: f.name ?? name,
      mimeType: f.mimeType ?? 'application/octet-stream',
      size: f.size ? Number(f.size) : size,
      modifiedAt: f.modifiedTime ?? null,
      isFolder: false,
      webViewLink: f.webViewLink ?? null,
    };
  });
}
