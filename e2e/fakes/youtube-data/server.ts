/**
 * A fake of Google's APIs the stream bot and go-live use, written from Google's references. One
 * server answers for all three Google base URLs (GOOGLE_AUTH_BASE_URL, GOOGLE_TOKEN_BASE_URL and
 * GOOGLE_API_BASE_URL / the runners' youtube.baseUrl):
 * - YouTube Data API v3: videos.list (1 unit), channels.list (1), liveBroadcasts.list (1, OAuth),
 *   liveChatMessages.list (5), insert (50, OAuth) and delete (50, OAuth), liveChatBans.insert and
 *   delete (50 each, OAuth; the chat owner's token), with Google's error envelope, only the
 *   requested parts, and one daily quota for the project (its API key and its OAuth client's
 *   tokens) that answers 403 quotaExceeded once spent;
 * - Google OAuth 2.0 (see ../google-oauth/oauth.ts): /o/oauth2/v2/auth, /token, /revoke,
 *   /oauth2/v3/certs, /oauth2/v3/userinfo.
 *
 *   const yt = await startFakeYoutubeData();
 *   yt.live('abc123', { title: 'Speedrun' });   // GOOGLE_API_BASE_URL=yt.url, YOUTUBE_API_KEY=yt.apiKey
 *   const ada = yt.addChannel({ title: 'Ada Plays' });     // a Google account with a YouTube channel
 *   yt.oauth.approveAs(ada.sub);                           // the next /o/oauth2/v2/auth signs in as ada
 *   const b = yt.startBroadcast(ada.id);
 *   yt.chat.say(b.liveChatId, { author: { displayName: 'viewer' }, text: 'hi' });
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGoogleOAuth, type GoogleGrant } from '../google-oauth/oauth';
import { type ChatAuthor, createLiveChat, etag } from './live-chat';

export type { GoogleAccount, GoogleGrant } from '../google-oauth/oauth';
export type { ChatAuthor, FakeBroadcast, FakeYoutubeChannel, LiveChatMessage } from './live-chat';

export type FakeYoutubeVideo = {
  id: string;
  title: string;
  channelId: string;
  channelTitle: string;
  publishedAt: string;
  /** Set while the video is (or was) a live broadcast. */
  live: {
    scheduledStartTime?: string;
    actualStartTime?: string;
    actualEndTime?: string;
    /** YouTube drops the count once the broadcast ends. */
    concurrentViewers?: number;
    activeLiveChatId?: string;
  } | null;
};

export type FakeYoutubeRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  reason: string | null;
  /** Quota units the call cost (0 when refused before counting). */
  units: number;
};

/** A liveChatBan as the fake keeps it. */
export type FakeYoutubeBan = {
  id: string;
  liveChatId: string;
  type: 'permanent' | 'temporary';
  banDurationSeconds: number | null;
  channelId: string;
  at: number;
};

/** Moderation the API accepted, oldest first. */
export type FakeYoutubeModeration =
  | { kind: 'ban'; ban: FakeYoutubeBan }
  | { kind: 'unban'; ban: FakeYoutubeBan; at: number }
  | { kind: 'delete'; liveChatId: string; messageId: string; at: number };

export type FakeYoutubeOptions = {
  apiKey?: string;
  /** Daily quota in units (default 10,000, as Google grants a new project). */
  quota?: number;
  clientId?: string;
  clientSecret?: string;
  /** pollingIntervalMillis of live chat list answers (default 1000). */
  pollingIntervalMillis?: number;
};

const YT_SCOPE = 'https://www.googleapis.com/auth/youtube';

const parts = new Set([
  'contentDetails',
  'fileDetails',
  'id',
  'liveStreamingDetails',
  'localizations',
  'player',
  'processingDetails',
  'recordingDetails',
  'snippet',
  'statistics',
  'status',
  'suggestions',
  'topicDetails',
]);

