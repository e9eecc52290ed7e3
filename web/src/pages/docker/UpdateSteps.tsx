/** The steps of one container update as a list: each says in words how far it got, not only by colour. */
import { For, Show } from 'solid-js';
import { type ContainerUpdate, stepLook, stepRows } from './updates';

export function UpdateSteps(props: { update: ContainerUpdate; label: string }) {
  return (
    <ol aria-label={props.label} class="flex flex-col gap-2 text-sm">
      <For each={stepRows(props.update)}>
        {(row) => (
          <li class="flex items-start gap-2">
            <span
              class={`${stepLook[row.state].icon} ${stepLook[row.state].class} mt-0.5 shrink-0`}
              aria-hidden="true"
            />
            <div class="min-w-0">
              <p class="text-ink">
                {row.label} <span class="sr-only">: {stepLook[row.state].text}</span>
              </p>
              <Show when={row.detail && row.state !== 'running'}>
                <p class="break-all font-mono text-xs text-ink-muted">{row.detail}</p>
              </Show>
            </div>
          </li>
        )}
      </For>
    </ol>
  );
}
