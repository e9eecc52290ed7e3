/** The wizard's words: step names, platforms to link, and what each feature does for a streamer. */
import type { StreamProvider } from '../stream/types';
import type { OnboardingFeature, OnboardingStep } from './api';

export const stepLabels: Record<OnboardingStep, string> = {
  account: 'Signed in',
  platforms: 'Link platforms',
  features: 'Choose features',
  test: 'Test in chat',
};

export const linkable: { provider: StreamProvider; name: string; icon: string; why: string }[] = [
  {
    provider: 'twitch',
    name: 'Twitch',
    icon: 'i-ph-twitch-logo',
    why: 'The bot chats in your Twitch channel.',
  },
  {
    provider: 'google',
    name: 'YouTube',
    icon: 'i-ph-youtube-logo',
    why: 'The bot chats in your YouTube live streams (sign in with Google).',
  },
  { provider: 'kick', name: 'Kick', icon: 'i-ph-lightning', why: 'The bot chats in your Kick channel.' },
  {
    provider: 'spotify',
    name: 'Spotify',
    icon: 'i-ph-spotify-logo',
    why: 'For song requests: needs Spotify Premium; beyond 25 users, your own Spotify app keys.',
  },
];

export const featureLabels: Record<OnboardingFeature, { name: string; why: string }> = {
  commands: { name: 'Commands', why: '!discord, !socials and your own replies.' },
  timers: { name: 'Timers', why: 'Messages posted every few minutes while you are live.' },
  currency: { name: 'Currency', why: 'Viewers earn points for watching and chatting.' },
  games: { name: 'Games', why: 'Duels, roulette, slots and heists with the currency.' },
  giveaways: { name: 'Giveaways', why: 'Keyword entries and fair draws.' },
  polls: { name: 'Polls and bets', why: 'Ask chat, or let them bet points.' },
  moderation: { name: 'Moderation', why: 'Link, caps and spam filters, with AI scoring if you want.' },
  ai: { name: 'AI personality', why: 'Snapple facts and a persona that answers mentions.' },
  songs: { name: 'Song requests', why: 'Viewers queue songs on your Spotify.' },
  overlays: { name: 'Overlays', why: 'Alerts and widgets for OBS browser sources.' },
};

/** Said when song requests are chosen: what Spotify asks for before the first request can play. */
export const songsNotice = {
  title: 'Song requests need Spotify Premium',
  before:
    "Spotify lets this server's app serve only 25 users. Beyond that, add your own Spotify app (client id and secret) on the",
  link: 'Song requests page',
  after: 'before linking Spotify.',
};
