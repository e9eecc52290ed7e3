import type { MetricSample } from '@homelab/db/metrics';
import { describe, expect, it } from 'vitest';
import { createFeed } from '../internal/feed';
import { fakeSample, readBlocks, waitFor } from '../testing/helpers';
import { createSystemRoutes } from './routes';

describe('system routes', () => {
  it('answers 503 until the first sample, then the latest sample', async () => {
    const feed = createFeed<MetricSample>();
    const app = createSystemRoutes(feed);
    // Runner routes rethrow to the internal server, which turns errors into the JSON shape.
    const early = Promise.resolve().then(() => app.request('/latest'));
    await expect(early).rejects.toMatchObject({ status: 503, code: 'no_sample' });
    feed.publish(fakeSample('2026-05-01T00:00:00.000Z'));
    feed.publish(fakeSample('2026-05-01T00:00:05.000Z', 50));
    const res = await app.request('/latest');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(fakeSample('2026-05-01T00:00:05.000Z', 50));
  });

  it('streams the latest sample at once, then each new one, with heartbeats, and unsubscribes on disconnect', async () => {
    const feed = createFeed<MetricSample>();
    feed.publish(fakeSample('2026-05-01T00:00:00.000Z'));
    const app = createSystemRoutes(feed, { heartbeatMs: 30 });
    const res = await app.request('/stream');
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const buffer = { text: '' };
    const [first] = await readBlocks(reader, 1, buffer);
    expect(first).toBe(`event: sample\ndata: ${JSON.stringify(fakeSample('2026-05-01T00:00:00.000Z'))}`);
    expect(feed.subscribers).toBe(1);

    feed.publish(fakeSample('2026-05-01T00:00:05.000Z', 90));
    const [second] = await readBlocks(reader, 1, buffer);
    expect(JSON.parse(second!.split('data: ')[1]!).cpu.percent).toBe(90);

    const [beat] = await readBlocks(reader, 1, buffer);
    expect(beat).toBe(': heartbeat');

    await reader.cancel();
    expect(await waitFor(() => feed.subscribers === 0)).toBe(true);
  });

  it('ends open streams when the runner stops', async () => {
    const feed = createFeed<MetricSample>();
    const app = createSystemRoutes(feed);
    const res = await app.request('/stream');
    const reader = res.body!.getReader();
    const [waiting] = await readBlocks(reader, 1);
    expect(waiting).toBe(': waiting for the first sample');
    feed.close();
    const rest = await reader.read();
    expect(rest.done).toBe(true);
    expect(feed.subscribers).toBe(0);
  });
});
