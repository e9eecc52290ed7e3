/**
 * The header row of a data table: column names as `th scope="col"`, a visually hidden one for
 * icon-only columns, and optionally a leading cell (the "select all" checkbox of a selectable table).
 */
import { For, type JSX, Show } from 'solid-js';

export type Column = { label: string; hidden?: boolean; class?: string };

export function TableHead(props: { columns: Column[]; leading?: JSX.Element }) {
  return (
    <thead class="text-xs text-ink-muted">
      <tr>
        <Show when={props.leading}>
          <td class="w-8 py-2 pr-2">{props.leading}</td>
        </Show>
        <For each={props.columns}>
          {(column, i) => (
            <th
              scope="col"
              class={`py-2 font-medium ${i() < props.columns.length - 1 ? 'pr-4' : ''} ${column.class ?? ''}`}
            >
              {column.hidden ? <span class="sr-only">{column.label}</span> : column.label}
            </th>
          )}
        </For>
      </tr>
    </thead>
  );
}
