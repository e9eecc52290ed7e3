/**
 * A plain data table: scrolls sideways inside its card on narrow screens, names its columns with
 * TableHead and draws one row per item; the caller writes the `<tr>`, which is where tables differ.
 */
import { For, type JSX, Show } from 'solid-js';
import { type Column, TableHead } from './TableHead';

export interface DataTableProps<T> {
  columns: Column[];
  items: readonly T[];
  /** The width below which it scrolls, e.g. `min-w-[52rem]` (written out so UnoCSS finds it). */
  minWidth: string;
  /** For screen readers only, when the order or the grouping needs saying. */
  caption?: string;
  children: (item: T) => JSX.Element;
}

export function DataTable<T>(props: DataTableProps<T>) {
  return (
    <div class="overflow-x-auto">
      <table class={`w-full ${props.minWidth} text-left text-sm`}>
        <Show when={props.caption}>
          <caption class="sr-only">{props.caption}</caption>
        </Show>
        <TableHead columns={props.columns} />
        <tbody class="divide-y divide-space-600/60">
          <For each={props.items}>{(item) => props.children(item)}</For>
        </tbody>
      </table>
    </div>
  );
}
