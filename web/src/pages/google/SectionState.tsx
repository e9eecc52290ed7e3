/**
 * The loading, error and empty states of one Google section. Each section loads on its own, so a
 * rate-limited Gmail still leaves the calendar and Drive on screen; a rate limit counts down the
 * seconds Google asked for and tries again by itself when they are up.
 */
import { createEffect, createSignal, type JSX, Match, on, onCleanup, Show, Switch } from 'solid-js';
import { Banner } from '../../ui/Banner';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import type { Loadable } from '../../ui/LoadState';
import { Skeleton } from '../../ui/Skeleton';
import { googleProblemOf } from './problems';

export interface SectionStateProps<T> {
  load: Loadable<T>;
  /** "events": used in the loading and error texts. */
  what: string;
  isEmpty?: (value: T) => boolean;
  empty?: { title: string; icon: string; body?: JSX.Element };
  /** Google withdrew access or the account went away: the page reloads the connection to say so. */
  onAccountLost?: () => void;
  children: (value: T) => JSX.Element;
}

/** Seconds left before a rate-limited call may go again; calls `retry` once they run out. */
function createCountdown(seconds: () => number | null, retry: () => void) {
  const [left, setLeft] = createSignal<number | null>(null);
  let timer: ReturnType<typeof setInterval> | undefined;
  createEffect(
    on(seconds, (start) => {
      clearInterval(timer);
      setLeft(start);
      if (start === null) return;
      timer = setInterval(() => {
        const next = (left() ?? 0) - 1;
        setLeft(Math.max(0, next));
        if (next <= 0) {
          clearInterval(timer);
          retry();
        }
      }, 1000);
    }),
  );
  onCleanup(() => clearInterval(timer));
  return left;
}

export function SectionState<T>(props: SectionStateProps<T>) {
  const problem = () => (props.load.error() ? googleProblemOf(props.load.error()) : null);
  const left = createCountdown(
    () => problem()?.retryAfter ?? null,
    () => void props.load.reload(),
  );
  createEffect(
    on(
      () => problem()?.kind,
      (kind) => {
        if (kind === 'auth_revoked' || kind === 'not_connected') props.onAccountLost?.();
      },
    ),
  );
  const rateText = () => `Google is rate limiting; retry in ${left() ?? problem()?.retryAfter ?? 0} s.`;
  const value = () => props.load.value();
  const isEmpty = (v: T) => (props.isEmpty ? props.isEmpty(v) : Array.isArray(v) && v.length === 0);

  return (
    <Switch>
      <Match when={value() !== null && value() !== undefined && props.empty && isEmpty(value() as T)}>
        <EmptyState title={props.empty!.title} icon={props.empty!.icon}>
          {props.empty!.body}
        </EmptyState>
      </Match>
      <Match when={value()}>
        {(current) => (
          <>
            <Show when={problem()}>
              {(p) => (
                <Banner tone="warn" title={`Could not refresh the ${props.what}`}>
                  {p().kind === 'rate_limited' ? rateText() : p().message}
                </Banner>
              )}
            </Show>
            {props.children(current())}
          </>
        )}
      </Match>
      <Match when={problem()}>
        {(p) => (
          <ErrorState
            title={p().kind === 'other' ? `Could not load the ${props.what}` : p().title}
            message={p().kind === 'rate_limited' ? rateText() : p().message}
            icon={p().kind === 'rate_limited' ? 'i-ph-hourglass-medium' : undefined}
            onRetry={() => void props.load.reload()}
            retrying={props.load.loading()}
          />
        )}
      </Match>
      <Match when={true}>
        <Skeleton lines={3} label={`Loading the ${props.what}…`} />
      </Match>
    </Switch>
  );
}
