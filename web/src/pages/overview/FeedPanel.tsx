/**
 * The loading / empty / runner-down / ready states every metrics widget shares, so each card only
 * describes its ready view.
 */
import { type JSX, Match, Switch } from 'solid-js';
import type { MetricSample } from '../../api/types';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { Skeleton } from '../../ui/Skeleton';
import type { MetricsFeed } from './metrics-feed';

export interface FeedPanelProps {
  feed: MetricsFeed;
  skeletonLines?: number;
  /** Gets an accessor, so the card updates in place as samples stream in. */
  children: (sample: () => MetricSample) => JSX.Element;
}

export function FeedPanel(props: FeedPanelProps) {
  const { feed } = props;
  return (
    <Switch>
      <Match when={feed.latest()}>{(sample) => props.children(sample)}</Match>
      <Match when={feed.state() === 'loading'}>
        <Skeleton lines={props.skeletonLines ?? 3} label="Loading metrics…" />
      </Match>
      <Match when={feed.state() === 'empty'}>
        <EmptyState
          title="No samples yet — the system runner takes one every 5 seconds"
          icon="i-ph-hourglass-medium"
        />
      </Match>
      <Match when={feed.state() === 'down'}>
        <ErrorState
          title="System runner not connected"
          icon="i-ph-plugs"
          announce={false}
          message="Metrics come from the system runner. Start the runners and this panel fills in by itself."
          onRetry={() => void feed.retry()}
        />
      </Match>
      <Match when={feed.state() === 'error'}>
        <ErrorState
          title="Could not load metrics"
          announce={false}
          message={feed.error()?.message}
          onRetry={() => void feed.retry()}
        />
      </Match>
    </Switch>
  );
}
