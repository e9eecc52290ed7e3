/**
 * The error / loading / ready states of a mission-control card whose polled value carries its own
 * failure message, so a failed poll shows the error with a retry instead of throwing.
 */
import { type Accessor, type JSX, Match, Switch } from 'solid-js';
import { ErrorState } from './ErrorState';
import { Skeleton } from './Skeleton';

export interface GlanceStateProps<T> {
  /** The last poll's value, null or undefined until one arrived or when it failed. */
  value: T | null | undefined;
  /** The last poll's failure message. */
  error: string | null | undefined;
  /** The error's title, e.g. "Uploads are unavailable". */
  errorTitle: string;
  onRetry: () => void;
  retrying: boolean;
  /** The skeleton's label, e.g. "Loading uploads…". */
  loadingLabel: string;
  lines: number;
  children: (value: Accessor<NonNullable<T>>) => JSX.Element;
}

export function GlanceState<T>(props: GlanceStateProps<T>) {
  return (
    <Switch>
      <Match when={props.error}>
        {(message) => (
          <ErrorState
            title={props.errorTitle}
            message={message()}
            onRetry={props.onRetry}
            retrying={props.retrying}
          />
        )}
      </Match>
      <Match when={props.value}>{(value) => props.children(value)}</Match>
      <Match when={true}>
        <Skeleton lines={props.lines} label={props.loadingLabel} />
      </Match>
    </Switch>
  );
}
