/**
 * /studio/polls: open a poll or a bet, watch the tallies live, close, resolve (bets) or cancel
 * (refunding stakes), and the history. Chat can do the same with !poll and !bet.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { pollWhileVisible } from '../../lib/poll';
import { usePageTitle } from '../../lib/title';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { SelectField } from '../../ui/Field';
import { LoadState } from '../../ui/LoadState';
import { PageHeader } from '../../ui/PageHeader';
import { toast } from '../../ui/Toast';
import { listPolls, type Poll, pollAction, resolveBet } from './api';
import { HistoryCard } from './HistoryCard';
import { PollForm } from './PollForm';
import { TallyBars } from './TallyBars';

const livePollMs = 3_000;

type Asking = { poll: Poll; action: 'close' | 'cancel' | 'resolve' };

const stateLabels: Record<Poll['state'], string> = {
  open: 'Open',
  closed: 'Closed',
  resolved: 'Resolved',
  cancelled: 'Cancelled',
};

/** The winning option once a bet is resolved, else the one with the most votes so far. */
const topOption = (poll: Poll) =>
  poll.winningOption !== null
    ? poll.options[poll.winningOption]
    : [...poll.tallies].sort((a, b) => b.votes - a.votes)[0]?.label;

export default function PollsPage() {
  usePageTitle('Polls and bets');
  const [polls, { refetch, mutate }] = createResource(listPolls);
  pollWhileVisible(() => void refetch(), livePollMs);
  const [asking, setAsking] = createSignal<Asking | null>(null);
  const [winner, setWinner] = createSignal('0');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const running = () =>
    (polls.latest ?? []).filter((p) => p.state === 'open' || (p.kind === 'bet' && p.state === 'closed'));
  const replace = (updated: Poll) =>
    mutate((list) =>
      [updated, ...(list ?? []).filter((p) => p.id !== updated.id)].sort((a, b) =>
        b.createdAt.localeCompare(a.createdAt),
      ),
    );

  const ask = (poll: Poll, action: Asking['action']) => {
    setError(null);
    setWinner('0');
    setAsking({ poll, action });
  };

  const confirm = async () => {
    const a = asking();
    if (!a) return;
    setBusy(true);
    setError(null);
    try {
      const updated =
        a.action === 'resolve'
          ? await resolveBet(a.poll.id, Number(winner()))
          : await pollAction(a.poll.id, a.action);
      replace(updated);
      toast(
        a.action === 'resolve' ? 'Bet resolved and paid out' : a.action === 'close' ? 'Closed' : 'Cancelled',
      );
      setAsking(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The action failed. Try again.');
    } finally {
      setBusy(false);
    }
  };

  const dialogText = (a: Asking) => {
    if (a.action === 'close')
      return {
        title: `Close "${a.poll.question}"?`,
        text:
          a.poll.kind === 'bet'
            ? 'No more bets; resolve it afterwards.'
            : 'Voting stops and the results go to chat.',
        label: a.poll.kind === 'bet' ? 'Close bets' : 'Close poll',
      };
    if (a.action === 'resolve')
      return {
        title: `Resolve "${a.poll.question}"?`,
        text: 'Winners share the pot in proportion to their stakes.',
        label: 'Resolve and pay out',
      };
    return {
      title: `Cancel "${a.poll.question}"?`,
      text: a.poll.kind === 'bet' ? 'Every stake is refunded.' : 'The votes are discarded.',
      label: 'Cancel it',
    };
  };

  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Polls and bets"
        description="Viewers vote with !vote N or just the number, and bet with !bet N amount."
      />
      <LoadState
        what="polls"
        load={{
          value: () => polls.latest,
          error: () => polls.error,
          loading: () => polls.loading,
          reload: refetch,
        }}
      >
        {(list) => (
          <div class="flex flex-col gap-6">
            <div class="grid gap-6 lg:grid-cols-2">
              <For each={running()}>
                {(poll) => (
                  <Card title={poll.question} icon={poll.kind === 'bet' ? 'i-ph-coins' : 'i-ph-chart-bar'}>
                    <div class="flex flex-col gap-4">
                      <p class="text-sm text-space-200">
                        {poll.kind === 'bet' ? 'Bet' : 'Poll'} · {stateLabels[poll.state]}
                      </p>
                      <TallyBars poll={poll} />
                      <div class="flex flex-wrap gap-2">
                        <Show when={poll.state === 'open'}>
                          <Button onClick={() => ask(poll, 'close')}>
                            {poll.kind === 'bet' ? 'Close bets' : 'Close poll'}
                          </Button>
                        </Show>
                        <Show when={poll.kind === 'bet'}>
                          <Button variant="primary" onClick={() => ask(poll, 'resolve')}>
                            Resolve
                          </Button>
                        </Show>
                        <Button variant="danger" onClick={() => ask(poll, 'cancel')}>
                          Cancel
                        </Button>
                      </div>
                    </div>
                  </Card>
                )}
              </For>
              <Card title="Open a poll or bet" icon="i-ph-plus-circle">
                <PollForm
                  onCreated={(poll) => {
                    replace(poll);
                    toast(`"${poll.question}" is open in chat`);
                  }}
                />
              </Card>
            </div>
            <HistoryCard
              items={list}
              caption="Past polls and bets"
              columns={['Question', 'Kind', 'Opened', 'State', 'Result']}
              empty="No polls or bets yet."
              cells={(poll) => [
                poll.question,
                poll.kind === 'bet' ? 'Bet' : 'Poll',
                formatDateTime(poll.createdAt),
                stateLabels[poll.state],
                poll.tallies.some((t) => t.votes > 0) || poll.winningOption !== null ? topOption(poll) : '—',
              ]}
            />
          </div>
        )}
      </LoadState>
      <Show when={asking()}>
        {(a) => (
          <ConfirmDialog
            open
            title={dialogText(a()).title}
            description={dialogText(a()).text}
            confirmLabel={dialogText(a()).label}
            variant={a().action === 'cancel' ? 'danger' : 'primary'}
            busy={busy()}
            error={error()}
            onConfirm={confirm}
            onCancel={() => setAsking(null)}
          >
            <Show when={a().action === 'resolve'}>
              <SelectField
                label="Winning option"
                value={winner()}
                onChange={setWinner}
                options={a().poll.options.map((o, i) => ({ value: String(i), label: `${i + 1}. ${o}` }))}
              />
            </Show>
          </ConfirmDialog>
        )}
      </Show>
    </div>
  );
}
