/** What moderation leaves alone: phrases, users and link hosts (undoing an action adds one). */
import { createSignal } from 'solid-js';
import { createApiForm, FormError } from '../../../ui/ApiForm';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { DataTable } from '../../../ui/DataTable';
import { Field, SelectField } from '../../../ui/Field';
import { LoadState } from '../../../ui/LoadState';
import { toast } from '../../../ui/Toast';
import { createLoaded } from '../../monitoring/load';
import { type AllowKind, addAllow, listAllowlist, removeAllow } from '../api';

const kinds = [
  { value: 'phrase', label: 'Phrase' },
  { value: 'user', label: 'User' },
  { value: 'link', label: 'Site (host)' },
] as const;
const kindLabel = (kind: AllowKind) => kinds.find((k) => k.value === kind)!.label;

export function Allowlist() {
  const list = createLoaded(listAllowlist);
  const form = createApiForm({ failure: 'Could not add the entry.', fields: ['value'] });
  const [kind, setKind] = createSignal<AllowKind>('phrase');
  const [value, setValue] = createSignal('');
  const local = () => (value().trim() ? null : 'Write what to allow');
  const submit = form.handleSubmit(
    async () => {
      const entry = await addAllow(kind(), value().trim());
      list.setValue((entries) => [
        ...(entries ?? []).filter((e) => !(e.kind === entry.kind && e.value === entry.value)),
        entry,
      ]);
      setValue('');
      toast('Added to the allow-list');
    },
    { invalid: local },
  );
  const remove = async (k: AllowKind, v: string) => {
    try {
      await removeAllow(k, v);
      list.setValue((entries) => (entries ?? []).filter((e) => !(e.kind === k && e.value === v)));
      toast('Removed from the allow-list');
    } catch {
      toast('Could not remove the entry', 'danger');
    }
  };
  return (
    <Card title="Allow-list" icon="i-ph-hand-palm">
      <form class="grid items-end gap-4 sm:grid-cols-[10rem_1fr_auto]" onSubmit={submit} noValidate>
        <SelectField label="Kind" value={kind()} options={kinds} onChange={(v) => setKind(v as AllowKind)} />
        <Field
          label="Allow"
          placeholder="a phrase, a user name, or example.com"
          maxLength={100}
          value={value()}
          onInput={(e) => setValue(e.currentTarget.value)}
          error={form.fieldError('value', local())}
        />
        <Button type="submit" variant="primary" icon="i-ph-plus" busy={form.busy()}>
          Add
        </Button>
      </form>
      <FormError form={form} title="Could not add the entry" />
      <LoadState
        load={list}
        what="allow-list"
        empty={{
          title: 'Nothing allowed yet',
          icon: 'i-ph-hand-palm',
          body: 'Undoing an action adds what it caught here, or add a phrase, user or site yourself.',
        }}
      >
        {(entries) => (
          <DataTable
            caption="Allowed phrases, users and sites"
            columns={[{ label: 'Kind' }, { label: 'Value' }, { label: 'Added by' }, { label: 'Remove' }]}
            items={entries}
            minWidth="min-w-[32rem]"
          >
            {(e) => (
              <tr>
                <td class="py-2 pr-4 text-ink-muted">{kindLabel(e.kind)}</td>
                <th scope="row" class="py-2 pr-4 text-left font-mono font-medium">
                  {e.value}
                </th>
                <td class="py-2 pr-4 text-ink-muted">{e.addedBy ?? '—'}</td>
                <td class="py-2 pr-4">
                  <Button
                    size="sm"
                    variant="danger"
                    icon="i-ph-trash"
                    aria-label={`Remove ${kindLabel(e.kind).toLowerCase()} ${e.value}`}
                    onClick={() => void remove(e.kind, e.value)}
                  >
                    Remove
                  </Button>
                </td>
              </tr>
            )}
          </DataTable>
        )}
      </LoadState>
    </Card>
  );
}
