/** A page's heading, its one-line description and actions, with the section tabs (`tabs`) below. */
import type { JSX } from 'solid-js';

export interface PageHeaderProps {
  title: string;
  description: string;
  actions?: JSX.Element;
  tabs?: JSX.Element;
}

export function PageHeader(props: PageHeaderProps) {
  return (
    <div class="flex flex-col gap-3">
      <div class="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 class="text-2xl font-semibold text-ink">{props.title}</h1>
          <p class="text-sm text-ink-muted">{props.description}</p>
        </div>
        <div class="flex flex-wrap items-center gap-2">{props.actions}</div>
      </div>
      {props.tabs}
    </div>
  );
}
