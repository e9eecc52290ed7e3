/**
 * /studio/connections: Twitch, YouTube, Kick and Spotify as cards, each with its linked account,
 * token state, channels and lease; the channel list is polled so a runner taking over shows up.
 */
import { createResource, For, Show } from 'solid-js';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { usePageTitle } from '../../lib/title';
import { Banner } from '../../ui/Banner';
import { PageHeader } from '../../ui/PageHeader';
import { listChannels } from './api';
import { useStudio } from './context';
import { platformLooks } from './labels';
import { PlatformCard } from './PlatformCard';
import type { ChatPlatform } from './types';

const platforms: ChatPlatform[] = ['twitch', 'youtube', 'kick'];

export default function ConnectionsPage() {
  usePageTitle('Connections · Stream studio');
  const studio = useStudio();
  const [channels, { refetch }] = createResource(listChannels);
  pollWhileVisible(refetch, pollMs);
  // The gate's list (no lease state) stands in until the first answer.
  const channelsOf = (platform: ChatPlatform) =>
    (channels.latest ?? studio.me().channels).filter((c) => c.platform === platform);
  const account = (provider: string) => studio.me().accounts.find((a) => a.provider === provider);
  const changed = () => {
    void refetch();
    void studio.reload();
  };

  return (
    <>
      <PageHeader
        title="Connections"
        description="The platforms the bot chats on for you, and whether their tokens still work."
      />
      <Show when={channels.error}>
        <Banner tone="warn" title="Could not read the chat connections">
          Showing your channels without their connection state; this page tries again by itself.
        </Banner>
      </Show>
      <div class="grid gap-4 md:grid-cols-2">
        <For each={platforms}>
          {(platform) => (
            <PlatformCard
              provider={platformLooks[platform].provider}
              name={platformLooks[platform].name}
              icon={platformLooks[platform].icon}
              account={account(platformLooks[platform].provider)}
              channels={channelsOf(platform)}
              onChanged={changed}
            />
          )}
        </For>
        <PlatformCard
          provider="spotify"
          name="Spotify"
          icon="i-ph-spotify-logo"
          account={account('spotify')}
          channels={[]}
          onChanged={changed}
        >
          <p class="text-sm text-ink-muted">
            Song requests need Spotify Premium. Spotify lets an app in development mode serve up to 25 users;
            beyond that, register your own Spotify app and ask the server owner to use its keys.
          </p>
        </PlatformCard>
      </div>
    </>
  );
}
