/**
 * A fake of the Google Workspace APIs the google runner uses, from Google's references, on one
 * server for all three base URLs (GOOGLE_AUTH_BASE_URL, GOOGLE_TOKEN_BASE_URL, GOOGLE_API_BASE_URL):
 * - Google OAuth 2.0 (../google-oauth/oauth.ts): authorize (approve-as control), token with the
 *   PKCE check, refresh, revoke, userinfo;
 * - Calendar v3: users/me/calendarList, calendars/{id}/events list (timeMin, timeMax,
 *   singleEvents, orderBy=startTime only with singleEvents) and insert;
 * - Gmail v1: users/me/labels/{id}, users/me/messages list, get (format=metadata with
 *   metadataHeaders), send (raw RFC 2822, base64url);
 * - Drive v3: files list (q `'<id>' in parents`), multipart upload at /upload/drive/v3/files.
 * API errors use Google's envelope `{error: {code, message, errors: [{reason, domain, message}],
 * status}}`. Controls: revoke a grant, force the next N API calls to 429 rateLimitExceeded or 403
 * quotaExceeded, expire access tokens.
 *
 *   const g = await startFakeGoogleWorkspace();   // all GOOGLE_*_BASE_URL = g.url
 *   const ada = g.addAccount({ name: 'Ada' });
 *   g.oauth.approveAs(ada.sub);
 *   g.addEvent(ada.sub, { summary: 'Standup', start: new Date(...) });
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGoogleOAuth, type GoogleAccount, type GoogleGrant } from '../google-oauth/oauth';

export type FakeCalendar = { id: string; summary: string; primary: boolean };
export type FakeEvent = {
  id: string;
  calendarId: string;
  summary: string;
  description?: string;
  location?: string;
  start: { dateTime?: string; date?: string };
  end: { dateTime?: string; date?: string };
  status: 'confirmed' | 'cancelled';
};
export type FakeMessage = {
  id: string;
  threadId: string;
  from: string;
  to: string;
  subject: string;
  snippet: string;
  date: Date;
  labelIds: string[];
};
export type FakeSentMessage = { id: string; raw: string; headers: Record<string, string>; body: string };
export type FakeDriveFile = {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  content: Buffer | null;
  modifiedTime: string;
};
export type FakeGoogleRequest = { method: string; path: string; status: number; reason: string | null };

type Mailbox = {
  calendars: FakeCalendar[];
  events: FakeEvent[];
  messages: FakeMessage[];
  sent: FakeSentMessage[];
  files: FakeDriveFile[];
};

const folderMime = 'application/vnd.google-apps.folder';
const id = (bytes = 12) => randomBytes(bytes).toString('hex');

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
  return status;
}

const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
};

class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly domain = 'global',
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(buffer: Buffer): Record<string, unknown> {
  try {
    return JSON.parse(buffer.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new ApiFailure(400, 'parseError', 'Parse Error');
  }
}

/** Splits a multipart/related body into its parts' headers and bytes. */
function multipartParts(body: Buffer, boundary: string) {
  const text = body.toString('latin1');
  const parts: { headers: Record<string, string>; body: Buffer }[] = [];
  for (const chunk of text.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const split = chunk.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers: Record<string, string> = {};
    for (const line of chunk.slice(0, split).split('\r\n').filter(Boolean)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const content = chunk.slice(split + 4).replace(/\r\n$/, '');
    parts.push({ headers, body: Buffer.from(content, 'latin1') });
  }
  return parts;
}

/** RFC 2822 headers (unfolded) and the decoded body of a sent message. */
function parseRfc2822(raw: string) {
  const text = Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  let body = split < 0 ? '' : text.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  if (/base64/i.test(headers['content-transfer-encoding'] ?? ''))
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  const subject = headers.subject ?? '';
  const encoded = /^=\?UTF-8\?B\?(.*)\?=$/i.exec(subject);
  if (encoded) headers.subject = Buffer.from(encoded[1]!, 'base64').toString('utf8');
  return { headers, body };
}

export async function startFakeGoogleWorkspace(o: { clientId?: string; clientSecret?: string } = {}) {
  const oauth = createGoogleOAuth(o);
  const mailboxes = new Map<string, Mailbox>();
  const requests: FakeGoogleRequest[] = [];
  let forced: { remaining: number; kind: 'rateLimit' | 'quota' } | null = null;

  function mailbox(sub: string): Mailbox {
    let box = mailboxes.get(sub);
    if (!box) {
      const account = oauth.accounts.get(sub);
      box = {
        calendars: [
          { id: account?.email ?? `${sub}@gmail.test`, summary: account?.email ?? sub, primary: true },
        ],
        events: [],
        messages: [],
        sent: [],
        files: [],
      };
      mailboxes.set(sub, box);
    }
    return box;
  }

  function authorized(req: IncomingMessage, scopes: string[]): GoogleGrant {
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
    const grant = oauth.grantFor(token);
    if (!grant)
      throw new ApiFailure(
        401,
        'authError',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      );
    if (!scopes.some((s) => grant.scopes.includes(s)))
      throw new ApiFailure(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.');
    if (forced && forced.remaining > 0) {
      forced.remaining--;
      const { kind } = forced;
      if (forced.remaining === 0) forced = null;
      if (kind === 'rateLimit')
        throw new ApiFailure(429, 'rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits');
      throw new ApiFailure(
        403,
        'quotaExceeded',
        "Quota exceeded for quota metric 'Queries' and limit 'Queries per day'.",
        'usageLimits',
      );
    }
    return grant;
  }

  const calendarScopes = [
    'https://www.googleapis.com/auth/calendar.readonly',
    'https://www.googleapis.com/auth/calendar.events',
    'https://www.googleapis.com/auth/calendar',
  ];
  const calendarWrite = [
    'https://www.googleapis.com/auth/calendar.events',
    'https://www.googleapis.com/auth/calendar',
  ];
  const gmailRead = ['https://www.googleapis.com/auth/gmail.readonly', 'https://mail.google.com/'];
  const gmailSend = ['https://www.googleapis.com/auth/gmail.send', 'https://mail.google.com/'];
  const driveRead = [
    'https://www.googleapis.com/auth/drive.readonly',
    'https://www.googleapis.com/auth/drive',
  ];
  const driveWrite = ['https://www.googleapis.com/auth/drive.file', 'https://www.googleapis.com/auth/drive'];

  function calendarOf(box: Mailbox, calendarId: string) {
    const cal =
      calendarId === 'primary'
        ? box.calendars.find((c) => c.primary)
        : box.calendars.find((c) => c.id === calendarId);
    if (!cal) throw new ApiFailure(404, 'notFound', 'Not Found');
    return cal;
  }

  const eventJson = (e: FakeEvent) => ({
    kind: 'calendar#event',
    id: e.id,
    status: e.status,
    htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${e.id} ${e.calendarId}`).toString('base64url')}`,
    summary: e.summary,
    ...(e.description ? { description: e.description } : {}),
    ...(e.location ? { location: e.location } : {}),
    start: e.start,
    end: e.end,
  });

  const when = (t: { dateTime?: string; date?: string }) => Date.parse(t.dateTime ?? `${t.date}T00:00:00Z`);

  function fileJson(f: FakeDriveFile, fields: string | null) {
    const all: Record<string, unknown> = {
      kind: 'drive#file',
      id: f.id,
      name: f.name,
      mimeType: f.mimeType,
      parents: f.parents,
      modifiedTime: f.modifiedTime,
      webViewLink: `https://drive.google.com/file/d/${f.id}/view?usp=drivesdk`,
      ...(f.content ? { size: String(f.content.length) } : {}),
    };
    if (!fields) return { kind: all.kind, id: f.id, name: f.name, mimeType: f.mimeType };
    const wanted = new Set(
      fields
        .replace(/^files\(|\)$/g, '')
        .split(',')
        .map((s) => s.trim()),
    );
    return Object.fromEntries(Object.entries(all).filter(([k]) => wanted.has(k)));
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number | null> {
    const method = req.method ?? 'GET';
    const p = url.pathname;
    const q = url.searchParams;
    const events = /^\/calendar\/v3\/calendars\/([^/]+)\/events$/.exec(p);
    const label = /^\/gmail\/v1\/users\/me\/labels\/([^/]+)$/.exec(p);
    const message = /^\/gmail\/v1\/users\/me\/messages\/([^/]+)$/.exec(p);

    if (method === 'GET' && p === '/calendar/v3/users/me/calendarList') {
      const box = mailbox(authorized(req, calendarScopes).sub);
      return send(res, 200, {
        kind: 'calendar#calendarList',
        items: box.calendars.map((c) => ({
          kind: 'calendar#calendarListEntry',
          id: c.id,
          summary: c.summary,
          accessRole: 'owner',
          ...(c.primary ? { primary: true } : {}),
        })),
      });
    }
    if (events) {
      const calendarId = decodeURIComponent(events[1]!);
      if (method === 'GET') {
        const box = mailbox(authorized(req, calendarScopes).sub);
        const cal = calendarOf(box, calendarId);
        if (q.get('orderBy') === 'startTime' && q.get('singleEvents') !== 'true')
          throw new ApiFailure(
            400,
            'invalid',
            'The requested ordering is not available for the particular query.',
          );
        const min = q.get('timeMin') ? Date.parse(q.get('timeMin')!) : Number.NEGATIVE_INFINITY;
        const max = q.get('timeMax') ? Date.parse(q.get('timeMax')!) : Number.POSITIVE_INFINITY;
        let items = box.events.filter(
          (e) =>
            e.calendarId === cal.id && e.status === 'confirmed' && when(e.end) > min && when(e.start) < max,
        );
        if (q.get('orderBy') === 'startTime') items = items.sort((a, b) => when(a.start) - when(b.start));
        items = items.slice(0, Number(q.get('maxResults') ?? 250));
        return send(res, 200, { kind: 'calendar#events', summary: cal.summary, items: items.map(eventJson) });
      }
      if (method === 'POST') {
        const box = mailbox(authorized(req, calendarWrite).sub);
        const cal = calendarOf(box, calendarId);
        const body = parseJson(await readBody(req)) as Partial<FakeEvent>;
        if (!body.start || !body.end) throw new ApiFailure(400, 'required', 'Missing end time.');
        if (when(body.end) < when(body.start))
          throw new ApiFailure(400, 'timeRangeEmpty', 'The specified time range is empty.');
        const event: FakeEvent = {
          id: id(13),
          calendarId: cal.id,
          summary: body.summary ?? '',
          description: body.description,
          location: body.location,
          start: body.start,
          end: body.end,
          status: 'confirmed',
        };
        box.events.push(event);
        return send(res, 200, eventJson(event));
      }
    }
    if (method === 'GET' && label) {
      const box = mailbox(authorized(req, gmailRead).sub);
      const labelId = decodeURIComponent(label[1]!);
      const withLabel = box.messages.filter((msg) => msg.labelIds.includes(labelId));
      const unread = withLabel.filter((msg) => msg.labelIds.includes('UNREAD'));
      return send(res, 200, {
        id: labelId,
        name: labelId,
        type: 'system',
        messagesTotal: withLabel.length,
        messagesUnread: unread.length,
        threadsTotal: withLabel.length,
        threadsUnread: unread.length,
      });
    }
    if (method === 'GET' && p === '/gmail/v1/users/me/messages') {
      const box = mailbox(authorized(req, gmailRead).sub);
      const labels = q.getAll('labelIds');
      const matching = box.messages
        .filter((msg) => labels.every((l) => msg.labelIds.includes(l)))
        .sort((a, b) => b.date.getTime() - a.date.getTime());
      const page = matching.slice(0, Number(q.get('maxResults') ?? 100));
      return send(res, 200, {
        messages: page.map((msg) => ({ id: msg.id, threadId: msg.threadId })),
        resultSizeEstimate: matching.length,
      });
    }
    if (method === 'GET' && message) {
      const box = mailbox(authorized(req, gmailRead).sub);
      const msg = box.messages.find((x) => x.id === message[1]);
      if (!msg) throw new ApiFailure(404, 'notFound', 'Requested entity was not found.');
      const all = [
        { name: 'From', value: msg.from },
        { name: 'To', value: msg.to },
        { name: 'Subject', value: msg.subject },
        { name: 'Date', value: msg.date.toUTCString() },
      ];
      const wanted = q.getAll('metadataHeaders').map((h) => h.toLowerCase());
      const headers = wanted.length ? all.filter((h) => wanted.includes(h.name.toLowerCase())) : all;
      return send(res, 200, {
        id: msg.id,
        threadId: msg.threadId,
        labelIds: msg.labelIds,
        snippet: msg.snippet,
        internalDate: String(msg.date.getTime()),
        sizeEstimate: 1024,
        payload: { mimeType: 'text/plain', headers },
      });
    }
    if (method === 'POST' && p === '/gmail/v1/users/me/messages/send') {
      const box = mailbox(authorized(req, gmailSend).sub);
      const body = parseJson(await readBody(req));
      if (typeof body.raw !== 'string' || !body.raw)
        throw new ApiFailure(
          400,
          'invalidArgument',
          "'raw' RFC822 payload message string or uploading message via /upload/* URL required",
        );
      const parsed = parseRfc2822(body.raw);
      if (!parsed.headers.to) throw new ApiFailure(400, 'invalidArgument', 'Invalid To header');
      const sent = { id: id(8), raw: body.raw, headers: parsed.headers, body: parsed.body };
      box.sent.push(sent);
      return send(res, 200, { id: sent.id, threadId: sent.id, labelIds: ['SENT'] });
    }
    if (method === 'GET' && p === '/drive/v3/files') {
      const box = mailbox(authorized(req, [...driveRead, ...driveWrite]).sub);
      const parent = /'([^']+)' in parents/.exec(q.get('q') ?? '')?.[1];
      const files = box.files
        .filter((f) => !parent || f.parents.includes(parent))
        .sort(
          (a, b) =>
            Number(b.mimeType === folderMime) - Number(a.mimeType === folderMime) ||
            a.name.localeCompare(b.name),
        );
      return send(res, 200, {
        kind: 'drive#fileList',
        incompleteSearch: false,
        files: files.slice(0, Number(q.get('pageSize') ?? 100)).map((f) => fileJson(f, q.get('fields'))),
      });
    }
    if (method === 'POST' && p === '/upload/drive/v3/files') {
      const box = mailbox(authorized(req, driveWrite).sub);
      if (q.get('uploadType') !== 'multipart')
        throw new ApiFailure(400, 'badRequest', 'Unsupported upload type.');
      const boundary = /boundary=("?)([^";]+)\1/.exec(String(req.headers['content-type'] ?? ''))?.[2];
      if (!boundary) throw new ApiFailure(400, 'badContent', 'Multipart body without a boundary.');
      const parts = multipartParts(await readBody(req), boundary);
      if (parts.length !== 2)
        throw new ApiFailure(400, 'badContent', 'A multipart upload has metadata and media.');
      const meta = parseJson(parts[0]!.body) as { name?: string; parents?: string[]; mimeType?: string };
      const file: FakeDriveFile = {
        id: id(16),
        name: meta.name ?? 'Untitled',
        mimeType: meta.mimeType ?? parts[1]!.headers['content-type'] ?? 'application/octet-stream',
        parents: meta.parents ?? ['root'],
        content: parts[1]!.body,
        modifiedTime: new Date().toISOString(),
      };
      box.files.push(file);
      return send(res, 200, fileJson(file, q.get('fields')));
    }
    return null;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://google.invalid');
    const record: FakeGoogleRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      status: 0,
      reason: null,
    };
    requests.push(record);
    (async () => {
      try {
        const handled = (await oauth.route(req, res, url)) ?? (await api(req, res, url));
        record.status =
          handled ??
          send(res, 404, { error: { code: 404, message: 'Not Found', errors: [], status: 'NOT_FOUND' } });
      } catch (error) {
        if (!(error instanceof ApiFailure)) throw error;
        record.status = error.status;
        record.reason = error.reason;
        send(
          res,
          error.status,
          {
            error: {
              code: error.status,
              message: error.message,
              errors: [{ message: error.message, domain: error.domain, reason: error.reason }],
              status: statusNames[error.status] ?? 'UNKNOWN',
            },
          },
          error.status === 401 ? { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' } : {},
        );
      }
    })().catch((e: unknown) => {
      console.error('fake google workspace:', e);
      record.status = 500;
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    oauth: oauth.api,
    /** Every request received, in order. */
    requests,
    addAccount: (a: { name: string; email?: string }): GoogleAccount => oauth.api.addAccount(a),
    addCalendar(sub: string, summary: string): FakeCalendar {
      const cal = { id: `${id(10)}@group.calendar.google.com`, summary, primary: false };
      mailbox(sub).calendars.push(cal);
      return cal;
    },
    /** An event on the primary calendar (or `calendarId`); timed unless `allDay`. */
    addEvent(
      sub: string,
      e: { summary: string; start: Date; end?: Date; calendarId?: string; location?: string },
    ) {
      const box = mailbox(sub);
      const cal = e.calendarId ? calendarOf(box, e.calendarId) : box.calendars[0]!;
      const end = e.end ?? new Date(e.start.getTime() + 3_600_000);
      const event: FakeEvent = {
        id: id(13),
        calendarId: cal.id,
        summary: e.summary,
        location: e.location,
        start: { dateTime: e.start.toISOString() },
        end: { dateTime: end.toISOString() },
        status: 'confirmed',
      };
      box.events.push(event);
      return event;
    },
    events: (sub: string) => [...mailbox(sub).events],
    /** A message in the inbox; unread unless `read`. */
    addMessage(
      sub: string,
      msg: { from: string; subject: string; snippet?: string; date?: Date; read?: boolean },
    ) {
      const message: FakeMessage = {
        id: id(8),
        threadId: id(8),
        from: msg.from,
        to: oauth.accounts.get(sub)?.email ?? '',
        subject: msg.subject,
        snippet: msg.snippet ?? '',
        date: msg.date ?? new Date(),
        labelIds: ['INBOX', ...(msg.read ? [] : ['UNREAD'])],
      };
      mailbox(sub).messages.push(message);
      return message;
    },
    /** Messages sent through messages.send, oldest first. */
    sent: (sub: string) => [...mailbox(sub).sent],
    addFolder(sub: string, name: string, parent = 'root'): FakeDriveFile {
      const folder = {
        id: id(16),
        name,
        mimeType: folderMime,
        parents: [parent],
        content: null,
        modifiedTime: new Date().toISOString(),
      };
      mailbox(sub).files.push(folder);
      return folder;
    },
    addFile(sub: string, name: string, content: string, parent = 'root'): FakeDriveFile {
      const file = {
        id: id(16),
        name,
        mimeType: 'text/plain',
        parents: [parent],
        content: Buffer.from(content),
        modifiedTime: new Date().toISOString(),
      };
      mailbox(sub).files.push(file);
      return file;
    },
    files: (sub: string) => [...mailbox(sub).files],
    /** The next `count` API calls (not OAuth) fail: 429 rateLimitExceeded or 403 quotaExceeded. */
    failNext(count: number, kind: 'rateLimit' | 'quota') {
      forced = count > 0 ? { remaining: count, kind } : null;
    },
    /** The user removes the app's access: API calls answer 401 and refreshing answers invalid_grant. */
    revoke: (sub: string) => oauth.api.revoke(sub),
    /** Every access token issued so far expires now (refresh tokens keep working). */
    expireAccessTokens() {
      for (const grant of oauth.api.grants()) oauth.api.expire(grant.accessToken);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeGoogleWorkspace = Awaited<ReturnType<typeof startFakeGoogleWorkspace>>;
