/** The answers the opener gave in the category's form, question above answer. */
import { For, Show } from 'solid-js';
import type { TicketDetail } from './types';

const asList = (answers: TicketDetail['answers']) =>
  !answers
    ? []
    : Array.isArray(answers)
      ? answers
      : Object.entries(answers).map(([label, value]) => ({ label, value }));

export function TicketAnswers(props: { answers: TicketDetail['answers'] }) {
  return (
    <Show
      when={asList(props.answers).length > 0}
      fallback={<p class="text-sm text-ink-muted">This category asks no questions.</p>}
    >
      <dl class="flex flex-col gap-3">
        <For each={asList(props.answers)}>
          {(answer) => (
            <div class="flex flex-col gap-0.5">
              <dt class="text-xs font-medium text-ink-muted">{answer.label}</dt>
              <dd class="whitespace-pre-wrap text-sm text-ink">{answer.value || '—'}</dd>
            </div>
          )}
        </For>
      </dl>
    </Show>
  );
}
