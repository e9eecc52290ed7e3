/** A giveaway's winners, newest last, with the seconds a pending winner has left to claim. */
import { For, Show } from 'solid-js';
import type { GiveawayWinner } from './api';

const stateText: Record<GiveawayWinner['state'], string> = {
  pending: 'Waiting for a claim',
  claimed: 'Claimed',
  expired: 'Did not claim in time',
  rerolled: 'Rerolled',
};

export function claimLeft(winner: GiveawayWinner, now: number): string {
  if (winner.state !== 'pending') return stateText[winner.state];
  if (!winner.expiresAt) return 'Waiting for a claim (no time limit)';
  const left = Math.max(0, Math.ceil((Date.parse(winner.expiresAt) - now) / 1000));
  return left > 0 ? `${left}s left to claim` : 'Claim time is up';
}

export function WinnerList(props: { winners: GiveawayWinner[]; now: number }) {
  return (
    <Show when={props.winners.length > 0} fallback={<p class="text-space-200">No winner drawn yet.</p>}>
      <section aria-label="Winners">
        <h3 class="mb-2 text-sm font-semibold text-space-100">Winners</h3>
        <ul class="flex flex-col gap-1">
          <For each={props.winners}>
            {(w) => (
              <li class="flex flex-wrap items-baseline gap-3">
                <span class={w.state === 'rerolled' ? 'text-space-200 line-through' : 'font-semibold'}>
                  {w.userName}
                </span>
                <span class="text-sm text-space-200" role={w.state === 'pending' ? 'timer' : undefined}>
                  {claimLeft(w, props.now)}
                </span>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
