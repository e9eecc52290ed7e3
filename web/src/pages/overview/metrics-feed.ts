/**
 * Live host metrics for the overview: the latest sample plus a rolling window of recent points,
 * seeded from the last hour of history and then moved along by the SSE stream (one sample ~5 s).
 */
import { createSignal, onCleanup } from 'solid-js';
import { ApiError, api, unwrap } from '../../api/client';
import type { MetricPoint, MetricSample } from '../../api/types';

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
export type StreamState = 'connecting' | 'live' | 'reconnecting';

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
  const [stream, setStream] = createSignal<StreamState>('connecting');
  let source: EventSource | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = 2000;
  let disposed = false;

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

  const connect = () => {
    if (disposed) return;
    source?.close();
    source = new EventSource(streamUrl);
    source.addEventListener('open', () => {
      retryDelay = 2000;
      setStream('live');
    });
    source.addEventListener('sample', (event) => {
      try {
        push(JSON.parse((event as MessageEvent<string>).data) as MetricSample);
      } catch {
        // A malformed event is skipped; the next one is five seconds away.
      }
    });
    source.addEventListener('error', () => {
      setStream('reconnecting');
      // EventSource retries by itself after a dropped connection, but gives up for good on an
      // HTTP error (503 while the runner is down), so that case is retried here with backoff.
      if (source?.readyState === EventSource.CLOSED) {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30_000);
      }
    });
  };

  const retry = async () => {
    retryDelay = 2000;
    connect();
    await load();
  };

  void load();
  connect();
  onCleanup(() => {
    disposed = true;
    clearTimeout(retryTimer);
    source?.close();
  });

  return { latest, points, state, error, stream, retry };
}

export type MetricsFeed = ReturnType<typeof createMetricsFeed>;
