/**
 * The Dynamic DNS tab: this server's public IP and the sources that agreed on it, a "check now",
 * the records kept pointing at it (provider, hostname, user; the password is write-only) with
 * their last IP, status and error, and the history of changes and updates.
 */
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatDateTime, formatRelative } from '../../lib/format';
import { ApiForm, createApiForm } from '../../ui/ApiForm';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { Dialog } from '../../ui/Dialog';
import { EditDeleteCell } from '../../ui/EditDeleteCell';
import { CheckboxField, Field, SelectField } from '../../ui/Field';
import { LoadState } from '../../ui/LoadState';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import {
  checkDdnsNow,
  createDdnsRecord,
  deleteDdnsRecord,
  getDdnsStatus,
  listDdnsHistory,
  listDdnsRecords,
  updateDdnsRecord,
} from './api';
import type { DdnsHistoryEntry, DdnsRecord, DdnsStatus, PublicIp } from './types';

const historyLook: Record<
  DdnsHistoryEntry['kind'],
  { tone: 'info' | 'ok' | 'danger'; text: string; icon: string }
> = {
  ip_changed: { tone: 'info', text: 'IP changed', icon: 'i-ph-arrows-left-right' },
  updated: { tone: 'ok', text: 'Updated', icon: 'i-ph-check' },
  failed: { tone: 'danger', text: 'Failed', icon: 'i-ph-x' },
};

const sourceName = (source: string | undefined) => {
  try {
    return source ? new URL(source).hostname : 'source';
  } catch {
    return source ?? 'source';
  }
};

/** The agreed IP, whichever form the status came in. */
const agreed = (status: DdnsStatus): PublicIp | null =>
  typeof status.publicIp === 'string'
    ? { ip: status.publicIp, at: status.lastCheck?.at ?? '', sources: status.lastCheck?.answers ?? [] }
    : status.publicIp;

