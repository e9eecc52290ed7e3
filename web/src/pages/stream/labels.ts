/** Words and icons for platforms, event kinds and sign-in errors, shared by every studio page. */
import type { ChatEventKind, ChatPlatform, StreamProvider } from './types';

export interface PlatformLook {
  name: string;
  /** A full `i-ph-*` class, written out so UnoCSS finds it. */
  icon: string;
  /** The OAuth provider whose account the platform's channel uses. */
  provider: StreamProvider;
}

export const platformLooks: Record<ChatPlatform, PlatformLook> = {
  twitch: { name: 'Twitch', icon: 'i-ph-twitch-logo', provider: 'twitch' },
  youtube: { name: 'YouTube', icon: 'i-ph-youtube-logo', provider: 'google' },
  // Phosphor has no Kick logo; the name always stands beside the icon.
  kick: { name: 'Kick', icon: 'i-ph-lightning', provider: 'kick' },
};

export const providerNames: Record<StreamProvider, string> = {
  twitch: 'Twitch',
  google: 'YouTube (Google)',
  kick: 'Kick',
  spotify: 'Spotify',
};

export const kindLabels: Record<ChatEventKind, string> = {
  message: 'Message',
  command: 'Command',
  follow: 'Follow',
  sub: 'Subscription',
  gift: 'Gifted subs',
  raid: 'Raid',
  cheer: 'Cheer',
  redemption: 'Redemption',
  stream_online: 'Stream online',
  stream_offline: 'Stream offline',
};

const reasons: Record<string, string> = {
  denied: 'You cancelled on the platform, so nothing was shared. Try again when you are ready.',
  access_denied: 'You cancelled on the platform, so nothing was shared. Try again when you are ready.',
  bad_state: 'The sign-in took too long or was started in another tab. Start again from this page.',
  token_exchange: 'The platform did not accept the sign-in. Start again from this page.',
  account_in_use: 'That account is already linked to another streamer; sign in with it instead.',
  sign_in_first: 'Spotify is linked to a streamer account: sign in with Twitch, YouTube or Kick first.',
  try_again: 'The account changed while you were signing in. Start again from this page.',
  rate_limited: 'Too many sign-in attempts from this network. Wait a few minutes and try again.',
  provider_error: 'The platform reported a problem with the sign-in. Try again in a minute.',
  no_channel: 'That account has no channel the bot can join. Create one on the platform first.',
  no_tenant:
    'You are signed in, but not as a streamer yet. Sign in with Twitch, YouTube or Kick to create your studio.',
  encryption_not_configured:
    'Sign-in needs ENCRYPTION_KEY on this server to keep tokens safe. Ask its owner to set it.',
  twitch_not_configured: 'Twitch sign-in is not set up on this server yet. Ask its owner to configure it.',
  google_not_configured:
    'YouTube (Google) sign-in is not set up on this server yet. Ask its owner to configure it.',
  kick_not_configured: 'Kick sign-in is not set up on this server yet. Ask its owner to configure it.',
  spotify_not_configured: 'Spotify linking is not set up on this server yet. Ask its owner to configure it.',
};

export const signInReason = (code: string) =>
  reasons[code] ?? 'Signing in did not work. Try again; if it keeps failing, tell the server owner.';

/** Only same-site studio paths: `next` comes from the address bar. */
export function studioNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/studio') && !next.startsWith('/studio/sign-in')
    ? next
    : '/studio';
}

/** The studio's sign-in, remembering the studio page that asked. */
export const studioSignInPath = (from: string) =>
  from.startsWith('/studio/') && !from.startsWith('/studio/sign-in')
    ? `/studio/sign-in?next=${encodeURIComponent(from)}`
    : '/studio/sign-in';

/** The chat runner's channel states (runners/src/chat/manager.ts) in words and a tone. */
export function connectionLook(state: string | undefined): {
  text: string;
  tone: 'ok' | 'warn' | 'danger';
  online: boolean;
} {
  switch (state) {
    case 'joined':
    case 'connected':
      return { text: 'Chat connected', tone: 'ok', online: true };
    case 'joining':
      return { text: 'Joining chat…', tone: 'warn', online: false };
    case 'error':
      return { text: 'Chat connection failed', tone: 'danger', online: false };
    case undefined:
      return { text: 'Chat state unknown', tone: 'warn', online: false };
    default:
      return { text: `Chat ${state}`, tone: 'warn', online: false };
  }
}
