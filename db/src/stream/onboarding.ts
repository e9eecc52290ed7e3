/**
 * The onboarding wizard's steps and the features a streamer can pick, in the order the wizard shows
 * them. Plain values, no zod: the API validates against them and the studio's bundle lists them.
 */
export const onboardingSteps = ['account', 'platforms', 'features', 'test'] as const;
export type OnboardingStep = (typeof onboardingSteps)[number];

export const onboardingFeatures = [
  'commands',
  'timers',
  'currency',
  'games',
  'giveaways',
  'polls',
  'moderation',
  'ai',
  'songs',
  'overlays',
] as const;
export type OnboardingFeature = (typeof onboardingFeatures)[number];
