/**
 * Mission control's view of the stream bot's platform tokens (every streamer's linked accounts,
 * never the token values): state, expiry, the last error, and a forced refresh per account.
 */
import { createResource, createSignal } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatDateTime, formatRelative } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { listTokenStatus, refreshToken } from '../stream/api';
import { providerNames } from '../stream/labels';
import type { TokenStatus } from '../stream/types';

const columns = [
  { label: 'Provider' },
  { label: 'Account' },
  { label: 'State' },
  { label: 'Expires' },
  { label: 'Last error' },
  { label: 'Actions', hidden: true },
];

export function StreamTokensSection() {
  const [tokens, { refetch }] = createResource(listTokenStatus);
  const [busyId, setBusyId] = createSignal<string | null>(null);

  const refresh = async (token: TokenStatus) => {
    setBusyId(token.id);
    try {
      await refreshToken(token.id);
      toast(`Refresh of ${token.username}’s ${providerNames[token.provider]} token queued`);
      // The tokens runner needs a moment; read the row again once it has likely run.
      setTimeout(() => void refetch(), 5000);
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Could not queue the refresh.', 'danger');
    } finally {
      setBusyId(null);
    }
  };

  return (
    <div id="stream-tokens">
      <TableCard
        title="Stream bot tokens"
        icon="i-ph-key"
        what="stream bot tokens"
        load={{
          value: () => tokens.latest,
          error: () => tokens.error,
          loading: () => tokens.loading,
          reload: refetch,
        }}
        empty={{
          title: 'No stream accounts linked yet',
          icon: 'i-ph-broadcast',
          body: 'Streamers link Twitch, YouTube, Kick and Spotify in the stream studio; their tokens show up here.',
        }}
        columns={columns}
        minWidth="min-w-[48rem]"
        actions={
          <Button
            size="sm"
            variant="ghost"
            icon="i-ph-arrow-clockwise"
            busy={tokens.loading}
            onClick={() => void refetch()}
          >
            Reload
          </Button>
        }
      >
        {(token) => (
          <tr>
            <td class="px-3 py-2 text-ink">{providerNames[token.provider] ?? token.provider}</td>
            <td class="px-3 py-2 text-ink">
              {token.username}
              {<span class="block text-xs text-ink-muted">{token.ownerUsername}</span>}
            </td>
            <td class="px-3 py-2">
              <Badge tone={token.state === 'connected' ? 'ok' : 'danger'}>
                {token.state === 'connected' ? 'Connected' : 'Disconnected'}
              </Badge>
            </td>
            <td class="px-3 py-2 text-ink">
              {token.tokenExpiresAt ? (
                <time datetime={token.tokenExpiresAt} title={formatDateTime(token.tokenExpiresAt)}>
                  {formatRelative(token.tokenExpiresAt)}
                </time>
              ) : (
                '—'
              )}
            </td>
            <td class="max-w-64 px-3 py-2 text-ink-muted">{token.lastError ?? '—'}</td>
            <td class="px-3 py-2 text-right">
              <Button
                size="sm"
                icon="i-ph-arrows-clockwise"
                busy={busyId() === token.id}
                aria-label={`Refresh now: ${token.username} on ${providerNames[token.provider] ?? token.provider}`}
                onClick={() => void refresh(token)}
              >
                Refresh now
              </Button>
            </td>
          </tr>
        )}
      </TableCard>
    </div>
  );
}
