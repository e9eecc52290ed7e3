/**
 * The onboarding wizard's saved progress, kept in `stream_tenants.onboarding` (jsonb): the step to
 * reopen at, the features the streamer picked, whether and when the test message went out.
 */
import { onboardingFeatures, onboardingSteps } from '@homelab/db/stream/onboarding';
import { z } from '@hono/zod-openapi';

export { onboardingFeatures, onboardingSteps };

/** What the wizard stores; anything else in the column (older shapes, hand edits) is dropped on read. */
export const savedSchema = z.object({
  step: z.enum(onboardingSteps).catch('account').default('account'),
  features: z
    .array(z.enum(onboardingFeatures))
    .catch([])
    .default([])
    .transform((list) => [...new Set(list)]),
  done: z.boolean().catch(false).default(false),
  doneAt: z.string().nullable().catch(null).default(null),
  testedAt: z.string().nullable().catch(null).default(null),
  testChannelId: z.string().nullable().catch(null).default(null),
});
export type SavedOnboarding = z.infer<typeof savedSchema>;

export const readSaved = (value: unknown): SavedOnboarding =>
  savedSchema.parse(value && typeof value === 'object' ? value : {});
