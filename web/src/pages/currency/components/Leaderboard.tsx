/** The tenant's viewers ranked by balance, watch time or messages, with a name search and more pages. */
import { createEffect, createSignal, For, on } from 'solid-js';
import { Card } from '../../../ui/Card';
import { DataTable } from '../../../ui/DataTable';
import { createDebounced } from '../../../ui/debounce';
import { Field, SelectField } from '../../../ui/Field';
import { LoadState } from '../../../ui/LoadState';
import { ShowMore } from '../../../ui/ShowMore';
import { createLoaded } from '../../monitoring/load';
import { type CurrencyViewer, type LeaderboardSort, listViewers } from '../api';
import { formatAmount, formatMinutes, platformLabels } from './labels';

const sortOptions = [
  { value: 'balance', label: 'Balance' },
  { value: 'watch', label: 'Time watched' },
  { value: 'messages', label: 'Messages' },
] as const;

export function Leaderboard(props: {
  currency: string;
  onOpen: (viewer: CurrencyViewer) => void;
  version: number;
}) {
  const [search, setSearch] = createSignal('');
  const [sort, setSort] = createSignal<LeaderboardSort>('balance');
  const board = createLoaded(() => listViewers({ search: search().trim(), sort: sort() }));
  const reloadSoon = createDebounced(() => void board.reload());
  const searchFor = (text: string) => {
    setSearch(text);
    reloadSoon();
  };
  // The parent bumps `version` after a grant so the balances shown are current.
  createEffect(
    on(
      () => props.version,
      () => void board.reload(),
      { defer: true },
    ),
  );

  return (
    <Card title="Leaderboard" icon="i-ph-ranking">
      <div class="grid gap-4 sm:grid-cols-[1fr_12rem]">
        <Field
          label="Search viewers"
          type="search"
          placeholder="Name on any platform"
          value={search()}
          onInput={(e) => searchFor(e.currentTarget.value)}
        />
        <SelectField
          label="Rank by"
          value={sort()}
          options={sortOptions}
          onChange={(value) => {
            setSort(value as LeaderboardSort);
            void board.reload();
          }}
        />
      </div>
      <LoadState
        load={board}
        what="viewers"
        isEmpty={(page) => page.viewers.length === 0}
        empty={{
          title: search().trim() ? 'Nobody by that name' : 'No viewers yet',
          icon: 'i-ph-users-three',
          body: search().trim()
            ? 'Try part of the name, on any platform.'
            : 'Viewers appear here once they chat in one of your channels.',
        }}
      >
        {(page) => (
          <>
            <DataTable
              caption={`Viewers ranked by ${sortOptions.find((o) => o.value === sort())?.label.toLowerCase()}`}
              columns={[
                { label: 'Rank' },
                { label: 'Viewer' },
                { label: 'Accounts' },
                { label: props.currency },
                { label: 'Watched' },
                { label: 'Messages' },
              ]}
              items={page.viewers}
              minWidth="min-w-[48rem]"
            >
              {(v) => (
                <tr>
                  <td class="py-2 pr-4 font-mono text-ink-muted">#{v.rank}</td>
                  <th scope="row" class="py-2 pr-4 text-left font-medium">
                    <button
                      type="button"
                      class="text-violet-200 underline-offset-2 hover:underline focus-visible:underline"
                      onClick={() => props.onOpen(v)}
                    >
                      {v.displayName}
                    </button>
                  </th>
                  <td class="py-2 pr-4 text-ink-muted">
                    <For each={v.identities}>
                      {(i, n) => (
                        <>
                          {n() > 0 ? ', ' : ''}
                          <span title={`${platformLabels[i.platform]} account`}>
                            {platformLabels[i.platform]}: {i.userName}
                          </span>
                        </>
                      )}
                    </For>
                  </td>
                  <td class="py-2 pr-4 font-mono text-ink">{formatAmount(v.balance)}</td>
                  <td class="py-2 pr-4 text-ink-muted">{formatMinutes(v.watchMinutes)}</td>
                  <td class="py-2 pr-4 text-ink-muted">{formatAmount(v.messages)}</td>
                </tr>
              )}
            </DataTable>
            <ShowMore
              load={board}
              fetchPage={(cursor) => listViewers({ search: search().trim(), sort: sort(), cursor })}
              append={(loaded, next) => ({ ...next, viewers: [...loaded.viewers, ...next.viewers] })}
              failure="Could not load more viewers"
            />
          </>
        )}
      </LoadState>
    </Card>
  );
}
