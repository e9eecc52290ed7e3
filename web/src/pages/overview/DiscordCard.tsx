/** The Discord bot at a glance: gateway connection, guilds, who is live, go-live posts waiting. */
import { A } from '@solidjs/router';
import { createResource, Match, Show, Switch } from 'solid-js';
import { api, unwrap } from '../../api/client';
import { formatRelative } from '../../lib/format';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { Skeleton } from '../../ui/Skeleton';

type Loaded =
  | { status: Awaited<ReturnType<typeof fetchStatus>>; error?: undefined }
  | { status?: undefined; error: string };

const fetchStatus = async () => unwrap(api.api.discord.status.$get());

// The failure is part of the value, so a poll that fails shows the error state instead of throwing
// to the page's boundary.
async function loadStatus(): Promise<Loaded> {
  try {
    return { status: await fetchStatus() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : 'The server did not answer.' };
  }
}

function Stat(props: { label: string; value: string | number; tone?: 'danger' }) {
  return (
    <div class="flex flex-col rounded-control bg-space-800/60 px-3 py-2">
      <dt class="text-xs text-ink-muted">{props.label}</dt>
      <dd class={`text-lg font-semibold tabular-nums ${props.tone ? 'text-danger-300' : 'text-ink'}`}>
        {props.value}
      </dd>
    </div>
  );
}

export function DiscordCard(props: { class?: string }) {
  const [loaded, { refetch }] = createResource(loadStatus);
  pollWhileVisible(() => refetch(), pollMs);
  const status = () => loaded.latest?.status;
  const gateway = () => status()?.gateway ?? null;

  return (
    <Card
      class={props.class}
      title="Discord bot"
      icon="i-ph-discord-logo"
      actions={
        <>
          <Show when={status()?.configured}>
            <Badge tone={gateway()?.connected ? 'ok' : 'warn'}>
              {gateway()?.connected ? 'Gateway connected' : 'Gateway disconnected'}
            </Badge>
          </Show>
          <A href="/desk" class="text-sm text-violet-200 underline-offset-2 hover:underline">
            Ticket desk
          </A>
        </>
      }
    >
      <Switch>
        <Match when={loaded.latest?.error}>
          <ErrorState
            title="Bot status is unavailable"
            message={`${loaded.latest?.error} Commands still work; go-live waits until the discord runner is back.`}
            onRetry={() => void refetch()}
            retrying={loaded.loading}
          />
        </Match>
        <Match when={!status()}>
          <Skeleton lines={2} label="Loading the bot's status…" />
        </Match>
        <Match when={status()?.configured === false}>
          <EmptyState title="The Discord bot is not set up" icon="i-ph-discord-logo">
            Set DISCORD_APPLICATION_ID, DISCORD_PUBLIC_KEY, DISCORD_BOT_TOKEN and DISCORD_CLIENT_SECRET, then
            run <code>npm run discord:register</code>. The README's "The Discord bot" section walks through
            it.
          </EmptyState>
        </Match>
        <Match when={status()}>
          {(current) => (
            <div class="flex flex-col gap-3">
              <dl class="grid grid-cols-2 gap-2 sm:grid-cols-4">
                <Stat label="Servers" value={current().guilds} />
                <Stat label="Live now" value={current().liveStreamers} />
                <Stat label="Posts waiting" value={current().queue.depth} />
                <Stat
                  label="Failed (24 h)"
                  value={current().queue.failed24h}
                  tone={current().queue.failed24h > 0 ? 'danger' : undefined}
                />
              </dl>
              <p class="text-sm text-ink-muted">
                Last gateway event {formatRelative(gateway()?.lastEventAt)}
                <Show when={gateway()?.resumes}> · {gateway()?.resumes} resumed</Show>
                <Show when={!current().kick.configured}> · Kick not configured</Show>
                <Show when={!current().youtubeVerification}>
                  {' '}
                  · YouTube streams not verified (no API key)
                </Show>
              </p>
              <Show when={gateway()?.lastError}>
                <p class="text-sm text-warn-300">Last error: {gateway()?.lastError}</p>
              </Show>
            </div>
          )}
        </Match>
      </Switch>
    </Card>
  );
}
