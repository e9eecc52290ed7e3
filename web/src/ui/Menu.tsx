/**
 * An actions menu (the ARIA menu-button pattern): the button opens a list of actions, arrow keys,
 * Home and End move between them, Enter runs one, Escape or Tab closes the menu and focus returns.
 * The list is portalled and fixed under its button, so a scrolling table cannot clip it.
 */
import { createSignal, createUniqueId, For, onCleanup, Show } from 'solid-js';
import { Portal } from 'solid-js/web';

export interface MenuItem {
  label: string;
  /** A full `i-ph-*` class. */
  icon?: string;
  danger?: boolean;
  onSelect: () => void;
}

export interface MenuProps {
  /** The button's accessible name: "Actions for web". */
  label: string;
  items: readonly MenuItem[];
  /** Visible text beside the icon; icon-only when absent. */
  text?: string;
  icon?: string;
  /** 'md' matches the regular buttons beside it in a toolbar; small by default (table rows). */
  size?: 'md' | 'sm';
}

export function Menu(props: MenuProps) {
  const [open, setOpen] = createSignal(false);
  const [position, setPosition] = createSignal({ top: 0, right: 0 });
  const menuId = createUniqueId();
  const buttonId = createUniqueId();
  let root!: HTMLDivElement;
  let button!: HTMLButtonElement;
  let list: HTMLDivElement | undefined;

  const items = () => (list ? [...list.querySelectorAll<HTMLElement>('[role="menuitem"]')] : []);
  const focusItem = (index: number) => {
    const all = items();
    if (all.length === 0) return;
    all[(index + all.length) % all.length]?.focus();
  };
  const show = (focusIndex: number) => {
    const rect = button.getBoundingClientRect();
    setPosition({ top: rect.bottom + 4, right: Math.max(8, window.innerWidth - rect.right) });
    setOpen(true);
    queueMicrotask(() => focusItem(focusIndex));
  };
  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.focus();
  };

  const onDocumentDown = (event: Event) => {
    const target = event.target as Node;
    if (open() && !root.contains(target) && !list?.contains(target)) setOpen(false);
  };
  // A fixed menu would float away from its button when the page scrolls: close it instead.
  const onScroll = (event: Event) => {
    if (open() && !list?.contains(event.target as Node)) setOpen(false);
  };
  document.addEventListener('mousedown', onDocumentDown);
  window.addEventListener('scroll', onScroll, true);
  window.addEventListener('resize', onScroll);
  onCleanup(() => {
    document.removeEventListener('mousedown', onDocumentDown);
    window.removeEventListener('scroll', onScroll, true);
    window.removeEventListener('resize', onScroll);
  });

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      show(0);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      show(-1);
    }
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const all = items();
    const current = all.indexOf(document.activeElement as HTMLElement);
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        focusItem(current + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        focusItem(current - 1);
        break;
      case 'Home':
        event.preventDefault();
        focusItem(0);
        break;
      case 'End':
        event.preventDefault();
        focusItem(-1);
        break;
      case 'Escape':
        event.preventDefault();
        close(true);
        break;
      case 'Tab':
        // The list lives at the end of the document: Tab would otherwise jump there, not onwards.
        event.preventDefault();
        close(true);
        break;
    }
  };

  const run = (item: MenuItem) => {
    close(true);
    item.onSelect();
  };

  return (
    <div ref={root} class="relative inline-block">
      <button
        ref={button}
        id={buttonId}
        type="button"
        class={props.size === 'md' ? 'btn-ghost' : 'btn-ghost btn-sm px-2'}
        aria-label={props.text ? undefined : props.label}
        aria-haspopup="menu"
        aria-expanded={open()}
        aria-controls={open() ? menuId : undefined}
        onClick={() => (open() ? close(false) : show(0))}
        onKeyDown={onButtonKey}
      >
        <span class={props.icon ?? 'i-ph-dots-three-vertical'} aria-hidden="true" />
        {props.text}
      </button>
      <Show when={open()}>
        <Portal>
          <div
            ref={list}
            id={menuId}
            role="menu"
            aria-labelledby={buttonId}
            class="glass-panel fixed z-40 flex min-w-44 flex-col gap-0.5 bg-space-850 p-1 text-left"
            style={{ top: `${position().top}px`, right: `${position().right}px` }}
            onKeyDown={onMenuKey}
          >
            <For each={props.items}>
              {(item) => (
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  class={`flex w-full items-center gap-2 whitespace-nowrap rounded-control px-3 py-1.5 text-sm hover:bg-space-700 focus:bg-space-700 ${item.danger ? 'text-danger-300' : 'text-ink'}`}
                  onClick={() => run(item)}
                >
                  {item.icon ? <span class={item.icon} aria-hidden="true" /> : null}
                  {item.label}
                </button>
              )}
            </For>
          </div>
        </Portal>
      </Show>
    </div>
  );
}
