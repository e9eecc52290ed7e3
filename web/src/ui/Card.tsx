/** A glass panel with a titled header; the heading names the region for screen-reader navigation. */
import { createUniqueId, type JSX, Show } from 'solid-js';

export interface CardProps {
  title: string;
  /** A full `i-ph-*` class. */
  icon?: string;
  actions?: JSX.Element;
  class?: string;
  id?: string;
  children: JSX.Element;
}

export function Card(props: CardProps) {
  const headingId = createUniqueId();
  return (
    <section
      id={props.id}
      class={`glass-panel flex flex-col gap-4 p-5 ${props.class ?? ''}`}
      aria-labelledby={headingId}
    >
      <header class="flex flex-wrap items-center justify-between gap-3">
        <h2 id={headingId} class="flex items-center gap-2 text-base font-semibold text-ink">
          <Show when={props.icon}>
            <span class={`${props.icon} text-violet-300`} aria-hidden="true" />
          </Show>
          {props.title}
        </h2>
        <Show when={props.actions}>
          <div class="flex flex-wrap items-center gap-2">{props.actions}</div>
        </Show>
      </header>
      {props.children}
    </section>
  );
}
