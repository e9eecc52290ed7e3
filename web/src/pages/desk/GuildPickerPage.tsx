/** /desk: the guilds this person may open, with their access level, or why there are none yet. */
import { A } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { usePageTitle } from '../../lib/title';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { toast } from '../../ui/Toast';
import { refreshGuilds } from './api';
import { useDesk } from './context';
import { GuildIcon } from './GuildIcon';

export default function GuildPickerPage() {
  usePageTitle('Ticket desk');
  const desk = useDesk();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const refresh = async () => {
    setBusy(true);
    setError(null);
    try {
      const guilds = await refreshGuilds();
      desk.setMe({ ...desk.me(), guilds });
      toast(`Guild list updated: ${guilds.length} ${guilds.length === 1 ? 'guild' : 'guilds'}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Discord did not answer.');
    } finally {
      setBusy(false);
    }
  };
  const refreshButton = () => (
    <Button icon="i-ph-arrows-clockwise" busy={busy()} onClick={refresh}>
      Refresh from Discord
    </Button>
  );

  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Your guilds"
        description="Pick a Discord server to work its tickets."
        actions={<Show when={desk.me().guilds.length > 0}>{refreshButton()}</Show>}
      />
      <Show when={error()}>
        {(message) => (
          <Banner tone="danger" title="Could not refresh the guild list">
            {message()}
          </Banner>
        )}
      </Show>
      <Show
        when={desk.me().guilds.length > 0}
        fallback={
          <section class="glass-panel p-5">
            <EmptyState title="No guilds to show yet" icon="i-ph-users-three" action={refreshButton()}>
              A guild appears here when the bot is in that Discord server and you have Manage Server there, or
              one of the staff roles its admins chose. Added the bot or got a role just now? Refresh from
              Discord.
            </EmptyState>
          </section>
        }
      >
        <ul class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Guilds">
          <For each={desk.me().guilds}>
            {(guild) => (
              <li>
                <A
                  href={`/desk/${guild.guildId}`}
                  class="glass-panel flex items-center gap-3 p-4 hover:border-violet-400 focus-visible:border-violet-400"
                >
                  <GuildIcon guild={guild} />
                  <span class="flex min-w-0 flex-1 flex-col gap-1">
                    <span class="truncate font-medium text-ink">{guild.name}</span>
                    <span>
                      <Badge tone={guild.level === 'admin' ? 'ok' : 'info'}>
                        {guild.level === 'admin' ? 'Admin' : 'Staff'}
                      </Badge>
                    </span>
                  </span>
                  <span class="i-ph-caret-right text-ink-muted" aria-hidden="true" />
                </A>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
