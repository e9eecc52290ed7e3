/**
 * The contract between the chat features' engine and each feature (commands, currency,
 * giveaways, polls, games, timers, stats…). The engine hands a feature every event of the
 * channels this process holds, with the caller's level and viewer already worked out, and a way to
 * answer in chat; a feature never sends into a channel it was not handed.
 */
import type { Pool } from '@homelab/db/client/pool';
import type { ChatPlatform } from '@homelab/db/schema';
import type { ChatEvent, UserLevel } from '@homelab/db/stream/events';
import type { BotSettings } from '@homelab/db/stream/settings';
import type { Clock } from '../chat/clock';
import type {
  ChatSettingsChange,
  JoinedChannel,
  ModerationAction,
  NativePollInput,
  SendResult,
} from '../chat/types';
import type { Logger } from '../log';

/** Live facts of a channel (the stats sampler and the platforms keep them current). */
export type LiveState = {
  live: boolean;
  startedAt: string | null;
  title: string | null;
  game: string | null;
  viewers: number | null;
};

export type ReplyOptions = {
  /**
   * 'reply' threads under the caller's message where the platform can; 'whisper' is a private
   * message where the platform has them (Twitch), otherwise (or when refused) an @mention reply.
   */
  as?: 'say' | 'reply' | 'whisper';
};

/** An event as features get it: at once when this process read it (no row id yet), or as stored. */
export type BotChatEvent = ChatEvent & { id?: number };

/** One event of a held channel, as features see it. */
export type BotEvent = {
  event: BotChatEvent;
  channel: JoinedChannel;
  /** The caller's level from the platform's badges (everyone for notifications without a user). */
  level: UserLevel;
  /** The tenant's settings, defaults filled in. */
  settings: BotSettings;
  /** The viewer behind event.userId (created on first sight); null for events without a user. */
  viewerId(): Promise<string | null>;
  /**
   * A private message to the caller; true once the platform delivered it, false when it cannot
   * (no private messages on the platform, refused, failed). Nothing is said in chat either way.
   */
  whisper(text: string): Promise<boolean>;
  /** Answers in the event's channel (truncated to the platform's limit, never dropped silently). */
  reply(text: string, options?: ReplyOptions): void;
  /** Whether the caller has at least `level` (follower is looked up when badges cannot tell). */
  allows(level: UserLevel): Promise<boolean>;
  /** Set by a feature that consumed the event: it is then not dispatched as a command. */
  handled: boolean;
};

/** A built-in chat command a feature answers (`!points`, `!giveaway draw`…). */
export type BuiltinCommand = {
  name: string;
  aliases?: string[];
  /** Level needed; a function reads it from the tenant's settings. */
  minLevel: UserLevel | ((settings: BotSettings) => UserLevel);
  /** Shown in the studio's list of built-ins. */
  description: string;
  /** Whether the tenant has it switched on (default: always). */
  enabled?(settings: BotSettings): boolean;
  run(ctx: BotEvent, args: string[]): Promise<void>;
};

export type BotDeps = {
  pool: Pool;
  log: Logger;
  clock: Clock;
  /** Channels this process holds now, and one by id. */
  channels(): JoinedChannel[];
  channel(channelId: string): JoinedChannel | undefined;
  /** Sends into a held channel; false when this process does not hold it. */
  send(channelId: string, text: string, replyTo?: string): boolean;
  /** The tenant's settings (cached; invalidated by the 'bot' notification). */
  settings(tenantId: string): Promise<BotSettings>;
  /** A channel's live facts (see LiveState). */
  live(channelId: string): LiveState;
  /** Platform lookups where the platform can answer them. */
  platform: PlatformLookups;
};

/** What the platforms' APIs can tell beyond chat; each answer is null when the platform cannot. */
export type PlatformLookups = {
  channelInfo(channel: JoinedChannel): Promise<LiveState | null>;
  /** When `userId` followed the channel; null when not following or the platform cannot tell. */
  followedAt(channel: JoinedChannel, userId: string): Promise<string | null>;
  /** Another broadcaster (by login) and their last category, for shoutouts. */
  broadcaster(
    channel: JoinedChannel,
    login: string,
  ): Promise<{ login: string; displayName: string; game: string | null; url: string } | null>;
  /** A native poll beside a chat poll (Twitch); its id, or null when the platform or token cannot. */
  startPoll?(channel: JoinedChannel, poll: NativePollInput): Promise<string | null>;
  /** Ends a native poll and reads its votes per choice; null when they cannot be read. */
  endPoll?(
    channel: JoinedChannel,
    pollId: string,
    status: 'TERMINATED' | 'ARCHIVED',
  ): Promise<number[] | null>;
  /** Deletes, times out or bans on the channel's platform; refused when the platform cannot. */
  moderate(channel: JoinedChannel, action: ModerationAction): Promise<SendResult>;
  /** Follower-only and slow mode; refused when the platform cannot. */
  setChatSettings(channel: JoinedChannel, change: ChatSettingsChange): Promise<SendResult>;
};

export type Feature = {
  name: string;
  commands?: BuiltinCommand[];
  /**
   * Every event of a held channel, before command dispatch (keyword entries, votes, currency per
   * message, claims). Set `ctx.handled` to stop the event being treated as a command.
   */
  onEvent?(ctx: BotEvent): Promise<void>;
  /** A command no built-in answered (custom commands); true when it was answered. */
  onCommand?(ctx: BotEvent, command: string, args: string[]): Promise<boolean>;
  /** Every 5 s with the channels held (timers, watch time, stats samples decide their own pace). */
  tick?(now: number): Promise<void>;
  /** The tenant's configuration changed in the studio: drop what is cached for it. */
  invalidate?(tenantId: string): void;
  stop?(): Promise<void>;
};

export type FeatureFactory = (deps: BotDeps) => Feature;

export type { ChatPlatform };