export function DdnsPanel() {
  const status = createLoaded(getDdnsStatus);
  const records = createLoaded(listDdnsRecords);
  const history = createLoaded(listDdnsHistory);
  const [checking, setChecking] = createSignal(false);
  const [editing, setEditing] = createSignal<DdnsRecord | 'new' | null>(null);
  const reloadAll = () => {
    void status.reload();
    void records.reload();
    void history.reload();
  };
  const checkNow = async () => {
    setChecking(true);
    try {
      await checkDdnsNow();
      toast('Checked the public IP');
      reloadAll();
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Could not check now.', 'danger');
    } finally {
      setChecking(false);
    }
  };
  const removal = createConfirmation(async (record: DdnsRecord) => {
    await deleteDdnsRecord(record.id);
    toast(`Record ${record.hostname} deleted`);
    void records.reload();
  }, 'Could not delete the record.');

  return (
    <div class="flex flex-col gap-6">
      <Card
        title="Public IP"
        icon="i-ph-globe-simple"
        actions={
          <Button size="sm" icon="i-ph-arrow-clockwise" busy={checking()} onClick={() => void checkNow()}>
            Check now
          </Button>
        }
      >
        <LoadState load={status} what="public IP" lines={2}>
          {(s) => (
            <Show
              when={agreed(s)}
              fallback={
                <p class="text-sm text-ink-muted">
                  Not agreed yet: at least two sources must give the same address. The first check runs
                  shortly after start.
                </p>
              }
            >
              {(ip) => (
                <div class="flex flex-col gap-2">
                  <p class="font-mono text-2xl text-ink">{ip().ip}</p>
                  <p class="text-sm text-ink-muted">
                    Agreed {formatRelative(ip().at)}; what each source said:
                  </p>
                  <ul class="flex flex-wrap gap-2">
                    <For each={ip().sources}>
                      {(answer) => (
                        <li>
                          <Badge
                            tone={answer.ip ? (answer.ip === ip().ip ? 'ok' : 'warn') : 'danger'}
                            icon={answer.ip ? 'i-ph-check' : 'i-ph-x'}
                          >
                            {sourceName(answer.source)}: {answer.ip ?? answer.error ?? 'no answer'}
                          </Badge>
                        </li>
                      )}
                    </For>
                  </ul>
                </div>
              )}
            </Show>
          )}
        </LoadState>
      </Card>

      <TableCard
        title="Records"
        icon="i-ph-signpost"
        actions={
          <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setEditing('new')}>
            New record
          </Button>
        }
        load={records}
        what="dynamic DNS records"
        empty={{
          title: 'No records',
          icon: 'i-ph-signpost',
          body: 'Add a ZoneEdit or DynDNS host and it follows this server’s IP.',
        }}
        columns={[
          { label: 'Hostname' },
          { label: 'Provider' },
          { label: 'Username' },
          { label: 'Status' },
          { label: 'Last IP' },
          { label: 'Actions', hidden: true },
        ]}
        minWidth="min-w-[56rem]"
        order={(a, b) => a.hostname.localeCompare(b.hostname)}
      >
        {(record) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-mono text-sm font-normal text-ink">
              {record.hostname}
            </th>
            <td class="py-2 pr-4 text-ink-muted">{record.provider}</td>
            <td class="py-2 pr-4 text-ink-muted">{record.username}</td>
            <td class="py-2 pr-4">
              {!record.enabled ? (
                <Badge tone="neutral" icon="i-ph-pause">
                  Disabled
                </Badge>
              ) : record.lastError ? (
                <Badge tone="danger" icon="i-ph-x">
                  Failing
                </Badge>
              ) : record.lastStatus ? (
                <Badge tone="ok" icon="i-ph-check">
                  {record.lastStatus}
                </Badge>
              ) : (
                <Badge tone="info" icon="i-ph-hourglass">
                  Pending
                </Badge>
              )}
              <Show when={record.lastError}>
                <div class="text-xs text-danger-300">{record.lastError}</div>
              </Show>
            </td>
            <td class="py-2 pr-4 font-mono text-sm text-ink">{record.lastIp ?? '—'}</td>
            <EditDeleteCell
              name={record.hostname}
              onEdit={() => setEditing(record)}
              onDelete={() => removal.open(record)}
            />
          </tr>
        )}
      </TableCard>

      <TableCard
        title="History"
        icon="i-ph-clock-counter-clockwise"
        load={history}
        what="history"
        empty={{ title: 'No changes yet', icon: 'i-ph-clock' }}
        columns={[
          { label: 'When' },
          { label: 'What' },
          { label: 'From' },
          { label: 'To' },
          { label: 'Detail' },
        ]}
        minWidth="min-w-[48rem]"
      >
        {(entry) => (
          <tr>
            <th scope="row" class="whitespace-nowrap py-2 pr-4 text-left font-normal text-ink">
              {formatDateTime(entry.at)}
            </th>
            <td class="py-2 pr-4">
              <Badge tone={historyLook[entry.kind]?.tone ?? 'neutral'} icon={historyLook[entry.kind]?.icon}>
                {historyLook[entry.kind]?.text ?? entry.kind}
              </Badge>
            </td>
            <td class="py-2 pr-4 font-mono text-sm text-ink-muted">{entry.oldIp ?? '—'}</td>
            <td class="py-2 pr-4 font-mono text-sm text-ink">{entry.newIp ?? '—'}</td>
            <td class="py-2 text-ink-muted">{entry.detail ?? ''}</td>
          </tr>
        )}
      </TableCard>

      <Show when={editing()}>
        {(target) => (
          <RecordDialog
            record={target() === 'new' ? null : (target() as DdnsRecord)}
            onClose={() => setEditing(null)}
            onSaved={() => void records.reload()}
          />
        )}
      </Show>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete record ${removal.target()?.hostname ?? ''}?`}
        description="HomeLabHub stops updating it; the record at the provider stays as it is."
        confirmLabel="Delete record"
      />
    </div>
  );
}

function RecordDialog(props: { record: DdnsRecord | null; onClose: () => void; onSaved: () => void }) {
  const form = createApiForm({
    failure: 'Could not save the record.',
    fields: ['provider', 'hostname', 'serverUrl', 'username', 'password'],
  });
  const [provider, setProvider] = createSignal<DdnsRecord['provider']>(props.record?.provider ?? 'zoneedit');
  const [hostname, setHostname] = createSignal(props.record?.hostname ?? '');
  const [serverUrl, setServerUrl] = createSignal(props.record?.serverUrl ?? '');
  const [username, setUsername] = createSignal(props.record?.username ?? '');
  const [password, setPassword] = createSignal('');
  const [enabled, setEnabled] = createSignal(props.record?.enabled ?? true);
  const local = () => ({
    hostname: hostname().trim() ? null : 'Enter the host name to keep updated',
    serverUrl:
      !serverUrl().trim() || /^https?:\/\//.test(serverUrl().trim())
        ? null
        : 'Must start with http:// or https://',
    username: username().trim() ? null : 'Enter the provider username',
    password: password()
      ? null
      : props.record
        ? 'Enter it again to save: it is never shown'
        : 'Enter the provider password or token',
  });
  const submit = form.handleSubmit(
    async () => {
      const body = {
        provider: provider(),
        hostname: hostname().trim(),
        ...(serverUrl().trim() ? { serverUrl: serverUrl().trim() } : {}),
        username: username().trim(),
        enabled: enabled(),
      };
      if (props.record) await updateDdnsRecord(props.record.id, { ...body, password: password() });
      else await createDdnsRecord({ ...body, password: password() });
      toast(`Record ${body.hostname} saved`);
      props.onSaved();
      props.onClose();
    },
    { invalid: () => Object.values(local()).some(Boolean) },
  );
  return (
    <Dialog
      open={true}
      title={props.record ? `Edit ${props.record.hostname}` : 'New dynamic DNS record'}
      onClose={props.onClose}
      locked={form.busy()}
    >
      <ApiForm
        form={form}
        onSubmit={submit}
        failureTitle="Could not save the record"
        submitLabel={props.record ? 'Save record' : 'Create record'}
        submitIcon="i-ph-floppy-disk"
        onCancel={props.onClose}
      >
        <SelectField
          label="Provider"
          value={provider()}
          onChange={(value) => setProvider(value as DdnsRecord['provider'])}
          options={[
            { value: 'zoneedit', label: 'ZoneEdit' },
            { value: 'dyndns2', label: 'DynDNS (dyndns2 protocol)' },
          ]}
          error={form.fieldError('provider')}
        />
        <Field
          label="Hostname"
          placeholder="home.rig-city.com"
          value={hostname()}
          onInput={(e) => setHostname(e.currentTarget.value)}
          error={form.fieldError('hostname', local().hostname)}
        />
        <Field
          label="Update URL"
          hint="The provider's update endpoint; ZoneEdit's when empty."
          value={serverUrl()}
          onInput={(e) => setServerUrl(e.currentTarget.value)}
          error={form.fieldError('serverUrl', local().serverUrl)}
        />
        <div class="grid gap-4 sm:grid-cols-2">
          <Field
            label="Username"
            autocomplete="off"
            value={username()}
            onInput={(e) => setUsername(e.currentTarget.value)}
            error={form.fieldError('username', local().username)}
          />
          <Field
            label="Password or token"
            type="password"
            autocomplete="new-password"
            hint={
              props.record
                ? 'Write-only: it is never shown, so enter it again to save.'
                : 'Stored encrypted; never shown again.'
            }
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
            error={form.fieldError('password', local().password)}
          />
        </div>
        <CheckboxField label="Enabled" checked={enabled()} onChange={setEnabled} />
      </ApiForm>
    </Dialog>
  );
}
