/**
 * Tabs in two flavours: `Tabs` switches panels inside one page (the ARIA tab pattern: arrow keys,
 * Home/End, one tab stop), `NavTabs` is a row of links between sibling pages, marked with aria-current.
 */
import { A } from '@solidjs/router';
import { createUniqueId, For, type JSX } from 'solid-js';

export interface TabItem<T extends string> {
  id: T;
  label: string;
  /** A full `i-ph-*` class. */
  icon?: string;
}

const tabClass =
  'flex items-center gap-2 rounded-control px-3 py-1.5 text-sm text-ink-muted hover:bg-space-700 hover:text-ink';
const currentClass = 'bg-space-700 !text-ink shadow-glow';

export interface TabsProps<T extends string> {
  label: string;
  tabs: readonly TabItem<T>[];
  selected: T;
  onSelect: (id: T) => void;
  /** Renders the selected tab's panel. */
  children: (id: T) => JSX.Element;
}

export function Tabs<T extends string>(props: TabsProps<T>) {
  const base = createUniqueId();
  const tabId = (id: string) => `${base}-tab-${id}`;
  const panelId = (id: string) => `${base}-panel-${id}`;
  const buttons = new Map<string, HTMLButtonElement>();

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const count = props.tabs.length;
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % count
        : event.key === 'ArrowLeft'
          ? (index - 1 + count) % count
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? count - 1
              : -1;
    if (next === -1) return;
    event.preventDefault();
    const tab = props.tabs[next]!;
    props.onSelect(tab.id);
    buttons.get(tab.id)?.focus();
  };

  return (
    <div class="flex flex-col gap-4">
      <div
        role="tablist"
        aria-label={props.label}
        class="flex flex-wrap gap-1 border-b border-space-600/60 pb-2"
      >
        <For each={props.tabs}>
          {(tab, i) => (
            <button
              ref={(el) => buttons.set(tab.id, el)}
              type="button"
              role="tab"
              id={tabId(tab.id)}
              aria-selected={props.selected === tab.id}
              aria-controls={props.selected === tab.id ? panelId(tab.id) : undefined}
              tabIndex={props.selected === tab.id ? 0 : -1}
              class={`${tabClass} ${props.selected === tab.id ? currentClass : ''}`}
              onClick={() => props.onSelect(tab.id)}
              onKeyDown={(event) => onKeyDown(event, i())}
            >
              {tab.icon ? <span class={tab.icon} aria-hidden="true" /> : null}
              {tab.label}
            </button>
          )}
        </For>
      </div>
      <div
        role="tabpanel"
        id={panelId(props.selected)}
        aria-labelledby={tabId(props.selected)}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the ARIA tabs pattern makes the panel a tab stop
        tabIndex={0}
      >
        {props.children(props.selected)}
      </div>
    </div>
  );
}

export interface NavTabItem {
  href: string;
  label: string;
  icon?: string;
  /** Only this exact path marks the tab current. */
  end?: boolean;
}

/** Links between sibling pages; the router marks the current one with aria-current="page". */
export function NavTabs(props: { label: string; items: readonly NavTabItem[] }) {
  return (
    <nav aria-label={props.label}>
      <ul class="flex flex-wrap gap-1">
        <For each={props.items}>
          {(item) => (
            <li>
              <A href={item.href} end={item.end} class={tabClass} activeClass={currentClass}>
                {item.icon ? <span class={item.icon} aria-hidden="true" /> : null}
                {item.label}
              </A>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
