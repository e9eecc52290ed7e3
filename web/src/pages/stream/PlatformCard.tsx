/**
 * One platform on the Connections page: the linked account and its token, the channels the bot
 * joins there (enabled toggle, which chat runner holds the connection, how Kick chat is read), or a
 * link to connect it.
 */
import { createSignal, For, type JSX, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatDateTime, formatRelative } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { CheckboxField } from '../../ui/Field';
import { toast } from '../../ui/Toast';
import { setChannelEnabled, streamAuthUrl } from './api';
import { KickChatMode } from './KickChatMode';
import { connectionLook, providerNames } from './labels';
import type { ChannelView, LinkedAccount, StreamProvider } from './types';

export interface PlatformCardProps {
  provider: StreamProvider;
  name: string;
  icon: string;
  account: LinkedAccount | undefined;
  channels: ChannelView[];
  /** After a channel changed, so the page reads the new state. */
  onChanged: () => unknown;
  children?: JSX.Element;
}

const backHere = '/studio/connections';

export function PlatformCard(props: PlatformCardProps) {
  return (
    <Card title={props.name} icon={props.icon}>
      <Show
        when={props.account}
        fallback={
          <div class="flex flex-col items-start gap-3">
            <p class="text-sm text-ink-muted">Not linked yet.</p>
            <a href={streamAuthUrl(props.provider, backHere)} class="btn-primary" rel="external">
              <span class="i-ph-link text-lg" aria-hidden="true" />
              {`Link ${props.name}`}
            </a>
          </div>
        }
      >
        {(account) => <AccountState provider={props.provider} account={account()} />}
      </Show>
      <Show when={props.channels.length > 0}>
        <ul
          class="flex flex-col gap-3 border-t border-space-600/60 pt-3"
          aria-label={`${props.name} channels`}
        >
          <For each={props.channels}>
            {(channel) => <ChannelRow channel={channel} onChanged={props.onChanged} />}
          </For>
        </ul>
      </Show>
      {props.children}
    </Card>
  );
}

function AccountState(props: { provider: StreamProvider; account: LinkedAccount }) {
  const connected = () => props.account.state === 'connected';
  return (
    <dl class="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-2 text-sm">
      <dt class="text-ink-muted">Account</dt>
      <dd class="font-medium text-ink">{props.account.username}</dd>
      <dt class="text-ink-muted">Token</dt>
      <dd>
        <Badge tone={connected() ? 'ok' : 'danger'} icon={connected() ? 'i-ph-check-circle' : 'i-ph-plugs'}>
          {connected() ? 'Connected' : 'Disconnected'}
        </Badge>
      </dd>
      <Show when={!connected()}>
        <dt class="text-ink-muted">Reason</dt>
        <dd class="flex flex-wrap items-center gap-3 text-ink">
          <span>{props.account.lastError ?? 'The platform no longer accepts the bot’s access.'}</span>
          <a
            href={streamAuthUrl(props.provider, backHere)}
            class="btn-primary btn-sm"
            rel="external"
            aria-label={`Reconnect ${providerNames[props.provider]}`}
          >
            <span class="i-ph-arrows-clockwise" aria-hidden="true" />
            Reconnect
          </a>
        </dd>
      </Show>
      <dt class="text-ink-muted">Expires</dt>
      <dd class="text-ink">
        <Show when={props.account.tokenExpiresAt} fallback="No expiry reported">
          {(at) => (
            <time datetime={at()} title={formatDateTime(at())}>
              {formatRelative(at())}
            </time>
          )}
        </Show>
      </dd>
    </dl>
  );
}

function ChannelRow(props: { channel: ChannelView; onChanged: () => unknown }) {
  const [enabled, setEnabled] = createSignal(props.channel.enabled);
  const [busy, setBusy] = createSignal(false);
  const toggle = async (next: boolean) => {
    setEnabled(next);
    setBusy(true);
    try {
      await setChannelEnabled(props.channel.id, next);
      toast(
        next ? `The bot joins ${props.channel.displayName}` : `The bot leaves ${props.channel.displayName}`,
      );
      void props.onChanged();
    } catch (error) {
      setEnabled(!next);
      toast(error instanceof ApiError ? error.message : 'Could not change the channel.', 'danger');
    } finally {
      setBusy(false);
    }
  };
  const lease = () => props.channel.lease;
  const connection = () => connectionLook(props.channel.connection?.state);
  return (
    <li class="flex flex-col gap-2">
      <p class="text-sm font-medium text-ink">
        {props.channel.displayName}
        <span class="ml-2 text-ink-muted">{props.channel.login}</span>
      </p>
      <CheckboxField
        label={`Bot joins ${props.channel.displayName}’s chat`}
        checked={enabled()}
        disabled={busy()}
        onChange={(next) => void toggle(next)}
      />
      <p class="flex flex-wrap items-center gap-2 text-sm text-ink-muted">
        <Show
          when={lease()}
          fallback={
            <Badge tone="neutral" icon="i-ph-plug">
              {enabled() ? 'Waiting for a chat runner' : 'Not joined'}
            </Badge>
          }
        >
          <Badge tone={connection().tone} icon={connection().online ? 'i-ph-plugs-connected' : 'i-ph-plug'}>
            {connection().text}
          </Badge>
        </Show>
      </p>
      <Show when={props.channel.platform === 'kick'}>
        <KickChatMode channel={props.channel} onChanged={props.onChanged} />
      </Show>
      <Show when={props.channel.quota}>
        {(quota) => (
          <p class="text-sm text-ink-muted">
            YouTube API today: {quota().used.toLocaleString()} of {quota().budget.toLocaleString()} units
          </p>
        )}
      </Show>
    </li>
  );
}
