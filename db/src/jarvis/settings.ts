/**
 * The owner's Jarvis settings (the `settings` row with key 'jarvis'): budgets, prices for the cost
 * figures, the master autonomy switch and who may approve from Discord. The model's address and
 * key come from the environment, never from here.
 */
import { z } from 'zod';

export const jarvisSettingsSchema = z.object({
  /** Off: no reversible call runs without a person, whatever the policies say. */
  autonomyEnabled: z.boolean().default(true),
  /** Investigate incidents on their own when they open. */
  autoInvestigate: z.boolean().default(true),
  dailyTokenBudget: z.number().int().min(0).max(100_000_000).default(500_000),
  conversationTokenBudget: z.number().int().min(0).max(10_000_000).default(100_000),
  /** Model calls per turn: a runaway tool loop stops here. */
  maxStepsPerTurn: z.number().int().min(1).max(50).default(12),
  /** US dollars per million tokens, for the cost figures. */
  pricePerMillionInput: z.number().min(0).max(1000).default(0.15),
  pricePerMillionOutput: z.number().min(0).max(1000).default(0.6),
  /** Where approval requests are posted with buttons; none: approvals only on the web. */
  discordChannelId: z
    .string()
    .regex(/^\d{17,20}$/, 'a Discord channel id (17 to 20 digits)')
    .nullable()
    .default(null),
  /** Discord users whose button presses count as the owner's approval. */
  discordApproverIds: z
    .array(z.string().regex(/^\d{17,20}$/, 'Discord user ids are 17 to 20 digits'))
    .max(20)
    .default([]),
});

export type JarvisSettings = z.infer<typeof jarvisSettingsSchema>;

export const jarvisSettingsKey = 'jarvis';

export function readJarvisSettings(value: unknown): JarvisSettings {
  const parsed = jarvisSettingsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : jarvisSettingsSchema.parse({});
}
