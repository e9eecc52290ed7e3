/** Gmail at a glance: the unread count and the latest messages (unread ones in bold), and "Send notification email". */
import { createSignal, For, Show } from 'solid-js';
import { formatDateTime, formatRelative } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { createLoaded } from '../monitoring/load';
import { getGmailSummary } from './api';
import { SectionState } from './SectionState';
import { SendEmailDialog } from './SendEmailDialog';

/** "Ada Lovelace <ada@example.com>" reads as "Ada Lovelace". */
export const senderName = (from: string) => {
  const named = /^\s*"?([^"<]+?)"?\s*<[^>]+>\s*$/.exec(from);
  return named ? named[1]! : from;
};

const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Gmail's API sends snippets HTML-escaped ("it&#39;s"); they are shown as plain text, so unescaped first. */
export const unescapeSnippet = (snippet: string) =>
  snippet.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] !== '#') return namedEntities[entity.toLowerCase()] ?? whole;
    const code =
      entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });

export function GmailPanel(props: { email: string | null; onAccountLost: () => void }) {
  const summary = createLoaded(getGmailSummary);
  const [sending, setSending] = createSignal(false);

  return (
    <Card
      title="Gmail"
      icon="i-ph-envelope-simple"
      actions={
        <>
          <Show when={summary.value()}>
            {(s) => <Badge tone={s().unread > 0 ? 'info' : 'neutral'}>{`${s().unread} unread`}</Badge>}
          </Show>
          <Button size="sm" icon="i-ph-paper-plane-tilt" onClick={() => setSending(true)}>
            Send notification email
          </Button>
        </>
      }
    >
      <SectionState
        load={summary}
        what="messages"
        onAccountLost={props.onAccountLost}
        isEmpty={(s) => s.messages.length === 0}
        empty={{ title: 'The inbox is empty', icon: 'i-ph-tray', body: 'Recent messages show here.' }}
      >
        {(s) => (
          <ul class="flex flex-col divide-y divide-space-600/60" aria-label="Recent messages">
            <For each={s.messages}>
              {(message) => (
                <li class="flex flex-col gap-0.5 py-2">
                  <div class="flex items-baseline justify-between gap-3">
                    <p
                      class={`truncate text-sm ${message.unread ? 'font-semibold text-ink' : 'text-ink-muted'}`}
                      title={message.from}
                    >
                      <Show when={message.unread}>
                        <span class="sr-only">Unread: </span>
                      </Show>
                      {senderName(message.from)}
                    </p>
                    <Show when={message.receivedAt}>
                      <time
                        class="shrink-0 text-xs text-ink-muted"
                        datetime={message.receivedAt!}
                        title={formatDateTime(message.receivedAt)}
                      >
                        {formatRelative(message.receivedAt)}
                      </time>
                    </Show>
                  </div>
                  <p class={`truncate text-sm ${message.unread ? 'font-semibold text-ink' : 'text-ink'}`}>
                    {message.subject || '(no subject)'}
                  </p>
                  <p class="truncate text-xs text-ink-muted">{unescapeSnippet(message.snippet)}</p>
                </li>
              )}
            </For>
          </ul>
        )}
      </SectionState>
      <Show when={sending()}>
        <SendEmailDialog defaultTo={props.email ?? ''} onClose={() => setSending(false)} onSent={() => {}} />
      </Show>
    </Card>
  );
}
