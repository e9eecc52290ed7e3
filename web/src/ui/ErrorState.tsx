/** A friendly failure message for one panel or page, with a retry that keeps the rest of the app usable. */
import type { JSX } from 'solid-js';
import { Button } from './Button';

export interface ErrorStateProps {
  title?: string;
  message?: JSX.Element;
  onRetry?: () => void;
  retrying?: boolean;
  icon?: string;
  /** Off for panels that fail together (one cause, many widgets), so a screen reader hears it once. */
  announce?: boolean;
}

export function ErrorState(props: ErrorStateProps) {
  return (
    <div
      role={props.announce === false ? undefined : 'alert'}
      class="flex flex-col items-center gap-2 px-4 py-6 text-center"
    >
      <span class={`${props.icon ?? 'i-ph-warning-octagon'} text-3xl text-danger-300`} aria-hidden="true" />
      <p class="font-medium text-ink">{props.title ?? 'Something went wrong'}</p>
      {props.message ? <p class="max-w-prose text-sm text-ink-muted">{props.message}</p> : null}
      {props.onRetry ? (
        <Button size="sm" icon="i-ph-arrow-clockwise" busy={props.retrying} onClick={() => props.onRetry?.()}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}
