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
  /** The streamer's timezone for `$(time)` without an argument. */
  timezone: z.string().max(64).default('UTC'),
});
export type BotSettings = z.infer<typeof botSettingsSchema>;

/** Stored settings as the runner uses them: defaults filled in; a value that no longer parses falls back to the defaults. */
export function readBotSettings(stored: unknown): BotSettings {
  const parsed = botSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : botSettingsSchema.parse({});
}
