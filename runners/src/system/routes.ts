/** The system runner's internal routes: the latest sample, and a live stream of samples as Server-Sent Events. */
import type { MetricSample } from '@homelab/db/metrics';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import type { Feed } from '../internal/feed';
import { streamFeed } from '../internal/sse';

export type SystemRoutesOptions = { heartbeatMs?: number };

export function createSystemRoutes(feed: Feed<MetricSample>, options: SystemRoutesOptions = {}) {
  const { heartbeatMs = 15_000 } = options;
  const app = createRunnerRoutes();

  app.get('/latest', (c) => {
    const sample = feed.latest();
    if (!sample) throw new HttpError(503, 'no_sample', 'The first metrics sample has not been taken yet.');
    return c.json(sample);
  });

  app.get('/stream', (c) =>
    streamFeed(c, feed, (sample) => ({ event: 'sample', data: sample }), {
      heartbeatMs,
      first: 'waiting for the first sample',
      initial: () => feed.latest(),
    }),
  );

  return app;
}
