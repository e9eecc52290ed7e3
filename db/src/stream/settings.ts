/**
 * The built-ins' settings of one tenant (bot_settings.settings): every key has a default, so a
 * tenant that never opened the studio gets a working bot, and a stored value is read through this
 * schema so a missing or older key never breaks the runner.
 */
import { z } from 'zod';
import { botUserLevels } from '../schema/chatbot';

const level = z.enum(botUserLevels);
const seconds = (max: number) => z.number().int().min(0).max(max);

export const botSettingsSchema = z.object({
  currency: z
    .object({
      enabled: z.boolean().default(true),
      /** Shown in chat: "500 candies". */
      name: z.string().trim().min(1).max(30).default('points'),
      /** Earned per minute watched while the stream is live (0 turns it off). */
      perMinute: z.number().int().min(0).max(1_000).default(1),
      /** Earned per chat message, at most once per `messageCooldownS`. */
      perMessage: z.number().int().min(0).max(1_000).default(1),
      messageCooldownS: seconds(3_600).default(30),
      /** Subscribers earn this many times as much. */
      subscriberMultiplier: z.number().min(1).max(10).default(1),
      /** Minimum amount for `!give`. */
      minTransfer: z.number().int().min(1).default(1),
    })
    .prefault({}),
  games: z
    .object({
      enabled: z.boolean().default(true),
      cooldownS: seconds(3_600).default(30),
      minBet: z.number().int().min(1).default(10),
      maxBet: z.number().int().min(1).default(10_000),
      duel: z.object({ enabled: z.boolean().default(true), acceptS: seconds(300).default(60) }).prefault({}),
      roulette: z
        .object({ enabled: z.boolean().default(true), winChance: z.number().min(0).max(1).default(0.5) })
        .prefault({}),
      slots: z
        .object({
          enabled: z.boolean().default(true),
          symbols: z.array(z.string().min(1).max(16)).min(3).max(10).default(['🍒', '🍋', '🍇', '🔔', '⭐']),
        })
        .prefault({}),
      heist: z
        .object({
          enabled: z.boolean().default(true),
          /** Seconds the crew gathers before the heist runs. */
          joinS: seconds(600).default(60),
          minPlayers: z.number().int().min(1).max(100).default(2),
        })
        .prefault({}),
    })
    .prefault({}),
  giveaways: z
    .object({
      /** Entries per user per minute (sliding window) before the bot ignores them. */
      entriesPerMinute: z.number().int().min(1).max(60).default(10),
    })
    .prefault({}),
  builtins: z
    .object({
      /** Level needed for `!cmd add/edit/del`, `!counter`, `!quote add`, `!so`, `!queue pick`… */
      modLevel: level.default('moderator'),
      shoutout: z
        .object({
          enabled: z.boolean().default(true),
          template: z
            .string()
            .max(500)
            .default('Go follow {target} at {url}! They were last playing {game}.'),
        })
        .prefault({}),
      quotes: z.object({ enabled: z.boolean().default(true) }).prefault({}),
      queue: z
        .object({
          enabled: z.boolean().default(true),
          open: z.boolean().default(false),
          maxSize: z.number().int().min(1).max(1_000).default(50),
        })
        .prefault({}),
      link: z.object({ enabled: z.boolean().default(true) }).prefault({}),
    })
    .prefault({}),
  moderation: z
    .object({
      enabled: z.boolean().default(false),
      /** These levels and above are never moderated. */
      exemptLevel: level.default('vip'),
      links: z
        .object({
          enabled: z.boolean().default(true),
          /** Hosts allowed anyway (subdomains included). */
          allow: z
            .array(z.string().trim().toLowerCase().min(1).max(100))
            .max(200)
            .default(['clips.twitch.tv']),
          /** How long `!permit user` lets one viewer post a link. */
          permitS: seconds(3_600).default(60),
        })
        .prefault({}),
      caps: z
        .object({
          enabled: z.boolean().default(true),
          /** Share of letters in capitals, counted only past minLength letters. */
          maxPercent: z.number().int().min(10).max(100).default(70),
          minLength: z.number().int().min(1).max(500).default(15),
        })
        .prefault({}),
      symbols: z
        .object({
          enabled: z.boolean().default(true),
          maxPercent: z.number().int().min(10).max(100).default(50),
        })
        .prefault({}),
      emotes: z
        .object({ enabled: z.boolean().default(true), max: z.number().int().min(1).max(100).default(15) })
        .prefault({}),
      repetition: z
        .object({
          enabled: z.boolean().default(true),
          /** The same message this many times within windowS. */
          max: z.number().int().min(2).max(20).default(3),
          windowS: seconds(600).default(30),
        })
        .prefault({}),
      length: z
        .object({ enabled: z.boolean().default(false), max: z.number().int().min(20).max(500).default(300) })
        .prefault({}),
      /** Banned words and phrases; `*` matches any run of characters. */
      banned: z.array(z.string().trim().min(1).max(100)).max(500).default([]),
      /** A first-time chatter's links and caps are judged at half the limits. */
      firstTimeStrict: z.boolean().default(true),
      /** Penalties by offence within escalationWindowS: warn/delete → timeout → ban. */
      escalation: z
        .object({
          steps: z
            .array(
              z.object({
                action: z.enum(['warn', 'delete', 'timeout', 'ban']),
                durationS: z.number().int().min(1).max(1_209_600).optional(),
              }),
            )
            .min(1)
            .max(6)
            .default([
              { action: 'delete' },
              { action: 'timeout', durationS: 60 },
              { action: 'timeout', durationS: 600 },
              { action: 'ban' },
            ]),
          windowS: seconds(604_800).default(86_400),
        })
        .prefault({}),
      ai: z
        .object({
          enabled: z.boolean().default(false),
          /** Score (0..1) at or above which a category acts; categories left out never act. */
          thresholds: z
            .record(z.string().min(1).max(60), z.number().min(0).max(1))
            .default({ harassment: 0.8, hate: 0.7, sexual: 0.8, violence: 0.85, 'self-harm': 0.7 }),
          /** Below the threshold but above this, the message goes to the review queue only. */
          reviewFrom: z.number().min(0).max(1).default(0.5),
        })
        .prefault({}),
      antiRaid: z
        .object({
          enabled: z.boolean().default(false),
          /** This many first-time chatters within windowS turns on follower-only and slow mode. */
          newChatters: z.number().int().min(3).max(500).default(15),
          windowS: seconds(600).default(30),
          /** How long the protection stays on. */
          holdS: seconds(7_200).default(300),
          slowS: seconds(120).default(10),
        })
        .prefault({}),
    })
    .prefault({}),
  songs: z
    .object({
      enabled: z.boolean().default(false),
      minLevel: level.default('everyone'),
      cost: z.number().int().min(0).default(0),
      perUser: z.number().int().min(1).max(50).default(2),
      maxQueue: z.number().int().min(1).max(500).default(30),
      maxDurationS: seconds(3_600).default(600),
      allowExplicit: z.boolean().default(false),
      /** Spotify track or artist ids (or names, lowercase) that cannot be requested. */
      blocked: z.array(z.string().trim().min(1).max(100)).max(500).default([]),
      /** Share of chatters (of the last 10 minutes) whose `!skip` votes skip the song. */
      skipShare: z.number().min(0.05).max(1).default(0.3),
    })
    .prefault({}),
  /** The streamer's timezone for `$(time)` without an argument. */
  timezone: z.string().max(64).default('UTC'),
});
export type BotSettings = z.infer<typeof botSettingsSchema>;

/** Stored settings as the runner uses them: defaults filled in; a value that no longer parses falls back to the defaults. */
export function readBotSettings(stored: unknown): BotSettings {
  const parsed = botSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : botSettingsSchema.parse({});
}
