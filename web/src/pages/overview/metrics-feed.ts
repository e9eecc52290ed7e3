/**
 * Live host metrics for the overview: the latest sample plus a rolling window of recent points,
 * seeded from the last hour of history and then moved along by the SSE stream (one sample ~5 s).
 */
import { createSignal } from 'solid-js';
import { ApiError, api, unwrap } from '../../api/client';
import type { MetricPoint, MetricSample } from '../../api/types';
import { createEventStream } from '../../lib/sse';

/** How many points the charts keep: ~5 minutes at one sample per 5 seconds. */
export const windowSize = 60;

export interface ChartPoint {
  at: string;
  cpu: number;
  mem: number;
  rx: number;
  tx: number;
  read: number;
  write: number;
}

export type FeedState = 'loading' | 'ready' | 'empty' | 'down' | 'error';

const fromPoint = (p: MetricPoint): ChartPoint => ({
  at: p.at,
  cpu: p.cpuPercent,
  mem: p.memPercent,
  rx: p.netRxBps,
  tx: p.netTxBps,
  read: p.diskReadBps,
  write: p.diskWriteBps,
});

const fromSample = (s: MetricSample): ChartPoint => ({
  at: s.at,
  cpu: s.cpu.percent,
  mem: s.memory.percent,
  rx: s.network.rxBps,
  tx: s.network.txBps,
  read: s.diskIo.readBps,
  write: s.diskIo.writeBps,
});

export function createMetricsFeed(streamUrl = '/api/system/metrics/stream') {
  const [latest, setLatest] = createSignal<MetricSample | null>(null);
  const [points, setPoints] = createSignal<ChartPoint[]>([]);
  const [state, setState] = createSignal<FeedState>('loading');
  const [error, setError] = createSignal<ApiError | null>(null);

  const push = (sample: MetricSample) => {
    setLatest(sample);
    setPoints((list) => {
      // The stream may replay the sample that history already holds.
      if (list.at(-1)?.at === sample.at) return list;
      return [...list, fromSample(sample)].slice(-windowSize);
    });
    setState('ready');
    setError(null);
  };

  const load = async () => {
    setState('loading');
    const [last, history] = await Promise.allSettled([
      unwrap(api.api.system.metrics.latest.$get()),
      unwrap(api.api.system.metrics.history.$get({ query: { range: '1h' } })),
    ]);
    if (history.status === 'fulfilled') setPoints(history.value.points.slice(-windowSize).map(fromPoint));
    if (last.status === 'fulfilled') {
      setLatest(last.value);
      setState('ready');
      setError(null);
      return;
    }
    const reason = last.reason instanceof ApiError ? last.reason : null;
    setError(reason);
    // `no_sample`: the runner is up but has not taken its first sample yet.
    if (reason?.code === 'no_sample' || reason?.status === 404) setState('empty');
    else if (reason?.status === 503) setState('down');
    else setState('error');
  };

  const events = createEventStream({
    url: () => streamUrl,
    events: {
      sample: (data) => push(data as MetricSample),
    },
  });

  const retry = async () => {
    events.reconnect();
    await load();
  };

  void load();

  return { latest, points, state, error, stream: events.state, retry };
}

export type MetricsFeed = ReturnType<typeof createMetricsFeed>;