export async function startFakeYoutubeData(options: FakeYoutubeOptions = {}) {
  const apiKey = options.apiKey ?? `AIza${randomBytes(26).toString('base64url').slice(0, 35)}`;
  let quota = options.quota ?? 10_000;
  const videos = new Map<string, FakeYoutubeVideo>();
  const requests: FakeYoutubeRequest[] = [];
  const usedBy = new Map<string, number>();
  let used = 0;
  let pollingIntervalMillis = options.pollingIntervalMillis ?? 1000;
  const google = createGoogleOAuth({
    ...(options.clientId ? { clientId: options.clientId } : {}),
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
  });
  const live = createLiveChat();

  function error(
    res: ServerResponse,
    record: FakeYoutubeRequest,
    code: number,
    message: string,
    detail: { domain: string; reason: string; location?: string; locationType?: string },
    extra: Record<string, unknown> = {},
  ) {
    record.status = code;
    record.reason = detail.reason;
    const body = { error: { code, message, errors: [{ message, ...detail }], ...extra } };
    res.writeHead(code, { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin' });
    res.end(JSON.stringify(body));
  }

  function resource(video: FakeYoutubeVideo, wanted: Set<string>) {
    const item: Record<string, unknown> = { kind: 'youtube#video', etag: etag(), id: video.id };
    if (wanted.has('snippet')) {
      const live = video.live;
      const broadcast = !live
        ? 'none'
        : live.actualEndTime
          ? 'none'
          : live.actualStartTime
            ? 'live'
            : 'upcoming';
      const thumb = (name: string, width: number, height: number) => ({
        url: `https://i.ytimg.com/vi/${video.id}/${name}${broadcast === 'live' ? '_live' : ''}.jpg`,
        width,
        height,
      });
      item.snippet = {
        publishedAt: video.publishedAt,
        channelId: video.channelId,
        title: video.title,
        description: '',
        thumbnails: {
          default: thumb('default', 120, 90),
          medium: thumb('mqdefault', 320, 180),
          high: thumb('hqdefault', 480, 360),
        },
        channelTitle: video.channelTitle,
        categoryId: '20',
        liveBroadcastContent: broadcast,
        localized: { title: video.title, description: '' },
      };
    }
    if (wanted.has('liveStreamingDetails') && video.live) {
      const { concurrentViewers, ...times } = video.live;
      item.liveStreamingDetails = {
        ...times,
        // The API sends the count as a string, and only while the broadcast is live.
        ...(concurrentViewers !== undefined && times.actualStartTime && !times.actualEndTime
          ? { concurrentViewers: String(concurrentViewers) }
          : {}),
      };
    }
    return item;
  }

  function videosList(req: IncomingMessage, res: ServerResponse, url: URL, record: FakeYoutubeRequest) {
    const caller = identify(req, url, res, record);
    if (!caller) return;
    const part = url.searchParams.get('part');
    if (!part)
      return error(res, record, 400, 'Required parameter: part', {
        domain: 'global',
        reason: 'required',
        location: 'part',
        locationType: 'parameter',
      });
    const wanted = new Set(part.split(',').map((p) => p.trim()));
    for (const p of wanted)
      if (!parts.has(p))
        return error(res, record, 400, `'${p}'`, {
          domain: 'youtube.part',
          reason: 'unknownPart',
          location: 'part',
          locationType: 'parameter',
        });
    const ids = url.searchParams.getAll('id').flatMap((v) => v.split(',').filter(Boolean));
    if (ids.length === 0 && !url.searchParams.has('chart') && !url.searchParams.has('myRating'))
      return error(res, record, 400, 'No filter selected. Expected one of: myRating, id, chart', {
        domain: 'youtube.parameter',
        reason: 'missingRequiredParameter',
        location: 'parameters.',
        locationType: 'other',
      });
    if (!charge(res, record, caller.id, 1)) return;
    const items = ids.flatMap((id) => {
      const video = videos.get(id);
      return video ? [resource(video, wanted)] : [];
    });
    record.status = 200;
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin' });
    res.end(
      JSON.stringify({
        kind: 'youtube#videoListResponse',
        etag: etag(),
        items,
        pageInfo: { totalResults: items.length, resultsPerPage: items.length },
      }),
    );
  }

  /** Who is calling: the API key or an OAuth grant; answers Google's error and null when neither is good. */
  function identify(
    req: IncomingMessage,
    url: URL,
    res: ServerResponse,
    record: FakeYoutubeRequest,
    o: { oauthOnly?: boolean } = {},
  ): { id: string; grant: GoogleGrant | null } | null {
    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? null;
    const key = url.searchParams.get('key');
    if (bearer) {
      const grant = google.grantFor(bearer);
      if (!grant) {
        error(
          res,
          record,
          401,
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
          { domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' },
          { status: 'UNAUTHENTICATED' },
        );
        return null;
      }
      return { id: `oauth:${grant.sub}`, grant };
    }
    if (o.oauthOnly) {
      error(
        res,
        record,
        401,
        'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        { domain: 'global', reason: 'required', location: 'Authorization', locationType: 'header' },
        { status: 'UNAUTHENTICATED' },
      );
      return null;
    }
    if (!key && !header) {
      error(
        res,
        record,
        403,
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        { domain: 'global', reason: 'forbidden' },
        { status: 'PERMISSION_DENIED' },
      );
      return null;
    }
    if (key !== apiKey) {
      error(
        res,
        record,
        400,
        'API key not valid. Please pass a valid API key.',
        { domain: 'global', reason: 'badRequest' },
        {
          status: 'INVALID_ARGUMENT',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'API_KEY_INVALID',
              domain: 'googleapis.com',
              metadata: { service: 'youtube.googleapis.com' },
            },
          ],
        },
      );
      return null;
    }
    return { id: `key:${key}`, grant: null };
  }

  /**
   * Every credential of the project (its API key, tokens of its OAuth client) draws on one daily
   * quota, as YouTube counts it; usage is also kept per caller for assertions.
   */
  function charge(res: ServerResponse, record: FakeYoutubeRequest, caller: string, units: number) {
    if (quota < units) {
      error(
        res,
        record,
        403,
        'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
        { domain: 'youtube.quota', reason: 'quotaExceeded' },
      );
      return false;
    }
    quota -= units;
    used += units;
    usedBy.set(caller, (usedBy.get(caller) ?? 0) + units);
    record.units = units;
    return true;
  }

  const readScopes = [YT_SCOPE, `${YT_SCOPE}.readonly`, `${YT_SCOPE}.force-ssl`];
  const writeScopes = [YT_SCOPE, `${YT_SCOPE}.force-ssl`];

  function scoped(
    res: ServerResponse,
    record: FakeYoutubeRequest,
    grant: GoogleGrant | null,
    allowed: string[],
  ) {
    if (!grant || grant.scopes.some((s) => allowed.includes(s))) return true;
    error(
      res,
      record,
      403,
      'Request had insufficient authentication scopes.',
      { domain: 'global', reason: 'insufficientPermissions' },
      { status: 'PERMISSION_DENIED' },
    );
    return false;
  }

  function requirePart(res: ServerResponse, record: FakeYoutubeRequest, url: URL, known: string[]) {
    const part = url.searchParams.get('part');
    if (!part) {
      error(res, record, 400, 'Required parameter: part', {
        domain: 'global',
        reason: 'required',
        location: 'part',
        locationType: 'parameter',
      });
      return null;
    }
    const wanted = new Set(part.split(',').map((p) => p.trim()));
    for (const p of wanted)
      if (!known.includes(p)) {
        error(res, record, 400, `'${p}'`, {
          domain: 'youtube.part',
          reason: 'unknownPart',
          location: 'part',
          locationType: 'parameter',
        });
        return null;
      }
    return wanted;
  }

  function ok(res: ServerResponse, record: FakeYoutubeRequest, body: unknown) {
    record.status = 200;
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin' });
    res.end(JSON.stringify(body));
  }

  function channelsList(req: IncomingMessage, res: ServerResponse, url: URL, record: FakeYoutubeRequest) {
    const caller = identify(req, url, res, record);
    if (!caller) return;
    const wanted = requirePart(res, record, url, [
      'id',
      'snippet',
      'contentDetails',
      'statistics',
      'status',
      'brandingSettings',
    ]);
    if (!wanted) return;
    const mine = url.searchParams.get('mine') === 'true';
    const ids = url.searchParams.getAll('id').flatMap((v) => v.split(',').filter(Boolean));
    // forHandle takes the handle with or without its leading @, case-insensitively.
    const handle = url.searchParams.get('forHandle')?.replace(/^@/, '').toLowerCase() ?? null;
    if (mine && !caller.grant) {
      identify(req, url, res, record, { oauthOnly: true });
      return;
    }
    if (!scoped(res, record, caller.grant, readScopes)) return;
    if (!charge(res, record, caller.id, 1)) return;
    const found = [...live.channels.values()].filter((c) =>
      mine
        ? c.sub === caller.grant!.sub
        : handle !== null
          ? c.customUrl.replace(/^@/, '').toLowerCase() === handle
          : ids.includes(c.id),
    );
    const items = found.map((c) => ({
      kind: 'youtube#channel',
      etag: etag(),
      id: c.id,
      ...(wanted.has('snippet')
        ? {
            snippet: {
              title: c.title,
              description: '',
              customUrl: c.customUrl,
              publishedAt: c.publishedAt,
              thumbnails: {
                default: {
                  url: `https://yt3.ggpht.com/${c.id}=s88-c-k-c0x00ffffff-no-rj`,
                  width: 88,
                  height: 88,
                },
              },
              localized: { title: c.title, description: '' },
            },
          }
        : {}),
    }));
    ok(res, record, {
      kind: 'youtube#channelListResponse',
      etag: etag(),
      pageInfo: { totalResults: items.length, resultsPerPage: 5 },
      items,
    });
  }

  function broadcastsList(req: IncomingMessage, res: ServerResponse, url: URL, record: FakeYoutubeRequest) {
    const caller = identify(req, url, res, record, { oauthOnly: true });
    if (!caller) return;
    const wanted = requirePart(res, record, url, [
      'id',
      'snippet',
      'contentDetails',
      'monetizationDetails',
      'status',
    ]);
    if (!wanted) return;
    const q = url.searchParams;
    const filters = ['mine', 'id', 'broadcastStatus'].filter((f) => q.has(f));
    if (filters.length !== 1) {
      error(res, record, 400, 'Incompatible parameters specified in the request: mine, id, broadcastStatus', {
        domain: 'youtube.parameter',
        reason: 'incompatibleParameters',
        location: 'parameters.',
        locationType: 'other',
      });
      return;
    }
    const status = q.get('broadcastStatus');
    if (status && !['active', 'all', 'completed', 'upcoming'].includes(status)) {
      error(res, record, 400, `Invalid value for broadcastStatus: ${status}`, {
        domain: 'global',
        reason: 'invalidParameter',
        location: 'broadcastStatus',
        locationType: 'parameter',
      });
      return;
    }
    if (!scoped(res, record, caller.grant, readScopes)) return;
    if (!charge(res, record, caller.id, 1)) return;
    const own = new Set(
      [...live.channels.values()].filter((c) => c.sub === caller.grant!.sub).map((c) => c.id),
    );
    const ids = q.getAll('id').flatMap((v) => v.split(',').filter(Boolean));
    const found = [...live.broadcasts.values()].filter((b) => {
      if (q.has('id')) return ids.includes(b.id);
      if (!own.has(b.channelId)) return false;
      if (status === 'active') return !b.endedAt;
      if (status === 'completed') return !!b.endedAt;
      if (status === 'upcoming') return false;
      return true;
    });
    const items = found.map((b) => ({
      kind: 'youtube#liveBroadcast',
      etag: etag(),
      id: b.id,
      ...(wanted.has('snippet')
        ? {
            snippet: {
              publishedAt: b.startedAt,
              channelId: b.channelId,
              title: b.title,
              description: '',
              thumbnails: {
                default: { url: `https://i.ytimg.com/vi/${b.id}/default_live.jpg`, width: 120, height: 90 },
              },
              scheduledStartTime: b.startedAt,
              actualStartTime: b.startedAt,
              ...(b.endedAt ? { actualEndTime: b.endedAt } : { liveChatId: b.liveChatId }),
              isDefaultBroadcast: false,
            },
          }
        : {}),
      ...(wanted.has('status')
        ? {
            status: {
              lifeCycleStatus: b.endedAt ? 'complete' : 'live',
              privacyStatus: 'public',
              recordingStatus: b.endedAt ? 'recorded' : 'recording',
              madeForKids: false,
              selfDeclaredMadeForKids: false,
            },
          }
        : {}),
    }));
    ok(res, record, {
      kind: 'youtube#liveBroadcastListResponse',
      etag: etag(),
      pageInfo: { totalResults: items.length, resultsPerPage: 5 },
      items,
    });
  }

  function chatMissing(res: ServerResponse, record: FakeYoutubeRequest) {
    error(
      res,
      record,
      404,
      'The live chat that you are trying to retrieve cannot be found. Check the value of the requests <code>liveChatId</code> parameter to ensure that it is correct.',
      {
        domain: 'youtube.liveChat',
        reason: 'liveChatNotFound',
      },
    );
  }

  function chatEnded(res: ServerResponse, record: FakeYoutubeRequest) {
    error(res, record, 403, 'The live chat is no longer live.', {
      domain: 'youtube.liveChat',
      reason: 'liveChatEnded',
    });
  }

  /** Page tokens are opaque to clients; here they carry the index of the next message. */
  const pageToken = (index: number) => Buffer.from(`p:${index}`).toString('base64url');
  const pageIndex = (token: string) => {
    const m = /^p:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    return m ? Number(m[1]) : null;
  };

  function chatList(req: IncomingMessage, res: ServerResponse, url: URL, record: FakeYoutubeRequest) {
    const caller = identify(req, url, res, record);
    if (!caller) return;
    const wanted = requirePart(res, record, url, ['id', 'snippet', 'authorDetails']);
    if (!wanted) return;
    const liveChatId = url.searchParams.get('liveChatId');
    if (!liveChatId) {
      error(res, record, 400, 'Required parameter: liveChatId', {
        domain: 'global',
        reason: 'required',
        location: 'liveChatId',
        locationType: 'parameter',
      });
      return;
    }
    if (!scoped(res, record, caller.grant, readScopes)) return;
    const messages = live.chats.get(liveChatId);
    const broadcast = live.broadcastByChat(liveChatId);
    if (!messages || !broadcast) return chatMissing(res, record);
    if (broadcast.endedAt && live.offlineSeen.has(liveChatId)) return chatEnded(res, record);
    const token = url.searchParams.get('pageToken');
    const start = token === null ? null : pageIndex(token);
    if (token !== null && start === null) {
      error(res, record, 400, 'The page token is not valid.', {
        domain: 'youtube.liveChat',
        reason: 'pageTokenInvalid',
        location: 'pageToken',
        locationType: 'parameter',
      });
      return;
    }
    const max = Math.min(2000, Math.max(200, Number(url.searchParams.get('maxResults') ?? 500) || 500));
    if (!charge(res, record, caller.id, 5)) return;
    // The first call returns recent history; later calls continue from the token, oldest first.
    const from = start ?? Math.max(0, messages.length - max);
    const page = messages.slice(from, from + max);
    const next = from + page.length;
    const items = page
      .filter((m) => !deletedMessages.has(m.id))
      .map((m) => ({
        kind: m.kind,
        etag: m.etag,
        id: m.id,
        ...(wanted.has('snippet') ? { snippet: m.snippet } : {}),
        ...(wanted.has('authorDetails') ? { authorDetails: m.authorDetails } : {}),
      }));
    if (broadcast.endedAt) live.offlineSeen.add(liveChatId);
    ok(res, record, {
      kind: 'youtube#liveChatMessageListResponse',
      etag: etag(),
      pollingIntervalMillis,
      ...(broadcast.endedAt ? { offlineAt: broadcast.endedAt } : {}),
      pageInfo: { totalResults: messages.length - from, resultsPerPage: page.length },
      nextPageToken: pageToken(next),
      items,
    });
  }

  async function chatInsert(req: IncomingMessage, res: ServerResponse, url: URL, record: FakeYoutubeRequest) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const caller = identify(req, url, res, record, { oauthOnly: true });
    if (!caller) return;
    if (!requirePart(res, record, url, ['id', 'snippet', 'authorDetails'])) return;
    if (!scoped(res, record, caller.grant, writeScopes)) return;
    let body: {
      snippet?: { liveChatId?: unknown; type?: unknown; textMessageDetails?: { messageText?: unknown } };
    };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      error(res, record, 400, 'Invalid JSON payload received.', { domain: 'global', reason: 'parseError' });
      return;
    }
    const snippet = body.snippet ?? {};
    const required = (field: string) =>
      error(res, record, 400, `Required field: ${field}`, {
        domain: 'youtube.liveChat',
        reason: 'required',
        location: field,
        locationType: 'other',
      });
    if (typeof snippet.liveChatId !== 'string') return required('snippet.liveChatId');
    if (snippet.type !== 'textMessageEvent') return required('snippet.type');
    const text = snippet.textMessageDetails?.messageText;
    if (typeof text !== 'string' || text.trim() === '')
      return required('snippet.textMessageDetails.messageText');
    if ([...text].length > 200) {
      error(res, record, 400, 'The message text is too long.', {
        domain: 'youtube.liveChat',
        reason: 'messageTooLong',
      });
      return;
    }
    const broadcast = live.broadcastByChat(snippet.liveChatId);
    if (!broadcast) return chatMissing(res, record);
    if (broadcast.endedAt) return chatEnded(res, record);
    if (!charge(res, record, caller.id, 50)) return;
    const own = [...live.channels.values()].find((c) => c.sub === caller.grant!.sub);
    const account = google.accounts.get(caller.grant!.sub)!;
    // The bot's own message shows up in later list calls too, as it does on YouTube.
    const message = live.push(
      snippet.liveChatId,
      { displayName: own?.title ?? account.name, ...(own ? { channelId: own.id } : {}) },
      'textMessageEvent',
      text,
      { textMessageDetails: { messageText: text } },
    );
    live.inserted.push({
      liveChatId: snippet.liveChatId,
      text,
      authorChannelId: message.authorDetails.channelId,
      id: message.id,
    });
    ok(res, record, { kind: message.kind, etag: message.etag, id: message.id, snippet: message.snippet });
  }

  const bans = new Map<string, FakeYoutubeBan>();
  const deletedMessages = new Set<string>();
  const moderation: FakeYoutubeModeration[] = [];

  async function jsonBody(req: IncomingMessage) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      return {
        ok: true as const,
        value: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown,
      };
    } catch {
      return { ok: false as const };
    }
  }

  // Moderation must be authorized by the chat's owner (moderators are not modelled here).
  function ownsChat(res: ServerResponse, record: FakeYoutubeRequest, grant: GoogleGrant, liveChatId: string) {
    const broadcast = live.broadcastByChat(liveChatId);
    const owner = broadcast ? live.channels.get(broadcast.channelId) : undefined;
    if (owner?.sub === grant.sub) return true;
    error(res, record, 403, "You don't have the permissions required to moderate this live chat.", {
      domain: 'youtube.liveChat',
      reason: 'forbidden',
    });
    return false;
  }

  function banResource(ban: FakeYoutubeBan) {
    const user = author(ban.channelId);
    return {
      kind: 'youtube#liveChatBan',
      etag: etag(),
      id: ban.id,
      snippet: {
        liveChatId: ban.liveChatId,
        type: ban.type,
        ...(ban.banDurationSeconds === null ? {} : { banDurationSeconds: String(ban.banDurationSeconds) }),
        bannedUserDetails: user,
      },
    };
  }

  function author(channelId: string) {
    const known = live.channels.get(channelId);
    return {
      channelId,
      channelUrl: `http://www.youtube.com/channel/${channelId}`,
      displayName: known?.title ?? channelId,
      profileImageUrl: `https://yt4.ggpht.com/${channelId}/s88-c-k-c0x00ffffff-no-rj`,
    };
  }

  async function banInsert(req: IncomingMessage, res: ServerResponse, url: URL, record: FakeYoutubeRequest) {
    const body = await jsonBody(req);
    const caller = identify(req, url, res, record, { oauthOnly: true });
    if (!caller) return;
    if (!requirePart(res, record, url, ['id', 'snippet'])) return;
    if (!scoped(res, record, caller.grant, writeScopes)) return;
    if (!body.ok) {
      error(res, record, 400, 'Invalid JSON payload received.', { domain: 'global', reason: 'parseError' });
      return;
    }
    const snippet = ((body.value as { snippet?: unknown }).snippet ?? {}) as {
      liveChatId?: unknown;
      type?: unknown;
      banDurationSeconds?: unknown;
      bannedUserDetails?: { channelId?: unknown };
    };
    const required = (field: string) =>
      error(res, record, 400, `Required field: ${field}`, {
        domain: 'youtube.liveChat',
        reason: 'required',
        location: field,
        locationType: 'other',
      });
    if (typeof snippet.liveChatId !== 'string') return required('snippet.liveChatId');
    if (snippet.type !== 'permanent' && snippet.type !== 'temporary') return required('snippet.type');
    const channelId = snippet.bannedUserDetails?.channelId;
    if (typeof channelId !== 'string' || !channelId) return required('snippet.bannedUserDetails.channelId');
    let duration: number | null = null;
    if (snippet.type === 'temporary') {
      duration = Number(snippet.banDurationSeconds ?? 300);
      if (!Number.isInteger(duration) || duration < 1 || duration > 86_400) {
        error(res, record, 400, 'The ban duration is not valid.', {
          domain: 'youtube.liveChat',
          reason: 'invalidValue',
        });
        return;
      }
    }
    const broadcast = live.broadcastByChat(snippet.liveChatId);
    if (!broadcast) return chatMissing(res, record);
    if (broadcast.endedAt) return chatEnded(res, record);
    if (!ownsChat(res, record, caller.grant!, snippet.liveChatId)) return;
    if (channelId === broadcast.channelId) {
      error(res, record, 400, 'The chat owner cannot be banned.', {
        domain: 'youtube.liveChat',
        reason: 'invalidValue',
      });
      return;
    }
    if (!charge(res, record, caller.id, 50)) return;
    const ban: FakeYoutubeBan = {
      id: `LCB.${randomBytes(24).toString('base64url')}`,
      liveChatId: snippet.liveChatId,
      type: snippet.type,
      banDurationSeconds: duration,
      channelId,
      at: Date.now(),
    };
    bans.set(ban.id, ban);
    moderation.push({ kind: 'ban', ban });
    ok(res, record, banResource(ban));
  }

  async function banDelete(req: IncomingMessage, res: ServerResponse, url: URL, record: FakeYoutubeRequest) {
    await jsonBody(req);
    const caller = identify(req, url, res, record, { oauthOnly: true });
    if (!caller) return;
    if (!scoped(res, record, caller.grant, writeScopes)) return;
    const id = url.searchParams.get('id');
    const ban = id ? bans.get(id) : undefined;
    if (!ban) {
      error(res, record, 404, 'The ban that you are trying to remove cannot be found.', {
        domain: 'youtube.liveChat',
        reason: 'liveChatBanNotFound',
      });
      return;
    }
    if (!ownsChat(res, record, caller.grant!, ban.liveChatId)) return;
    if (!charge(res, record, caller.id, 50)) return;
    bans.delete(ban.id);
    moderation.push({ kind: 'unban', ban, at: Date.now() });
    record.status = 204;
    res.writeHead(204).end();
  }

  async function messageDelete(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    record: FakeYoutubeRequest,
  ) {
    await jsonBody(req);
    const caller = identify(req, url, res, record, { oauthOnly: true });
    if (!caller) return;
    if (!scoped(res, record, caller.grant, writeScopes)) return;
    const id = url.searchParams.get('id') ?? '';
    const liveChatId = [...live.chats].find(([, list]) => list.some((m) => m.id === id))?.[0];
    if (!liveChatId || deletedMessages.has(id)) {
      error(res, record, 404, 'The message that you are trying to delete cannot be found.', {
        domain: 'youtube.liveChat',
        reason: 'liveChatMessageNotFound',
      });
      return;
    }
    if (!ownsChat(res, record, caller.grant!, liveChatId)) return;
    if (!charge(res, record, caller.id, 50)) return;
    deletedMessages.add(id);
    moderation.push({ kind: 'delete', liveChatId, messageId: id, at: Date.now() });
    record.status = 204;
    res.writeHead(204).end();
  }

  /** The user's ban or running timeout in a live chat. */
  function activeBan(liveChatId: string, channelId: string) {
    const now = Date.now();
    return (
      [...bans.values()].find(
        (b) =>
          b.liveChatId === liveChatId &&
          b.channelId === channelId &&
          (b.banDurationSeconds === null || b.at + b.banDurationSeconds * 1000 > now),
      ) ?? null
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL, record: FakeYoutubeRequest) {
    if ((await google.route(req, res, url)) !== null) {
      record.status = res.statusCode;
      return;
    }
    const route = `${req.method === 'HEAD' ? 'GET' : req.method} ${url.pathname}`;
    if (route === 'GET /youtube/v3/videos') return videosList(req, res, url, record);
    if (route === 'GET /youtube/v3/channels') return channelsList(req, res, url, record);
    if (route === 'GET /youtube/v3/liveBroadcasts') return broadcastsList(req, res, url, record);
    if (route === 'GET /youtube/v3/liveChat/messages') return chatList(req, res, url, record);
    if (route === 'POST /youtube/v3/liveChat/messages') return chatInsert(req, res, url, record);
    if (route === 'DELETE /youtube/v3/liveChat/messages') return messageDelete(req, res, url, record);
    if (route === 'POST /youtube/v3/liveChat/bans') return banInsert(req, res, url, record);
    if (route === 'DELETE /youtube/v3/liveChat/bans') return banDelete(req, res, url, record);
    record.status = 404;
    res.writeHead(404, { 'content-type': 'text/html; charset=UTF-8' });
    res.end('<!DOCTYPE html><title>Error 404 (Not Found)!!1</title>');
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://youtube.invalid');
    const query = Object.fromEntries(url.searchParams);
    const record: FakeYoutubeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      status: 0,
      reason: null,
      units: 0,
    };
    requests.push(record);
    handle(req, res, url, record).catch((e: unknown) => {
      console.error('fake youtube:', e);
      record.status = 500;
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function upsert(id: string, fields: Partial<Omit<FakeYoutubeVideo, 'id'>>) {
    const existing = videos.get(id);
    const video: FakeYoutubeVideo = {
      id,
      title: 'Live stream',
      channelId: `UC${randomBytes(16).toString('base64url').slice(0, 22)}`,
      channelTitle: 'Streamer',
      publishedAt: new Date().toISOString(),
      live: null,
      ...existing,
      ...fields,
    };
    videos.set(id, video);
    return video;
  }

  return {
    url,
    apiKey,
    videos,
    /** Every request received, in order. */
    requests,
    /** A broadcast that is live now (actualStartTime set, no actualEndTime). */
    live(id: string, o: { title?: string; channelTitle?: string; viewers?: number; startedAt?: Date } = {}) {
      return upsert(id, {
        ...(o.title ? { title: o.title } : {}),
        ...(o.channelTitle ? { channelTitle: o.channelTitle } : {}),
        live: {
          actualStartTime: (o.startedAt ?? new Date()).toISOString(),
          concurrentViewers: o.viewers ?? 1,
          activeLiveChatId: `Cg0KC${randomBytes(12).toString('base64url')}`,
        },
      });
    },
    /** The broadcast is over: actualEndTime set, live chat and viewer count gone. */
    end(id: string, endedAt = new Date()) {
      const video = videos.get(id) ?? upsert(id, {});
      const startedAt = video.live?.actualStartTime ?? new Date(endedAt.getTime() - 3_600_000).toISOString();
      return upsert(id, { live: { actualStartTime: startedAt, actualEndTime: endedAt.toISOString() } });
    },
    /** A scheduled broadcast that has not started. */
    upcoming(id: string, scheduledFor = new Date(Date.now() + 3_600_000)) {
      return upsert(id, { live: { scheduledStartTime: scheduledFor.toISOString() } });
    },
    /** An ordinary upload, never live. */
    upload(id: string, title = 'Upload') {
      return upsert(id, { title, live: null });
    },
    remove(id: string) {
      videos.delete(id);
    },
    /** Units left today; a call costing more than is left answers 403 quotaExceeded. */
    setQuota(units: number) {
      quota = units;
    },
    quota: () => quota,
    /** Units spent so far: by the whole project, or by one caller (its API key, or an OAuth account's `sub`). */
    quotaUsed(caller?: { key: string } | { sub: string }) {
      if (!caller) return used;
      return usedBy.get('key' in caller ? `key:${caller.key}` : `oauth:${caller.sub}`) ?? 0;
    },
    /** Google OAuth: clientId, clientSecret, addAccount, approveAs, denyNext, allowRedirect, issueToken, tokenLifetime, revoke(sub), expire, grants. */
    oauth: google.api,
    /** A Google account with a YouTube channel; `sub` is the account, `id` the channel (UC…). */
    addChannel(o: { title: string; customUrl?: string; email?: string; id?: string }) {
      const account = google.api.addAccount({ name: o.title, ...(o.email ? { email: o.email } : {}) });
      return live.addChannel(account.sub, o);
    },
    channels: live.channels,
    broadcasts: live.broadcasts,
    /** Starts a live broadcast with a live chat on the channel; videos.list sees it live too. */
    startBroadcast(channelId: string, o: { title?: string; videoId?: string; viewers?: number } = {}) {
      const b = live.startBroadcast(channelId, o);
      const c = live.channels.get(channelId)!;
      upsert(b.id, {
        title: b.title,
        channelId,
        channelTitle: c.title,
        live: {
          actualStartTime: b.startedAt,
          concurrentViewers: o.viewers ?? 1,
          activeLiveChatId: b.liveChatId,
        },
      });
      return b;
    },
    /** Changes a live video's concurrent viewers (videos.list liveStreamingDetails.concurrentViewers). */
    setViewers(videoId: string, viewers: number) {
      const video = videos.get(videoId);
      if (!video?.live?.actualStartTime || video.live.actualEndTime)
        throw new Error(`${videoId} is not live`);
      video.live.concurrentViewers = viewers;
      return video;
    },
    /** Ends the channel's live broadcasts: the next chat list carries offlineAt, later ones 403 liveChatEnded. */
    endBroadcast(channelId: string) {
      for (const b of live.endBroadcast(channelId))
        upsert(b.id, { live: { actualStartTime: b.startedAt, actualEndTime: b.endedAt! } });
    },
    setPollingInterval(ms: number) {
      pollingIntervalMillis = ms;
    },
    chat: {
      say: (liveChatId: string, o: { author: ChatAuthor; text: string }) => live.say(liveChatId, o),
      superChat: live.superChat,
      newSponsor: live.newSponsor,
      giftMemberships: live.giftMemberships,
      /** Every message in a chat, viewers' and inserted ones, oldest first. */
      messages: (liveChatId: string) => live.chats.get(liveChatId) ?? [],
      /** Messages the API inserted (liveChatMessages.insert), in order. */
      inserted: live.inserted,
    },
    /** Bans, unbans and deletions the API accepted; isBanned(liveChatId, channelId); bans() in force. */
    moderation: {
      actions: () => [...moderation],
      isBanned: (liveChatId: string, channelId: string) => activeBan(liveChatId, channelId) !== null,
      bans: () => [...bans.values()],
      isDeleted: (messageId: string) => deletedMessages.has(messageId),
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeYoutubeData = Awaited<ReturnType<typeof startFakeYoutubeData>>;
