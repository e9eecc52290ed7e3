/** Moderation actions as a table, with approve and undo where the row still allows them. */
import { createSignal, Show } from 'solid-js';
import { Badge, type Tone } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { DataTable } from '../../../ui/DataTable';
import { toast } from '../../../ui/Toast';
import { type AllowEntry, approveAction, type ModAction, undoAction } from '../api';

const stateTone: Record<ModAction['state'], Tone> = {
  done: 'info',
  failed: 'danger',
  approved: 'ok',
  undone: 'neutral',
};

export function describeAction(a: ModAction) {
  if (a.rule === 'raid') return 'Anti-raid mode';
  if (a.review) return 'For review';
  if (a.action === 'timeout') return `Timeout ${a.durationS ?? 0}s`;
  return { warn: 'Warning', delete: 'Deleted', ban: 'Banned', timeout: 'Timeout' }[a.action];
}

const allowedText = (entry: AllowEntry) =>
  `${{ phrase: 'Phrase', user: 'User', link: 'Site' }[entry.kind]} "${entry.value}" is now allowed`;

export function ActionsTable(props: {
  caption: string;
  actions: ModAction[];
  onChanged: (next: ModAction) => void;
}) {
  const [busy, setBusy] = createSignal<number | null>(null);
  const run = async (a: ModAction, what: 'approve' | 'undo') => {
    setBusy(a.id);
    try {
      if (what === 'approve') {
        props.onChanged(await approveAction(a.id));
        toast('Approved');
      } else {
        const result = await undoAction(a.id);
        props.onChanged(result.action);
        toast(result.allowed ? `Undone. ${allowedText(result.allowed)}` : 'Undone');
      }
    } catch {
      toast(what === 'approve' ? 'Could not approve the action' : 'Could not undo the action', 'danger');
    } finally {
      setBusy(null);
    }
  };
  return (
    <DataTable
      caption={props.caption}
      columns={[
        { label: 'When' },
        { label: 'Viewer' },
        { label: 'Message' },
        { label: 'Rule' },
        { label: 'Action' },
        { label: 'State' },
        { label: 'Review' },
      ]}
      items={props.actions}
      minWidth="min-w-[56rem]"
    >
      {(a) => (
        <tr>
          <td class="py-2 pr-4 text-ink-muted whitespace-nowrap">{new Date(a.createdAt).toLocaleString()}</td>
          <th scope="row" class="py-2 pr-4 text-left font-medium">
            {a.userName || '—'}
            <span class="block text-xs text-ink-muted">{a.platform}</span>
          </th>
          <td class="max-w-[20rem] py-2 pr-4 break-words">{a.message || '—'}</td>
          <td class="py-2 pr-4">
            <span class="font-mono">{a.rule}</span>
            <Show when={a.score !== null}>
              <span class="block text-xs text-ink-muted">score {a.score!.toFixed(2)}</span>
            </Show>
            <span class="block text-xs text-ink-muted">{a.reason}</span>
          </td>
          <td class="py-2 pr-4 whitespace-nowrap">{describeAction(a)}</td>
          <td class="py-2 pr-4">
            <Badge tone={stateTone[a.state]}>{a.state}</Badge>
            <Show when={a.detail}>
              <span class="block text-xs text-ink-muted">{a.detail}</span>
            </Show>
          </td>
          <td class="py-2 pr-4">
            <Show
              when={(a.state === 'done' || a.state === 'failed') && a.rule !== 'raid'}
              fallback={<span class="text-xs text-ink-muted">{a.reviewedBy ?? ''}</span>}
            >
              <div class="flex gap-2">
                <Button
                  size="sm"
                  icon="i-ph-check"
                  busy={busy() === a.id}
                  aria-label={`Approve action ${a.id} on ${a.userName}`}
                  onClick={() => void run(a, 'approve')}
                >
                  Approve
                </Button>
                <Button
                  size="sm"
                  icon="i-ph-arrow-counter-clockwise"
                  busy={busy() === a.id}
                  aria-label={`Undo action ${a.id} on ${a.userName}`}
                  onClick={() => void run(a, 'undo')}
                >
                  Undo
                </Button>
              </div>
            </Show>
          </td>
        </tr>
      )}
    </DataTable>
  );
}
