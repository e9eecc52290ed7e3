import { describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { createRunnerRoutes } from './errors';
import { createInternalApp, type MountedRunners } from './server';
import { signRequest } from './signing';

const secret = 'b'.repeat(64);

function setup() {
  const demo = createRunnerRoutes();
  demo.post('/upload', async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
  demo.post('/other', async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
  const runners: MountedRunners = {
    knows: (name) => name === 'demo',
    stateOf: () => 'running',
    routesFor: (name) => (name === 'demo' ? demo : undefined),
    snapshot: () => [],
  };
  return createInternalApp({
    secret,
    log: createLogger({ level: 'error', write: () => {} }),
    runners,
    queueStats: async () => ({ depth: 0, oldestQueuedAt: null, failed24h: 0, running: 0 }),
    maxBodyBytes: 1024,
    streamingRoutes: [{ method: 'POST', path: '/demo/upload' }],
  });
}

function streamOf(size: number) {
  const chunk = new Uint8Array(1024).fill(7);
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
}

async function streamed(path: string, size: number, override: Partial<Record<string, string>> = {}) {
  const headers = {
    ...(await signRequest({ secret, method: 'POST', pathWithQuery: path, streamingBody: true })),
    ...override,
  };
  return { method: 'POST', headers, body: streamOf(size), duplex: 'half' } as RequestInit;
}

describe('unsigned streaming bodies', () => {
  it('reach a route that opts in, past the signed-body limit', async () => {
    const res = await setup().request('/demo/upload', await streamed('/demo/upload', 64 * 1024));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bytes: 64 * 1024 });
  });

  it('are refused on any other route', async () => {
    const res = await setup().request('/demo/other', await streamed('/demo/other', 512));
    expect(res.status).toBe(401);
  });

  it('are refused when the signature does not cover the marker', async () => {
    const headers = await signRequest({ secret, method: 'POST', pathWithQuery: '/demo/upload' });
    const res = await setup().request('/demo/upload', {
      method: 'POST',
      headers: { ...headers, 'x-homelab-body': 'unsigned-streaming-body' },
      body: streamOf(512),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(401);
  });

  it('are refused without the marker, since the body hash then no longer matches', async () => {
    const signedHeaders = await signRequest({
      secret,
      method: 'POST',
      pathWithQuery: '/demo/upload',
      streamingBody: true,
    });
    const { 'x-homelab-body': _marker, ...withoutMarker } = signedHeaders;
    const res = await setup().request('/demo/upload', {
      method: 'POST',
      headers: withoutMarker,
      body: new Uint8Array(10),
    });
    expect(res.status).toBe(401);
  });
});
