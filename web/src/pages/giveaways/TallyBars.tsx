/** A poll's or bet's tallies as labelled bars (votes for polls, staked currency for bets). */
import { For } from 'solid-js';
import type { Poll } from './api';

export function TallyBars(props: { poll: Poll }) {
  const value = (t: Poll['tallies'][number]) => (props.poll.kind === 'bet' ? t.amount : t.votes);
  const total = () => props.poll.tallies.reduce((sum, t) => sum + value(t), 0);
  const share = (n: number) => (total() > 0 ? Math.round((n / total()) * 100) : 0);
  return (
    <ol class="flex flex-col gap-2" aria-label={`Results of ${props.poll.question}`}>
      <For each={props.poll.tallies}>
        {(t) => (
          <li>
            <div class="flex justify-between gap-3 text-sm">
              <span>
                {t.option + 1}. {t.label}
                {props.poll.winningOption === t.option ? ' (won)' : ''}
              </span>
              <span class="text-space-100">
                {props.poll.kind === 'bet' ? `${t.amount} staked by ${t.votes}` : `${t.votes} votes`} ·{' '}
                {share(value(t))}%
              </span>
            </div>
            {/* biome-ignore lint/a11y/useSemanticElements: a native <meter> cannot be styled alike in every engine */}
            <div
              class="mt-1 h-2 rounded-full bg-space-700"
              role="meter"
              aria-label={`${t.label}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={share(value(t))}
            >
              <div class="h-2 rounded-full bg-violet-400" style={{ width: `${share(value(t))}%` }} />
            </div>
          </li>
        )}
      </For>
    </ol>
  );
}
