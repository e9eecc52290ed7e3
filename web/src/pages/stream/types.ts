/**
 * What the streamer studio shows: the normalized chat event from `@homelab/db/stream/events`
 * (types only, so zod stays out of the bundle) and the stream API's views, inferred from the typed
 * client so a changed route shows up here as a type error.
 */
import type { ChatEvent as NormalizedEvent } from '@homelab/db/stream/events';
import type { InferResponseType } from 'hono/client';
import type { api } from '../../api/client';

type Stream = typeof api.api.stream;

export type ChatPlatform = NormalizedEvent['platform'];
export type ChatEventKind = NormalizedEvent['kind'];
/** A stored event has an id (newest highest); one arriving live may not. */
export type ChatEvent = NormalizedEvent & { id?: number };
/** The OAuth providers a streamer links: YouTube signs in through Google. */
export type StreamProvider = 'twitch' | 'google' | 'kick' | 'spotify';
export type TokenState = 'connected' | 'disconnected';

export type ChannelView = InferResponseType<Stream['channels']['$get'], 200>['channels'][number];
export type StreamNotice = InferResponseType<Stream['notices']['$get'], 200>['notices'][number];
export type TokenStatus = InferResponseType<Stream['admin']['tokens']['$get'], 200>['accounts'][number];

/** GET /api/stream/me: the person, their streamer account (null until they sign in with a platform). */
export type StreamMe = InferResponseType<Stream['me']['$get'], 200>;
/** A linked platform account, never with its tokens. */
export type LinkedAccount = StreamMe['accounts'][number];
