/** The system runner's internal routes: the latest sample, and a live stream of samples as Server-Sent Events. */
import type { MetricSample } from '@homelab/db/metrics';
import { streamSSE } from 'hono/streaming';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import type { Feed } from './feed';

export type SystemRoutesOptions = { heartbeatMs?: number };

export function createSystemRoutes(feed: Feed<MetricSample>, options: SystemRoutesOptions = {}) {
  const { heartbeatMs = 15_000 } = options;
  const app = createRunnerRoutes();

  app.get('/latest', (c) => {
    const sample = feed.latest();
    if (!sample)
      throw new HttpError(503, 'no_sample_yet', 'The first metrics sample has not been taken yet.');
    return c.json(sample);
  });

  app.get('/stream', (c) =>
    streamSSE(c, async (stream) => {
      const send = (sample: MetricSample) =>
        stream.writeSSE({ event: 'sample', data: JSON.stringify(sample) });
      let unsubscribe = () => {};
      let heartbeat: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        // Subscribed before the first write: writes wait for the client to read, and a sample
        // published meanwhile must not be missed. Writes are queued in call order.
        unsubscribe = feed.subscribe((sample) => void send(sample), resolve);
        const latest = feed.latest();
        // Something is written at once either way, so every proxy on the way sends the headers now.
        void (latest ? send(latest) : stream.write(': waiting for the first sample\n\n'));
        // A comment line keeps idle connections from being cut by proxies and shows a dead client.
        heartbeat = setInterval(() => void stream.write(': heartbeat\n\n'), heartbeatMs);
        stream.onAbort(resolve);
        if (stream.aborted) resolve();
      });
      clearInterval(heartbeat);
      unsubscribe();
    }),
  );

  return app;
}
