/**
 * Every call the streamer studio and the token panel make to `/api/stream`, one function each,
 * and the addresses the browser opens itself (sign-in and linking, the live event stream).
 */
import { api, unwrap } from '../../api/client';
import { openShape } from '../monitoring/api';
import type { ChannelView, ChatEvent, StreamMe, StreamNotice, StreamProvider, TokenStatus } from './types';

const stream = api.api.stream;

// ── Sign-in and linking ───────────────────────────────────────────────────────────────────────

/** A full page load: the server sets the state and PKCE cookies and redirects to the platform. */
// $path, not $url: the client's base is '/', which `new URL` (inside $url) refuses.
export const streamAuthUrl = (provider: StreamProvider, next = '/studio') =>
  stream.auth[':provider'].$path({ param: { provider }, query: { next } });

/** 401 is an answer here (not signed in yet), not a session that ended. */
export const getStreamMe = async (): Promise<StreamMe> =>
  openShape<StreamMe>(await unwrap(stream.me.$get(), { expectUnauthorized: true }));

// ── Channels ──────────────────────────────────────────────────────────────────────────────────

export const listChannels = async (): Promise<ChannelView[]> =>
  openShape<ChannelView[]>((await unwrap(stream.channels.$get())).channels);

export const setChannelEnabled = async (id: string, enabled: boolean) => {
  await unwrap(stream.channels[':id'].$patch({ param: { id }, json: { enabled } }));
};

/** Kick only: the chat runner switches how it reads the channel within a lease renewal. */
export const setChannelChatMode = async (id: string, chatMode: ChannelView['chatMode']) => {
  await unwrap(stream.channels[':id'].$patch({ param: { id }, json: { chatMode } }));
};

/** Queued by the chat runner (202): it goes out when the platform's rate limit allows. */
export const sendChatMessage = async (channelId: string, text: string) => {
  await unwrap(stream.channels[':id'].messages.$post({ param: { id: channelId }, json: { text } }));
};

// ── Events ────────────────────────────────────────────────────────────────────────────────────

export interface EventQuery {
  channelId?: string;
  /** An event id: only older events. */
  before?: number;
  /** At most 200. */
  limit?: number;
}

export const listEvents = async (query: EventQuery = {}): Promise<ChatEvent[]> =>
  openShape<ChatEvent[]>(
    (
      await unwrap(
        stream.events.$get({
          query: {
            channelId: query.channelId,
            before: query.before === undefined ? undefined : String(query.before),
            limit: query.limit === undefined ? undefined : String(query.limit),
          },
        }),
      )
    ).events,
  );

/** Opened by EventSource, so an address, not a call. */
export const liveEventsUrl = '/api/stream/events/live';

// ── Notices ───────────────────────────────────────────────────────────────────────────────────

export const listNotices = async (): Promise<StreamNotice[]> =>
  openShape<StreamNotice[]>((await unwrap(stream.notices.$get({ query: {} }))).notices);

export const markNoticeRead = async (id: StreamNotice['id']) => {
  await unwrap(stream.notices[':id'].read.$post({ param: { id: String(id) } }));
};

// ── Mission control: bot tokens ───────────────────────────────────────────────────────────────

export const listTokenStatus = async (): Promise<TokenStatus[]> =>
  openShape<TokenStatus[]>((await unwrap(stream.admin.tokens.$get())).accounts);

/** Queues a refresh job for the tokens runner (202); the row changes once it has run. */
export const refreshToken = async (accountId: string) => {
  await unwrap(stream.admin.tokens[':accountId'].refresh.$post({ param: { accountId } }));
};
