/**
 * The contract between the chat runner's core (leases, queue, event pipeline) and each platform's
 * connection: a connection joins the channels it is given, turns what it reads into ChatEvents, and
 * sends what the queue hands it.
 */

import type { ChatPlatform } from '@homelab/db/schema';
import type { ChatEvent } from '@homelab/db/stream/events';

/** A channel as the core hands it to a platform connection. */
export type JoinedChannel = {
  channelId: string;
  tenantId: string;
  platform: ChatPlatform;
  platformChannelId: string;
  /** Twitch login, Kick slug, YouTube handle. */
  login: string;
  botIsModerator: boolean;
  /** YouTube: the live chat of the current broadcast, when known. */
  liveChatId: string | null;
  /** Kick: chat read from Kick's webhooks (functions store it) or from kick.com's chat socket here. */
  chatMode: 'webhook' | 'socket';
};

/** A native poll as Twitch takes it: title ≤ 60, 2 to 5 choices ≤ 25, 15 to 1800 seconds. */
export type NativePollInput = { title: string; choices: string[]; durationSeconds: number };

/** Why a send did not go out; the queue retries `rate_limited` and reports the rest. */
export type SendResult =
  | { ok: true; platformMessageId?: string }
  | { ok: false; reason: 'rate_limited' | 'not_joined' | 'refused'; detail?: string; retryInMs?: number };

/** What moderation asks a platform to do (the bot must be a moderator there). */
export type ModerationAction =
  | { kind: 'delete'; messageId: string }
  | { kind: 'timeout'; userId: string; durationS: number; reason: string }
  | { kind: 'ban'; userId: string; reason: string }
  | { kind: 'unban'; userId: string };

/** Chat settings anti-raid switches (left out: unchanged). */
export type ChatSettingsChange = { followersOnly?: boolean; slowS?: number };

export type PlatformConnection = {
  platform: ChatPlatform;
  /** Start reading a channel's chat (the core calls it once it holds the channel's lease). */
  join(channel: JoinedChannel): Promise<void>;
  /** Stop reading it (lease lost, channel disabled, shutdown). */
  leave(channelId: string): Promise<void>;
  /**
   * A held channel's settings changed how it is read (Kick's chat mode); without this the core
   * leaves and joins the channel again.
   */
  update?(channel: JoinedChannel): Promise<void>;
  /** Send one message; the core's queue paces calls to the platform's limits. */
  send(channelId: string, text: string, replyTo?: string): Promise<SendResult>;
  /**
   * A private message to a user (Twitch whispers); not paced by the send queue, so the platform
   * keeps its own limits. Without it a whisper is an @mention in chat.
   */
  whisper?(channelId: string, userId: string, text: string): Promise<SendResult>;
  /**
   * Starts a native poll beside a chat poll (Twitch) with the broadcaster's token; its id, or null
   * when the platform or the token cannot (the chat poll runs alone then).
   */
  startPoll?(channelId: string, poll: NativePollInput): Promise<string | null>;
  /**
   * Ends a native poll (TERMINATED keeps it visible, ARCHIVED hides it) and reads its votes per
   * choice, in the order given; null when they cannot be read.
   */
  endPoll?(channelId: string, pollId: string, status: 'TERMINATED' | 'ARCHIVED'): Promise<number[] | null>;
  /** Live facts of a joined channel (viewers, title, game) from the platform's API. */
  channelInfo?(channelId: string): Promise<import('../bot/types').LiveState | null>;
  /** When a user followed a joined channel; null when not following or unknown. */
  followedAt?(channelId: string, userId: string): Promise<string | null>;
  /** Another broadcaster by login, with their last category (shoutouts). */
  broadcaster?(
    channelId: string,
    login: string,
  ): Promise<{ login: string; displayName: string; game: string | null; url: string } | null>;
  /** Deletes a message, times out or bans a user where the platform allows it. */
  moderate?(channelId: string, action: ModerationAction): Promise<SendResult>;
  /** Follower-only and slow mode (anti-raid). */
  setChatSettings?(channelId: string, change: ChatSettingsChange): Promise<SendResult>;
  /** Facts for the runner's status (connected, joined count, last error…). */
  status(): Record<string, unknown>;
  stop(): Promise<void>;
};

/** What a platform connection is given: where its events go, and how to log. */
export type ConnectionDeps = {
  /** Every event read from the platform, normalized; the core batches them into chat_events. */
  emit(event: ChatEvent): void;
  log: import('../log').Logger;
  signal: AbortSignal;
};
