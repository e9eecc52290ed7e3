/** The header row of a data table: column names as `th scope="col"`, a visually hidden one for icon-only columns. */
import { For } from 'solid-js';

export type Column = { label: string; hidden?: boolean };

export function TableHead(props: { columns: Column[] }) {
  return (
    <thead class="text-xs text-ink-muted">
      <tr>
        <For each={props.columns}>
          {(column, i) => (
            <th scope="col" class={`py-2 font-medium ${i() < props.columns.length - 1 ? 'pr-4' : ''}`}>
              {column.hidden ? <span class="sr-only">{column.label}</span> : column.label}
            </th>
          )}
        </For>
      </tr>
    </thead>
  );
}
