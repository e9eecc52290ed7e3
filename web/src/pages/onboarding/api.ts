/** The onboarding wizard's calls (`/api/stream/onboarding`) and the bot settings its feature toggles switch. */
import {
  type OnboardingFeature,
  type OnboardingStep,
  onboardingFeatures,
  onboardingSteps,
} from '@homelab/db/stream/onboarding';
import type { BotSettingsApi, OnboardingApi } from '@homelab/functions';
import { streamClient, unwrap } from '../../api/client';
import { openShape } from '../monitoring/api';
import type { StreamProvider } from '../stream/types';

const client = streamClient<OnboardingApi>().onboarding;
const settings = streamClient<BotSettingsApi>().settings;

export { type OnboardingFeature, type OnboardingStep, onboardingFeatures, onboardingSteps };

/** Features with an on/off switch in the bot settings; the others are always there once set up. */
export const featureSettings: Partial<
  Record<OnboardingFeature, 'currency' | 'games' | 'moderation' | 'songs'>
> = { currency: 'currency', games: 'games', moderation: 'moderation', songs: 'songs' };

export interface Onboarding {
  step: OnboardingStep;
  features: OnboardingFeature[];
  done: boolean;
  doneAt: string | null;
  testedAt: string | null;
  testChannelId: string | null;
  tested: boolean;
  displayName: string;
  linked: { provider: StreamProvider; username: string; state: 'connected' | 'disconnected' }[];
  channels: { id: string; platform: string; displayName: string; enabled: boolean }[];
}

export const getOnboarding = async (): Promise<Onboarding> =>
  openShape<Onboarding>(await unwrap(client.$get()));

export const saveOnboarding = async (step: OnboardingStep, features: OnboardingFeature[]) =>
  openShape<Onboarding>(await unwrap(client.$put({ json: { step, features } })));

export const sendTestMessage = async (channelId: string) =>
  openShape<Onboarding>(await unwrap(client.test.$post({ json: { channelId } })));

export const finishOnboarding = async () => openShape<Onboarding>(await unwrap(client.done.$post()));

/** Switches one feature's part of the bot settings (PATCH merges objects, so the rest stays). */
export const setFeatureEnabled = async (
  part: 'currency' | 'games' | 'moderation' | 'songs',
  enabled: boolean,
) => {
  await unwrap(
    settings.$patch({ json: { [part]: { enabled } } as Parameters<typeof settings.$patch>[0]['json'] }),
  );
};
