/**
 * /studio/giveaways: the running giveaway (entries counted live), starting one, drawing, rerolling,
 * closing and cancelling it (each confirmed), its winners with the time left to claim, and history.
 */
import { createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { pollWhileVisible } from '../../lib/poll';
import { usePageTitle } from '../../lib/title';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { LoadState } from '../../ui/LoadState';
import { PageHeader } from '../../ui/PageHeader';
import { toast } from '../../ui/Toast';
import { type Giveaway, type GiveawayAction, giveawayAction, listGiveaways } from './api';
import { GiveawayForm } from './GiveawayForm';
import { HistoryCard } from './HistoryCard';
import { WinnerList } from './WinnerList';

/** Entries come in fast while a giveaway is open. */
const livePollMs = 3_000;

const actionLooks: Record<
  GiveawayAction,
  { label: string; title: string; description: string; done: string }
> = {
  close: {
    label: 'Close entries',
    title: 'Close entries?',
    description: 'Viewers can no longer enter. You can still draw.',
    done: 'Entries closed',
  },
  draw: {
    label: 'Draw winner',
    title: 'Draw a winner?',
    description:
      'Entries close and a winner is picked among entrants who have not won yet, then announced in chat.',
    done: 'Winner drawn',
  },
  reroll: {
    label: 'Reroll',
    title: 'Reroll the winner?',
    description: 'The pending winner is set aside and another entrant is drawn.',
    done: 'Rerolled',
  },
  cancel: {
    label: 'Cancel giveaway',
    title: 'Cancel this giveaway?',
    description: 'Nobody wins; paid entries are refunded.',
    done: 'Giveaway cancelled',
  },
};

const stateLabels: Record<Giveaway['state'], string> = {
  open: 'Open',
  closed: 'Entries closed',
  drawn: 'Drawn',
  cancelled: 'Cancelled',
};

/** The giveaway the card shows: the running one, or the last drawn one while a win is pending. */
export function currentOf(list: Giveaway[]): Giveaway | null {
  return (
    list.find((g) => g.state === 'open' || g.state === 'closed') ??
    list.find((g) => g.state === 'drawn' && g.winners.some((w) => w.state === 'pending')) ??
    null
  );
}

export default function GiveawaysPage() {
  usePageTitle('Giveaways');
  const [giveaways, { refetch, mutate }] = createResource(listGiveaways);
  pollWhileVisible(() => void refetch(), livePollMs);
  const [now, setNow] = createSignal(Date.now());
  const clock = setInterval(() => setNow(Date.now()), 1_000);
  onCleanup(() => clearInterval(clock));

  const [asking, setAsking] = createSignal<GiveawayAction | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const current = () => currentOf(giveaways.latest ?? []);
  const replace = (updated: Giveaway) =>
    mutate((list) => {
      const rest = (list ?? []).filter((g) => g.id !== updated.id);
      return [updated, ...rest].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    });

  const act = async () => {
    const action = asking();
    const giveaway = current();
    if (!action || !giveaway) return;
    setBusy(true);
    setError(null);
    try {
      replace(await giveawayAction(giveaway.id, action));
      toast(actionLooks[action].done);
      setAsking(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The action failed. Try again.');
    } finally {
      setBusy(false);
    }
  };

  const available = (g: Giveaway): GiveawayAction[] => {
    if (g.state === 'open') return ['close', 'draw', 'cancel'];
    if (g.state === 'closed') return ['draw', 'cancel'];
    if (g.state === 'drawn') return ['reroll', 'draw'];
    return [];
  };

  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Giveaways"
        description="Viewers enter by typing the keyword in chat; winners claim by speaking in chat before the time runs out."
      />
      <LoadState
        what="giveaways"
        load={{
          value: () => giveaways.latest,
          error: () => giveaways.error,
          loading: () => giveaways.loading,
          reload: refetch,
        }}
      >
        {(list) => (
          <div class="flex flex-col gap-6">
            <Show
              when={current()}
              fallback={
                <Card title="Start a giveaway" icon="i-ph-gift">
                  <GiveawayForm
                    onStarted={(g) => {
                      replace(g);
                      toast(`Giveaway for ${g.prize} is open`);
                    }}
                  />
                </Card>
              }
            >
              {(g) => (
                <Card title={g().prize} icon="i-ph-gift">
                  <div class="flex flex-col gap-4">
                    <dl class="grid grid-cols-2 gap-3 sm:grid-cols-4">
                      <div>
                        <dt class="text-sm text-space-200">State</dt>
                        <dd>{stateLabels[g().state]}</dd>
                      </div>
                      <div>
                        <dt class="text-sm text-space-200">Keyword</dt>
                        <dd class="font-mono">{g().keyword}</dd>
                      </div>
                      <div>
                        <dt class="text-sm text-space-200">Entries</dt>
                        <dd aria-live="polite" data-testid="entries">
                          {g().entries}
                        </dd>
                      </div>
                      <div>
                        <dt class="text-sm text-space-200">Cost</dt>
                        <dd>{g().cost > 0 ? g().cost : 'Free'}</dd>
                      </div>
                    </dl>
                    <div class="flex flex-wrap gap-2">
                      <For each={available(g())}>
                        {(action) => (
                          <Button
                            variant={action === 'cancel' ? 'danger' : action === 'draw' ? 'primary' : 'ghost'}
                            onClick={() => {
                              setError(null);
                              setAsking(action);
                            }}
                          >
                            {actionLooks[action].label}
                          </Button>
                        )}
                      </For>
                    </div>
                    <WinnerList winners={g().winners} now={now()} />
                  </div>
                </Card>
              )}
            </Show>
            <HistoryCard
              items={list}
              caption="Past giveaways"
              columns={['Prize', 'Started', 'Entries', 'State', 'Winners']}
              empty="No giveaways yet."
              cells={(g) => [
                g.prize,
                formatDateTime(g.createdAt),
                g.entries,
                stateLabels[g.state],
                g.winners
                  .filter((w) => w.state !== 'rerolled')
                  .map((w) => `${w.userName} (${w.state})`)
                  .join(', ') || '—',
              ]}
            />
          </div>
        )}
      </LoadState>
      <ConfirmDialog
        open={asking() !== null}
        title={asking() ? actionLooks[asking()!].title : ''}
        description={asking() ? actionLooks[asking()!].description : ''}
        confirmLabel={asking() ? actionLooks[asking()!].label : ''}
        variant={asking() === 'cancel' ? 'danger' : 'primary'}
        busy={busy()}
        error={error()}
        onConfirm={act}
        onCancel={() => setAsking(null)}
      />
    </div>
  );
}
