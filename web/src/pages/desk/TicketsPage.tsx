/**
 * /desk/:guildId: the guild's tickets, newest first, filtered by status, category, priority and
 * a search; "Load more" continues below the last number. Refreshed every 15 s while visible.
 */
import { A, useSearchParams } from '@solidjs/router';
import { batch, createEffect, createSignal, on, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { formatDateTime, formatRelative } from '../../lib/format';
import { debounced, pollMs, pollWhileVisible } from '../../lib/poll';
import { usePageTitle } from '../../lib/title';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { DataTable } from '../../ui/DataTable';
import { Field, SelectField } from '../../ui/Field';
import { LoadState } from '../../ui/LoadState';
import { PageHeader } from '../../ui/PageHeader';
import { createLoaded, type Loaded } from '../monitoring/load';
import { listCategories, listTickets, type TicketFilters } from './api';
import { useDesk } from './context';
import { InGuild } from './InGuild';
import { priorities, priorityLabels, statusFilters, statusLabels } from './labels';
import type { DeskGuild, StatusFilter, TicketPriority, TicketSummary } from './types';

const columns = [
  { label: 'Number' },
  { label: 'Subject' },
  { label: 'Opener' },
  { label: 'Category' },
  { label: 'Status' },
  { label: 'Priority' },
  { label: 'Claimer' },
  { label: 'Last activity' },
];

export default function TicketsPage() {
  return <InGuild>{(guild) => <TicketList guild={guild} />}</InGuild>;
}

type Params = { status?: string; category?: string; priority?: string; q?: string };

function TicketList(props: { guild: DeskGuild }) {
  usePageTitle(() => `Tickets · ${props.guild.name}`);
  const desk = useDesk();
  const [params, setParams] = useSearchParams<Params>();
  const filters = (): TicketFilters => ({
    status: statusFilters.some((s) => s.value === params.status) ? (params.status as StatusFilter) : 'active',
    categoryId: params.category || undefined,
    priority: priorities.includes(params.priority as TicketPriority)
      ? (params.priority as TicketPriority)
      : undefined,
    q: params.q?.trim() || undefined,
  });

  const [nextBefore, setNextBefore] = createSignal<number | null>(null);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const tickets: Loaded<TicketSummary[]> = createLoaded(async (): Promise<TicketSummary[]> => {
    const page = await listTickets(props.guild.guildId, filters());
    // A refresh replaces the first page and keeps the older pages already loaded below it.
    const oldest = page.tickets.at(-1)?.number;
    const older: TicketSummary[] =
      page.nextBefore !== null && oldest !== undefined
        ? (tickets.value() ?? []).filter((t) => t.number < oldest)
        : [];
    if (older.length === 0) setNextBefore(page.nextBefore);
    return [...page.tickets, ...older];
  });
  // Rows keep their identity across polls, so a focused link is not replaced under the keyboard.
  const [rows, setRows] = createStore<TicketSummary[]>([]);
  createEffect(() => setRows(reconcile(tickets.value() ?? [], { key: 'id' })));
  const categories = createLoaded(() => listCategories(props.guild.guildId));

  createEffect(
    on(
      () => JSON.stringify(filters()),
      () => {
        batch(() => {
          tickets.setValue(null);
          setNextBefore(null);
        });
        void tickets.reload();
      },
      { defer: true },
    ),
  );
  pollWhileVisible(() => tickets.reload(), pollMs);

  const loadMore = async () => {
    const before = nextBefore();
    if (before === null) return;
    setLoadingMore(true);
    try {
      const page = await listTickets(props.guild.guildId, { ...filters(), before });
      tickets.setValue([...(tickets.value() ?? []), ...page.tickets]);
      setNextBefore(page.nextBefore);
    } finally {
      setLoadingMore(false);
    }
  };

  const [search, setSearch] = createSignal(params.q ?? '');
  const applySearch = debounced(
    (q: string) => setParams({ q: q.trim() || undefined }, { replace: true }),
    300,
  );

  const claimer = (ticket: TicketSummary) =>
    ticket.claimedBy === null
      ? 'Unclaimed'
      : ticket.claimedBy === desk.me().discord?.id
        ? 'You'
        : ((ticket as TicketSummary & { claimedByName?: string | null }).claimedByName ?? ticket.claimedBy);

  return (
    <div class="flex flex-col gap-4">
      <PageHeader title="Tickets" description={`Support tickets in ${props.guild.name}.`} />
      <Card title="Filters" icon="i-ph-funnel">
        <div class="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <SelectField
            label="Status"
            value={filters().status ?? 'active'}
            options={statusFilters}
            onChange={(status) => setParams({ status: status === 'active' ? undefined : status })}
          />
          <SelectField
            label="Category"
            value={params.category ?? ''}
            options={[
              { value: '', label: 'All categories' },
              ...(categories.value() ?? []).map((c) => ({ value: c.id, label: c.name })),
            ]}
            onChange={(category) => setParams({ category: category || undefined })}
          />
          <SelectField
            label="Priority"
            value={filters().priority ?? ''}
            options={[
              { value: '', label: 'Any priority' },
              ...priorities.map((p) => ({ value: p, label: priorityLabels[p].label })),
            ]}
            onChange={(priority) => setParams({ priority: priority || undefined })}
          />
          <Field
            label="Search"
            type="search"
            placeholder="Subject, opener or number"
            value={search()}
            onInput={(event) => {
              setSearch(event.currentTarget.value);
              applySearch(event.currentTarget.value);
            }}
          />
        </div>
      </Card>
      <Card title="Tickets" icon="i-ph-ticket">
        <LoadState
          load={tickets}
          what="tickets"
          empty={{
            title:
              filters().q || filters().categoryId || filters().priority
                ? 'No tickets match'
                : 'No tickets here',
            icon: 'i-ph-ticket',
            body: 'Tickets appear when members open them from a panel or with /ticket open.',
          }}
        >
          {() => (
            <div class="flex flex-col gap-3">
              <DataTable columns={columns} items={rows} minWidth="min-w-[60rem]" caption="Newest first">
                {(ticket) => (
                  <tr>
                    <td class="py-2 pr-4 tabular-nums text-ink-muted">#{ticket.number}</td>
                    <td class="py-2 pr-4">
                      <A
                        href={`/desk/${props.guild.guildId}/tickets/${ticket.id}`}
                        class="font-medium text-ink underline-offset-2 hover:underline"
                      >
                        {ticket.subject}
                      </A>
                    </td>
                    <td class="py-2 pr-4 text-ink">{ticket.openerName}</td>
                    <td class="py-2 pr-4 text-ink-muted">{ticket.categoryName ?? '—'}</td>
                    <td class="py-2 pr-4">
                      <Badge tone={statusLabels[ticket.status].tone}>
                        {statusLabels[ticket.status].label}
                      </Badge>
                    </td>
                    <td class="py-2 pr-4">
                      <Badge tone={priorityLabels[ticket.priority].tone}>
                        {priorityLabels[ticket.priority].label}
                      </Badge>
                    </td>
                    <td class="py-2 pr-4 text-ink-muted">{claimer(ticket)}</td>
                    <td class="py-2 text-ink-muted">
                      <time datetime={ticket.lastActivityAt} title={formatDateTime(ticket.lastActivityAt)}>
                        {formatRelative(ticket.lastActivityAt)}
                      </time>
                    </td>
                  </tr>
                )}
              </DataTable>
              <Show when={nextBefore() !== null}>
                <div class="flex justify-center">
                  <Button icon="i-ph-arrow-down" busy={loadingMore()} onClick={loadMore}>
                    Load more
                  </Button>
                </div>
              </Show>
            </div>
          )}
        </LoadState>
      </Card>
    </div>
  );
}
