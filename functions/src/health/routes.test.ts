import { describe, expect, it } from 'vitest';
import { createHarness } from '../../test/harness';
import { app } from '../app';

describe('GET /api/health', () => {
  it('reports the database up and the runners unreachable as degraded', async () => {
    const h = await createHarness();
    const res = await h.call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('degraded');
    expect(res.json.version).toBe('test');
    expect(res.json.database.ok).toBe(true);
    expect(res.json.runners.ok).toBe(false);
    expect(res.json.runners.error).toMatch(/^The runners process is not answering \(/);
    expect(res.json.runners.queue).toEqual({ depth: 0, oldestQueuedAt: null, running: 0, failed24h: 0 });
  });

  it('answers 503 with the reason when PostgreSQL is down', async () => {
    await new Promise((r) => setTimeout(r, 1_100)); // past the one-second health cache
    const env = {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      RUNNER_SECRET: 'test-secret-test-secret-test-secret-00',
      RUNNERS_URL: 'http://127.0.0.1:9',
    };
    const res = await app.request('/api/health', {}, env);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; database: { ok: boolean; error: string } };
    expect(body.status).toBe('down');
    expect(body.database.ok).toBe(false);
    expect(body.database.error).toMatch(/ECONNREFUSED|connect|refused/i);
  });
});
