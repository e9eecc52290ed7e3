/**
 * The loading / error / empty / ready states of one loaded value, so a page only describes what
 * it shows once the data is there. A failed refresh keeps the last value on screen under a warning.
 */
import { type JSX, Match, Show, Switch } from 'solid-js';
import { ApiError } from '../api/client';
import { Banner } from './Banner';
import { EmptyState } from './EmptyState';
import { ErrorState } from './ErrorState';
import { Skeleton } from './Skeleton';

export interface Loadable<T> {
  value: () => T | null | undefined;
  error: () => unknown;
  loading: () => boolean;
  reload: () => unknown;
}

export interface LoadStateProps<T> {
  load: Loadable<T>;
  /** "monitors": used in the loading and error texts. */
  what: string;
  /** Whether the loaded value counts as empty (an empty list by default). */
  isEmpty?: (value: T) => boolean;
  empty?: { title: string; icon: string; body?: JSX.Element; action?: JSX.Element };
  lines?: number;
  children: (value: T) => JSX.Element;
}

const messageOf = (error: unknown, fallback: string) =>
  error instanceof ApiError ? error.message : fallback;

export function LoadState<T>(props: LoadStateProps<T>) {
  const empty = (value: T) =>
    props.empty !== undefined &&
    (props.isEmpty ? props.isEmpty(value) : Array.isArray(value) && value.length === 0);
  return (
    <Switch>
      <Match
        when={
          props.load.value() !== null && props.load.value() !== undefined && empty(props.load.value() as T)
        }
      >
        <EmptyState title={props.empty!.title} icon={props.empty!.icon} action={props.empty!.action}>
          {props.empty!.body}
        </EmptyState>
      </Match>
      <Match when={props.load.value()}>
        {(value) => (
          <>
            <Show when={props.load.error()}>
              <Banner tone="warn" title={`Could not refresh the ${props.what}`}>
                {messageOf(props.load.error(), 'Showing what was loaded last.')}
              </Banner>
            </Show>
            {props.children(value())}
          </>
        )}
      </Match>
      <Match when={props.load.error()}>
        <ErrorState
          title={`Could not load the ${props.what}`}
          message={messageOf(props.load.error(), 'The server did not answer.')}
          onRetry={() => void props.load.reload()}
          retrying={props.load.loading()}
        />
      </Match>
      <Match when={true}>
        <Skeleton lines={props.lines ?? 4} label={`Loading ${props.what}…`} />
      </Match>
    </Switch>
  );
}
