/** A section that opens and closes under its button (aria-expanded); its content mounts only while open. */
import { createSignal, createUniqueId, type JSX, Show } from 'solid-js';

export function Disclosure(props: {
  label: string;
  icon?: string;
  defaultOpen?: boolean;
  children: JSX.Element;
}) {
  const [open, setOpen] = createSignal(props.defaultOpen ?? false);
  const id = createUniqueId();
  return (
    <div class="flex flex-col gap-2">
      <button
        type="button"
        class="flex items-center gap-2 self-start rounded-control px-1 py-1 text-sm font-medium text-ink hover:text-violet-200"
        aria-expanded={open()}
        aria-controls={id}
        onClick={() => setOpen(!open())}
      >
        <span
          class={`i-ph-caret-right transition-transform ${open() ? 'rotate-90' : ''}`}
          aria-hidden="true"
        />
        {props.icon ? <span class={`${props.icon} text-violet-300`} aria-hidden="true" /> : null}
        {props.label}
      </button>
      <div id={id} hidden={!open()} class="pl-6">
        <Show when={open()}>{props.children}</Show>
      </div>
    </div>
  );
}
