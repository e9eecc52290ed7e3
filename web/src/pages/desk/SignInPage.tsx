/**
 * /desk/sign-in: one button that leaves for Discord (a full page load: the server sets the
 * OAuth state and PKCE cookies and redirects), and the reason in words when Discord sent the
 * user back with `?error=`.
 */
import { useSearchParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { AuthCard } from '../../auth/AuthCard';
import { usePageTitle } from '../../lib/title';
import { Banner } from '../../ui/Banner';
import { discordSignInUrl } from './api';

const reasons: Record<string, string> = {
  access_denied: 'You cancelled on Discord, so nothing was shared. Try again when you are ready.',
  denied: 'You cancelled on Discord, so nothing was shared. Try again when you are ready.',
  bad_state: 'The sign-in took too long or was started in another tab. Start again from this page.',
  token_exchange: 'Discord did not accept the sign-in. Start again from this page.',
  discord_error: 'Discord reported a problem with the sign-in. Try again in a minute.',
  state: 'The sign-in took too long or was started in another tab. Start again from this page.',
  invalid_state: 'The sign-in took too long or was started in another tab. Start again from this page.',
  expired: 'The sign-in took too long. Start again from this page.',
  discord_not_configured: 'Discord sign-in is not set up on this server yet. Ask its owner to configure it.',
  not_configured: 'Discord sign-in is not set up on this server yet. Ask its owner to configure it.',
  encryption_not_configured:
    'Discord sign-in needs ENCRYPTION_KEY on this server to keep tokens safe. Ask its owner to set it.',
  rate_limited: 'Too many sign-in attempts from this network. Wait a few minutes and try again.',
  discord_unavailable: 'Discord did not answer. Try again in a minute.',
  no_guilds: 'You do not manage any server the bot is in.',
};

export const signInReason = (code: string) =>
  reasons[code] ??
  'Signing in with Discord did not work. Try again; if it keeps failing, tell the server owner.';

/** Only same-site desk paths: `next` comes from the address bar. */
export function deskNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/desk') && !next.startsWith('/desk/sign-in')
    ? next
    : '/desk';
}

export default function SignInPage() {
  usePageTitle('Sign in to the ticket desk');
  const [search] = useSearchParams<{ next?: string; error?: string }>();
  return (
    <AuthCard title="Ticket desk" subtitle="Sign in with the Discord account you manage your server with.">
      <Show when={search.error}>
        {(code) => (
          <Banner tone="danger" title="Could not sign you in">
            {signInReason(code())}
          </Banner>
        )}
      </Show>
      {/* A link, not fetch: the browser must follow the redirects to Discord and back. */}
      <a href={discordSignInUrl(deskNext(search.next))} class="btn-primary w-full" rel="external">
        <span class="i-ph-discord-logo text-lg" aria-hidden="true" />
        Sign in with Discord
      </a>
      <p class="text-xs text-ink-muted">
        Discord tells us your name, avatar and the servers you are in. You see the servers where the bot is
        present and you have Manage Server or a staff role.
      </p>
    </AuthCard>
  );
}
