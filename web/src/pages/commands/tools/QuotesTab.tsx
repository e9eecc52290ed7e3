/** The Quotes tab: every quote by number, searchable, with add, edit and delete. */
import { createSignal, Show } from 'solid-js';
import { formatDateTime } from '../../../lib/format';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { createConfirmation } from '../../../ui/confirmation';
import { EditDeleteCell } from '../../../ui/EditDeleteCell';
import { SearchBox } from '../../../ui/SearchBox';
import { TableCard } from '../../../ui/TableCard';
import { toast } from '../../../ui/Toast';
import { createLoaded } from '../../monitoring/load';
import { type BotQuote, deleteQuote, listQuotes } from '../tools-api';
import { QuoteDialog } from './QuoteDialog';

const matches = (q: BotQuote, query: string) => {
  const words = query.trim().toLowerCase().replace(/^#/, '');
  if (!words) return true;
  return (
    String(q.number) === words ||
    [q.text, q.author, q.game, q.addedBy].some((field) => field?.toLowerCase().includes(words))
  );
};

export function QuotesTab() {
  const quotes = createLoaded(listQuotes);
  const [query, setQuery] = createSignal('');
  const [editing, setEditing] = createSignal<BotQuote | 'new' | null>(null);
  const shown = {
    ...quotes,
    value: () => quotes.value()?.filter((q) => matches(q, query())) ?? quotes.value(),
  };
  const removal = createConfirmation(async (q: BotQuote) => {
    await deleteQuote(q.id);
    toast(`Quote #${q.number} deleted`);
    void quotes.reload();
  }, 'Could not delete the quote.');

  return (
    <>
      <TableCard
        title="Quotes"
        icon="i-ph-quotes"
        load={shown}
        what="quotes"
        actions={
          <>
            <SearchBox label="Search quotes" value={query()} onInput={setQuery} />
            <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setEditing('new')}>
              New quote
            </Button>
          </>
        }
        empty={
          query().trim()
            ? {
                title: 'No quote matches',
                icon: 'i-ph-magnifying-glass',
                body: 'Try other words or a number.',
              }
            : {
                title: 'No quotes yet — add one here or with !quote add in chat',
                icon: 'i-ph-quotes',
                body: 'Viewers see a random one with !quote, or a numbered one with !quote 3.',
              }
        }
        columns={[
          { label: '#' },
          { label: 'Quote' },
          { label: 'Author' },
          { label: 'Game' },
          { label: 'Added by' },
          { label: 'Date' },
          { label: 'Actions', hidden: true },
        ]}
        minWidth="min-w-[52rem]"
      >
        {(q) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-mono font-medium text-ink">
              #{q.number}
            </th>
            <td class="max-w-md py-2 pr-4 break-words text-ink">{q.text}</td>
            <td class="py-2 pr-4 text-ink-muted">{q.author ?? '—'}</td>
            <td class="py-2 pr-4 text-ink-muted">{q.game ?? '—'}</td>
            <td class="py-2 pr-4 text-ink-muted">{q.addedBy ?? '—'}</td>
            <td class="py-2 pr-4 whitespace-nowrap text-ink-muted">{formatDateTime(q.createdAt)}</td>
            <EditDeleteCell
              name={`quote #${q.number}`}
              onEdit={() => setEditing(q)}
              onDelete={() => removal.open(q)}
            />
          </tr>
        )}
      </TableCard>
      <Show when={editing()}>
        {(current) => (
          <QuoteDialog
            quote={current() === 'new' ? null : (current() as BotQuote)}
            onClose={() => setEditing(null)}
            onSaved={() => void quotes.reload()}
          />
        )}
      </Show>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete quote #${removal.target()?.number ?? ''}?`}
        description="It is gone for good; later quotes keep their numbers."
        confirmLabel="Delete quote"
      />
    </>
  );
}
