/** The History card under giveaways and polls: every past one as a table row, newest first. */
import { For, Index, type JSX, Show } from 'solid-js';
import { Card } from '../../ui/Card';

const cellClass = (index: number, count: number) => (index < count - 1 ? 'py-2 pr-4' : 'py-2');

export function HistoryCard<T>(props: {
  items: readonly T[];
  /** For screen readers, e.g. "Past giveaways". */
  caption: string;
  columns: readonly string[];
  /** What the card says before the first one. */
  empty: string;
  /** One row's cells, in the order of `columns`. */
  cells: (item: T) => JSX.Element[];
}) {
  return (
    <Card title="History" icon="i-ph-clock-counter-clockwise">
      <Show when={props.items.length > 0} fallback={<p class="text-space-200">{props.empty}</p>}>
        <div class="overflow-x-auto">
          <table class="w-full text-left text-sm">
            <caption class="sr-only">{props.caption}</caption>
            <thead>
              <tr class="text-space-200">
                <For each={props.columns}>
                  {(label, i) => (
                    <th scope="col" class={cellClass(i(), props.columns.length)}>
                      {label}
                    </th>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <For each={props.items}>
                {(item) => (
                  <tr class="border-t border-space-600/60">
                    <Index each={props.cells(item)}>
                      {(cell, i) => <td class={cellClass(i, props.columns.length)}>{cell()}</td>}
                    </Index>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </Card>
  );
}
