/**
 * The main navigation: single links, and groups shown as disclosure buttons (the ARIA
 * disclosure-navigation pattern, not role=menu: these are links between pages). A group is marked
 * current when one of its pages is; Escape closes it and returns focus, as does leaving it.
 */
import { A, useLocation } from '@solidjs/router';
import { createEffect, createSignal, createUniqueId, For, on, onCleanup, Show } from 'solid-js';
import { currentUser } from '../auth/session';
import { isCurrent, isGroup, type NavGroup, type NavLink, visibleEntries } from './nav';

const linkClass =
  'flex items-center gap-1.5 rounded-control px-2.5 py-1.5 text-sm text-ink-muted hover:bg-space-700 hover:text-ink';
const activeClass = 'bg-space-700 !text-ink shadow-glow';

function Link(props: { link: NavLink; class?: string }) {
  return (
    <A href={props.link.href} end={props.link.end} class={props.class ?? linkClass} activeClass={activeClass}>
      <span class={props.link.icon} aria-hidden="true" />
      {props.link.label}
    </A>
  );
}

function Group(props: { group: NavGroup }) {
  const location = useLocation();
  const [open, setOpen] = createSignal(false);
  const listId = createUniqueId();
  let root!: HTMLLIElement;
  let button!: HTMLButtonElement;
  const current = () => props.group.items.some((link) => isCurrent(link, location.pathname));

  // Following a link closes the list.
  createEffect(
    on(
      () => location.pathname,
      () => setOpen(false),
      { defer: true },
    ),
  );
  const onDocumentDown = (event: Event) => {
    if (open() && !root.contains(event.target as Node)) setOpen(false);
  };
  document.addEventListener('mousedown', onDocumentDown);
  onCleanup(() => document.removeEventListener('mousedown', onDocumentDown));

  return (
    <li
      ref={root}
      class="relative"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open()) {
          event.preventDefault();
          setOpen(false);
          button.focus();
        }
      }}
      onFocusOut={(event) => {
        if (!root.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        class={`${linkClass} ${current() ? activeClass : ''}`}
        aria-expanded={open()}
        aria-controls={listId}
        onClick={() => setOpen(!open())}
      >
        <span class={props.group.icon} aria-hidden="true" />
        {props.group.label}
        <span
          class={`i-ph-caret-down text-xs transition-transform ${open() ? 'rotate-180' : ''}`}
          aria-hidden="true"
        />
      </button>
      <Show when={open()}>
        <ul
          id={listId}
          class="glass-panel absolute left-0 top-full z-40 mt-1 flex min-w-48 flex-col gap-0.5 bg-space-850 p-1"
        >
          <For each={props.group.items}>
            {(link) => (
              <li>
                <Link link={link} class={`${linkClass} whitespace-nowrap`} />
              </li>
            )}
          </For>
        </ul>
      </Show>
    </li>
  );
}

export function NavMenu() {
  return (
    <ul class="flex flex-wrap gap-1">
      <For each={visibleEntries(currentUser()?.role)}>
        {(entry) =>
          isGroup(entry) ? (
            <Group group={entry} />
          ) : (
            <li>
              <Link link={entry} />
            </li>
          )
        }
      </For>
    </ul>
  );
}
