/** Which containers use an image, volume or network, as links to them; "unused" when none. */
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';

export function UsedBy(props: { items: readonly { id: string; name: string }[] }) {
  return (
    <Show when={props.items.length > 0} fallback={<span class="text-ink-muted">Unused</span>}>
      <ul class="flex flex-wrap gap-x-2 gap-y-0.5">
        <For each={props.items}>
          {(item) => (
            <li>
              <A
                href={`/docker/containers/${encodeURIComponent(item.id)}`}
                class="text-cyan-300 underline-offset-2 hover:underline"
              >
                {item.name}
              </A>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
