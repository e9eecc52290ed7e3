/**
 * A modal dialog: focus moves in when it opens, Tab and Shift+Tab stay inside, Escape closes it,
 * and focus returns to whatever opened it. The app behind is made inert while it is open.
 */
import { createUniqueId, type JSX, onCleanup, onMount, Show } from 'solid-js';
import { Portal } from 'solid-js/web';

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: JSX.Element;
  children: JSX.Element;
  /** Set while a request runs, so Escape or a backdrop click cannot abandon it half-way. */
  locked?: boolean;
  /** Wider panels for code and multi-step forms. */
  size?: 'md' | 'lg' | 'xl';
}

const widths = { md: 'max-w-lg', lg: 'max-w-2xl', xl: 'max-w-4xl' } as const;

const focusableSelector = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** Open dialogs, innermost last: only the top one answers Escape and Tab. */
const stack: HTMLElement[] = [];

const focusables = (root: HTMLElement) =>
  [...root.querySelectorAll<HTMLElement>(focusableSelector)].filter((el) => !el.closest('[hidden]'));

export function Dialog(props: DialogProps) {
  return (
    <Show when={props.open}>
      <Portal>
        <DialogPanel {...props} />
      </Portal>
    </Show>
  );
}

function DialogPanel(props: DialogProps) {
  let panel!: HTMLDivElement;
  const titleId = createUniqueId();
  const descriptionId = createUniqueId();
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const app = document.getElementById('root');

  // Keys are handled on the document, not the panel: when the focused element is removed (a form
  // replaced by its result), focus falls to <body> and Escape and Tab must still work.
  const onKeyDown = (event: KeyboardEvent) => {
    if (stack.at(-1) !== panel) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') {
      trapTab(event);
    }
  };

  onMount(() => {
    stack.push(panel);
    app?.setAttribute('inert', '');
    document.addEventListener('keydown', onKeyDown);
    const initial = panel.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(panel)[0] ?? panel;
    initial.focus();
  });
  onCleanup(() => {
    stack.splice(stack.indexOf(panel), 1);
    document.removeEventListener('keydown', onKeyDown);
    // Un-inert first: focus() on an element inside an inert subtree is ignored.
    if (stack.length === 0) app?.removeAttribute('inert');
    opener?.focus();
  });

  const close = () => {
    if (!props.locked) props.onClose();
  };

  const trapTab = (event: KeyboardEvent) => {
    const items = focusables(panel);
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (!panel.contains(active)) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    } else if (event.shiftKey && (active === first || active === panel)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: backdrop click is a mouse shortcut; keyboard users have Escape and the Close button
    <div
      class="fixed inset-0 z-50 grid place-items-center overflow-y-auto bg-space-950/75 p-4 backdrop-blur-sm"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) close();
      }}
    >
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={props.description ? descriptionId : undefined}
        tabIndex={-1}
        class={`glass-panel flex w-full ${widths[props.size ?? 'md']} flex-col gap-4 bg-space-850 p-6`}
      >
        <div class="flex items-start justify-between gap-4">
          <h2 id={titleId} class="text-lg font-semibold text-ink">
            {props.title}
          </h2>
          <button
            type="button"
            class="btn-ghost btn-sm border-none px-2"
            aria-label="Close dialog"
            onClick={close}
          >
            <span class="i-ph-x" aria-hidden="true" />
          </button>
        </div>
        <Show when={props.description}>
          <p id={descriptionId} class="text-sm text-ink-muted">
            {props.description}
          </p>
        </Show>
        {props.children}
      </div>
    </div>
  );
}
