/**
 * /studio/sign-in: one link per platform that leaves for its sign-in (a full page load: the server
 * sets the OAuth state and PKCE cookies and redirects), and the reason in words when the platform
 * sent the streamer back with `?error=`.
 */
import { useSearchParams } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { AuthCard } from '../../auth/AuthCard';
import { usePageTitle } from '../../lib/title';
import { Banner } from '../../ui/Banner';
import { streamAuthUrl } from './api';
import { signInReason, studioNext } from './labels';
import type { StreamProvider } from './types';

const choices: { provider: StreamProvider; label: string; icon: string }[] = [
  { provider: 'twitch', label: 'Sign in with Twitch', icon: 'i-ph-twitch-logo' },
  { provider: 'google', label: 'Sign in with YouTube (Google)', icon: 'i-ph-youtube-logo' },
  { provider: 'kick', label: 'Sign in with Kick', icon: 'i-ph-lightning' },
];

export default function SignInPage() {
  usePageTitle('Sign in to the stream studio');
  const [search] = useSearchParams<{ next?: string; error?: string }>();
  return (
    <AuthCard
      title="Stream studio"
      subtitle="Sign in with a platform you stream on; link the others afterwards."
    >
      <Show when={search.error}>
        {(code) => (
          <Banner
            tone={code() === 'no_tenant' ? 'info' : 'danger'}
            title={code() === 'no_tenant' ? 'One more step' : 'Could not sign you in'}
          >
            {signInReason(code())}
          </Banner>
        )}
      </Show>
      <ul class="flex flex-col gap-2">
        <For each={choices}>
          {(choice) => (
            <li>
              {/* A link, not fetch: the browser must follow the redirects to the platform and back. */}
              <a
                href={streamAuthUrl(choice.provider, studioNext(search.next))}
                class="btn-primary w-full"
                rel="external"
              >
                <span class={`${choice.icon} text-lg`} aria-hidden="true" />
                {choice.label}
              </a>
            </li>
          )}
        </For>
      </ul>
      <p class="text-xs text-ink-muted">
        The platform tells us your account name and gives the bot permission to read and write your chat. One
        platform account belongs to one streamer.
      </p>
    </AuthCard>
  );
}
