/**
 * The Counters tab: the numbers `$(count name)` raises and `!counter` sets, each settable in its
 * row, reset to 0 or deleted; a new one starts from the form above the table.
 */
import { createSignal, createUniqueId } from 'solid-js';
import { ApiError } from '../../../api/client';
import { formatDateTime } from '../../../lib/format';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { createConfirmation } from '../../../ui/confirmation';
import { EditDeleteCell } from '../../../ui/EditDeleteCell';
import { TableCard } from '../../../ui/TableCard';
import { toast } from '../../../ui/Toast';
import { createLoaded } from '../../monitoring/load';
import { type BotCounter, counterNamePattern, deleteCounter, listCounters, setCounter } from '../tools-api';

const maxValue = 2 ** 53 - 1;
const parseValue = (text: string) => {
  const n = Number(text);
  return text.trim() !== '' && Number.isSafeInteger(n) && Math.abs(n) <= maxValue ? n : null;
};

export function CountersTab() {
  const counters = createLoaded(listCounters);
  const replace = (saved: BotCounter) =>
    counters.setValue((list) => {
      const rest = (list ?? []).filter((c) => c.name !== saved.name);
      return [...rest, saved].sort((a, b) => a.name.localeCompare(b.name));
    });
  const save = async (name: string, value: number, done: string) => {
    try {
      replace(await setCounter(name, value));
      toast(done);
      return true;
    } catch (error) {
      toast(error instanceof ApiError ? error.message : `Could not set ${name}`, 'danger');
      return false;
    }
  };
  const removal = createConfirmation(async (c: BotCounter) => {
    await deleteCounter(c.name);
    toast(`Counter ${c.name} deleted`);
    counters.setValue((list) => list?.filter((item) => item.name !== c.name) ?? null);
  }, 'Could not delete the counter.');

  return (
    <div class="flex flex-col gap-4">
      <p class="max-w-prose text-sm text-ink-muted">
        Put <code class="font-mono text-violet-200">$(count deaths)</code> in a command’s reply to add one and
        show the total, or <code class="font-mono text-violet-200">$(getcount deaths)</code> to only show it.
        Mods set them from chat with <code class="font-mono text-violet-200">!counter deaths +1</code>,{' '}
        <code class="font-mono text-violet-200">-1</code> or{' '}
        <code class="font-mono text-violet-200">=10</code>.
      </p>
      <NewCounter onSave={save} />
      <TableCard
        title="Counters"
        icon="i-ph-hash"
        load={counters}
        what="counters"
        empty={{
          title: 'No counters yet',
          icon: 'i-ph-hash',
          body: 'A counter appears the first time $(count name) runs, or add one above.',
        }}
        columns={[
          { label: 'Name' },
          { label: 'Value' },
          { label: 'Changed' },
          { label: 'Actions', hidden: true },
        ]}
        minWidth="min-w-[44rem]"
      >
        {(c) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-mono font-medium text-ink">
              {c.name}
            </th>
            <td class="py-2 pr-4">
              <ValueEditor counter={c} onSave={save} />
            </td>
            <td class="py-2 pr-4 whitespace-nowrap text-ink-muted">{formatDateTime(c.updatedAt)}</td>
            <EditDeleteCell name={c.name} onDelete={() => removal.open(c)}>
              <Button
                size="sm"
                icon="i-ph-arrow-counter-clockwise"
                aria-label={`Reset ${c.name} to 0`}
                disabled={c.value === 0}
                onClick={() => void save(c.name, 0, `${c.name} reset to 0`)}
              >
                Reset
              </Button>
            </EditDeleteCell>
          </tr>
        )}
      </TableCard>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete counter ${removal.target()?.name ?? ''}?`}
        description="Its value is lost; $(count) starts it again from 1 the next time it runs."
        confirmLabel="Delete counter"
      />
    </div>
  );
}

type Save = (name: string, value: number, done: string) => Promise<boolean>;

/** The value as a number box with its own Set button, so a row changes without a dialog. */
function ValueEditor(props: { counter: BotCounter; onSave: Save }) {
  const [text, setText] = createSignal(String(props.counter.value));
  const [busy, setBusy] = createSignal(false);
  const value = () => parseValue(text());
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const v = value();
    if (v === null || busy()) return;
    setBusy(true);
    await props.onSave(props.counter.name, v, `${props.counter.name} set to ${v}`);
    setBusy(false);
  };
  return (
    <form class="flex items-center gap-2" onSubmit={submit} noValidate>
      <input
        type="number"
        class="input-field w-32 text-sm"
        step="1"
        aria-label={`Value of ${props.counter.name}`}
        aria-invalid={value() === null ? 'true' : undefined}
        value={text()}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <Button
        type="submit"
        size="sm"
        busy={busy()}
        disabled={value() === null || value() === props.counter.value}
        aria-label={`Set ${props.counter.name}`}
      >
        Set
      </Button>
    </form>
  );
}

/** A new counter: a name the chat can type and a starting value. */
function NewCounter(props: { onSave: Save }) {
  const nameId = createUniqueId();
  const valueId = createUniqueId();
  const errorId = createUniqueId();
  const [name, setName] = createSignal('');
  const [text, setText] = createSignal('0');
  const [tried, setTried] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const problem = () =>
    !counterNamePattern.test(name().trim())
      ? 'Name: 1–40 letters, digits, _ or - (no spaces)'
      : parseValue(text()) === null
        ? 'Value: a whole number'
        : null;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setTried(true);
    if (problem() || busy()) return;
    setBusy(true);
    const counter = name().trim().toLowerCase();
    const ok = await props.onSave(counter, parseValue(text())!, `Counter ${counter} saved`);
    setBusy(false);
    if (ok) {
      setName('');
      setText('0');
      setTried(false);
    }
  };
  return (
    <form
      class="glass-panel flex flex-wrap items-end gap-3 p-4"
      onSubmit={submit}
      noValidate
      aria-label="New counter"
    >
      <div class="flex flex-col gap-1.5">
        <label for={nameId} class="text-sm font-medium text-ink">
          Counter name
        </label>
        <input
          id={nameId}
          class="input-field w-48 font-mono text-sm"
          maxLength={40}
          spellcheck={false}
          aria-invalid={tried() && problem()?.startsWith('Name') ? 'true' : undefined}
          aria-describedby={tried() && problem() ? errorId : undefined}
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </div>
      <div class="flex flex-col gap-1.5">
        <label for={valueId} class="text-sm font-medium text-ink">
          Starting value
        </label>
        <input
          id={valueId}
          type="number"
          step="1"
          class="input-field w-32 text-sm"
          aria-invalid={tried() && problem()?.startsWith('Value') ? 'true' : undefined}
          aria-describedby={tried() && problem() ? errorId : undefined}
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </div>
      <Button type="submit" size="sm" variant="primary" icon="i-ph-plus" busy={busy()}>
        Add counter
      </Button>
      <p id={errorId} class="w-full text-xs text-danger-300" hidden={!(tried() && problem())}>
        {tried() ? problem() : ''}
      </p>
    </form>
  );
}
