import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { signBody } from '../notifications/webhook';
import { attemptResult, sendDelivery } from './deliver';

const policy = { maxAttempts: 3, baseMs: 1_000, maxMs: 60_000 };

describe('attemptResult', () => {
  it('marks a success delivered with no retry', () => {
    expect(attemptResult({ responseStatus: 200, durationMs: 12, error: null }, 1, policy)).toMatchObject({
      retryInMs: null,
      gaveUp: false,
    });
  });

  it('retries a failure on the backoff schedule until the last attempt, then gives up', () => {
    const failure = { responseStatus: 500, durationMs: 5, error: 'The receiver answered 500.' };
    expect(attemptResult(failure, 1, policy)).toMatchObject({ retryInMs: 1_000, gaveUp: false });
    expect(attemptResult(failure, 2, policy)).toMatchObject({ retryInMs: 2_000, gaveUp: false });
    expect(attemptResult(failure, 3, policy)).toMatchObject({ retryInMs: null, gaveUp: true });
  });
});

describe('sendDelivery', () => {
  it('signs the body as notification webhooks do, and gives up on a receiver that never answers', async () => {
    const seen: { signature: string | undefined; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({ signature: req.headers['x-homelabhub-signature'] as string, body });
        if (req.url === '/hang') return;
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const envelope = { id: '1', event: 'test', occurredAt: new Date(0).toISOString(), payload: { a: 1 } };
    try {
      const ok = await sendDelivery({
        deliveryId: 1,
        url: `${base}/ok`,
        secret: 's3cret',
        envelope,
        timeoutMs: 2_000,
      });
      expect(ok).toMatchObject({ responseStatus: 204, error: null });
      expect(seen[0]!.signature).toBe(signBody('s3cret', seen[0]!.body));
      expect(JSON.parse(seen[0]!.body)).toEqual(envelope);

      const hung = await sendDelivery({
        deliveryId: 2,
        url: `${base}/hang`,
        secret: 's',
        envelope,
        timeoutMs: 200,
      });
      expect(hung).toMatchObject({ responseStatus: null, error: 'No answer within 200 ms.' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
