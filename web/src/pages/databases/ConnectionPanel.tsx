/**
 * How to connect to an instance. The credentials are fetched only when asked for (each reveal is
 * audited) and the password stays masked, in the connection string too, until "Show password".
 */
import { createSignal, For, Show } from 'solid-js';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { messageOf } from '../docker/errors';
import { getCredentials } from './api';
import { maskSecret } from './instances';
import type { DatabaseCredentials, DatabaseInstance } from './types';

export function ConnectionPanel(props: { instance: DatabaseInstance; autoLoad?: boolean }) {
  const [credentials, setCredentials] = createSignal<DatabaseCredentials | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [revealed, setRevealed] = createSignal(false);

  const load = async () => {
    setLoading(true);
    setError(null);
    try {
      setCredentials(await getCredentials(props.instance.id));
    } catch (caught) {
      setError(messageOf(caught, 'Could not fetch the credentials.'));
    } finally {
      setLoading(false);
    }
  };
  if (props.autoLoad) void load();

  const shown = (text: string) => (revealed() ? text : maskSecret(text, credentials()?.password ?? ''));

  return (
    <div class="flex flex-col gap-3">
      <Show when={error()}>
        <Banner tone="danger" title="Could not fetch the credentials">
          {error()}
        </Banner>
      </Show>
      <Show
        when={credentials()}
        fallback={
          <div>
            <Button size="sm" icon="i-ph-key" busy={loading()} onClick={() => void load()}>
              Show connection details
            </Button>
            <p class="mt-1 text-xs text-ink-muted">Fetching them is recorded in the audit log.</p>
          </div>
        }
      >
        {(c) => (
          <>
            <For
              each={[
                { label: 'Connection string', value: c().connectionString, what: 'connection string' },
                {
                  label: 'From containers on its network',
                  value: c().internalConnectionString,
                  what: 'internal connection string',
                },
              ]}
            >
              {(row) => (
                <div class="flex flex-col gap-1">
                  <span class="text-xs text-ink-muted">{row.label}</span>
                  <div class="flex flex-wrap items-center gap-2">
                    <code class="min-w-0 flex-1 break-all rounded-control border border-space-600 bg-space-950/80 px-3 py-2 font-mono text-xs text-ink">
                      {shown(row.value)}
                    </code>
                    <CopyButton text={row.value} what={row.what} />
                  </div>
                </div>
              )}
            </For>
            <dl class="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
              <div>
                <dt class="text-xs text-ink-muted">Host</dt>
                <dd class="break-all font-mono text-ink">{c().host}</dd>
              </div>
              <div>
                <dt class="text-xs text-ink-muted">Port</dt>
                <dd class="font-mono text-ink">{c().port}</dd>
              </div>
              <div>
                <dt class="text-xs text-ink-muted">Username</dt>
                <dd class="break-all font-mono text-ink">{c().username}</dd>
              </div>
              <div>
                <dt class="text-xs text-ink-muted">Database</dt>
                <dd class="break-all font-mono text-ink">{c().database ?? '—'}</dd>
              </div>
            </dl>
            <div class="flex flex-wrap items-center gap-2">
              <span class="text-xs text-ink-muted">Password</span>
              <code class="rounded-control border border-space-600 bg-space-950/80 px-3 py-1.5 font-mono text-xs text-ink">
                <Show
                  when={revealed()}
                  fallback={
                    <>
                      <span aria-hidden="true">••••••••</span>
                      <span class="sr-only">hidden</span>
                    </>
                  }
                >
                  {c().password}
                </Show>
              </code>
              <Button
                size="sm"
                icon={revealed() ? 'i-ph-eye-slash' : 'i-ph-eye'}
                aria-pressed={revealed()}
                onClick={() => setRevealed(!revealed())}
              >
                {revealed() ? 'Hide password' : 'Show password'}
              </Button>
              <CopyButton text={c().password} what="password" />
            </div>
          </>
        )}
      </Show>
    </div>
  );
}
