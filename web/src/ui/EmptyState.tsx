/** What a panel shows when there is nothing yet, saying why and what will fill it. */
import type { JSX } from 'solid-js';

export function EmptyState(props: {
  title: string;
  icon?: string;
  children?: JSX.Element;
  action?: JSX.Element;
}) {
  return (
    <div class="flex flex-col items-center gap-2 px-4 py-6 text-center">
      <span class={`${props.icon ?? 'i-ph-sparkle'} text-3xl text-violet-300`} aria-hidden="true" />
      <p class="font-medium text-ink">{props.title}</p>
      {props.children ? <div class="max-w-prose text-sm text-ink-muted">{props.children}</div> : null}
      {props.action}
    </div>
  );
}
