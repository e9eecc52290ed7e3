/** API keys: list, create (token shown once), and revoke with a confirmation. */
import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { ApiError, api, unwrap } from '../../api/client';
import type { ApiKey } from '../../api/types';
import { formatDateTime, formatRelative } from '../../lib/format';
import { Badge, type Tone } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { Skeleton } from '../../ui/Skeleton';
import { toast } from '../../ui/Toast';
import { CreateKeyDialog } from './CreateKeyDialog';
import { settingsChanged } from './changes';

function keyStatus(key: ApiKey): { tone: Tone; text: string } {
  if (key.revokedAt) return { tone: 'danger', text: 'Revoked' };
  if (key.expiresAt && Date.parse(key.expiresAt) <= Date.now()) return { tone: 'warn', text: 'Expired' };
  return { tone: 'ok', text: 'Active' };
}

const scopeTone: Record<ApiKey['scope'], Tone> = { read: 'info', write: 'warn', admin: 'danger' };

export function ApiKeysSection() {
  const [keys, { refetch }] = createResource(async () => (await unwrap(api.api['api-keys'].$get())).keys);
  const [creating, setCreating] = createSignal(false);
  const revoking = createConfirmation(async (key: ApiKey) => {
    await unwrap(api.api['api-keys'][':id'].$delete({ param: { id: String(key.id) } }));
    toast(`Key “${key.name}” revoked`);
    void refetch();
    settingsChanged();
  }, 'Could not revoke the key.');

  return (
    <Card
      id="api-keys"
      title="API keys"
      icon="i-ph-key"
      actions={
        <Button variant="primary" size="sm" icon="i-ph-plus" onClick={() => setCreating(true)}>
          Create key
        </Button>
      }
    >
      <Switch>
        <Match when={keys.error}>
          <ErrorState
            title="Could not load API keys"
            message={keys.error instanceof ApiError ? keys.error.message : undefined}
            onRetry={() => void refetch()}
            retrying={keys.loading}
          />
        </Match>
        <Match when={keys.state === 'pending' || keys.state === 'unresolved'}>
          <Skeleton lines={3} label="Loading API keys…" />
        </Match>
        <Match when={keys.latest?.length === 0}>
          <EmptyState title="No API keys yet" icon="i-ph-key">
            Create one for scripts, the homelab CLI or a monitoring tool.
          </EmptyState>
        </Match>
        <Match when={keys.latest}>
          {(list) => (
            <DataTable
              minWidth="min-w-[44rem]"
              columns={[
                { label: 'Name' },
                { label: 'Scope' },
                { label: 'Last used' },
                { label: 'Expires' },
                { label: 'Status' },
                { label: 'Actions', hidden: true },
              ]}
              items={list()}
            >
              {(key) => (
                <tr>
                  <td class="py-2 pr-4">
                    <div class="font-medium text-ink">{key.name}</div>
                    <div class="text-xs text-ink-muted">created {formatDateTime(key.createdAt)}</div>
                  </td>
                  <td class="py-2 pr-4">
                    <Badge tone={scopeTone[key.scope]}>{key.scope}</Badge>
                  </td>
                  <td class="py-2 pr-4 text-ink-muted">{formatRelative(key.lastUsedAt)}</td>
                  <td class="py-2 pr-4 text-ink-muted">
                    {key.expiresAt ? formatDateTime(key.expiresAt) : 'never'}
                  </td>
                  <td class="py-2 pr-4">
                    <Badge tone={keyStatus(key).tone}>{keyStatus(key).text}</Badge>
                  </td>
                  <td class="py-2 text-right">
                    <Show when={keyStatus(key).text === 'Active'}>
                      <Button
                        size="sm"
                        variant="danger"
                        icon="i-ph-prohibit"
                        aria-label={`Revoke key ${key.name}`}
                        onClick={() => revoking.open(key)}
                      >
                        Revoke
                      </Button>
                    </Show>
                  </td>
                </tr>
              )}
            </DataTable>
          )}
        </Match>
      </Switch>
      <CreateKeyDialog
        open={creating()}
        onClose={() => setCreating(false)}
        onCreated={() => {
          void refetch();
          settingsChanged();
        }}
      />
      <ConfirmDialog
        {...revoking.dialog}
        title="Revoke this API key?"
        description={`Anything using “${revoking.target()?.name ?? ''}” stops working immediately. This cannot be undone.`}
        confirmLabel="Revoke key"
      />
    </Card>
  );
}
