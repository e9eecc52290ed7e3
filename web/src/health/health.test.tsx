import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../test/fakes';
import { createHealthPoll, type HealthPoll } from './health';

afterEach(() => vi.unstubAllGlobals());

function poll() {
  return new Promise<{ poll: HealthPoll; dispose: () => void }>((resolve) =>
    createRoot((dispose) => resolve({ poll: createHealthPoll(60_000), dispose })),
  );
}

const settled = (p: HealthPoll) => vi.waitFor(() => expect(p.checking()).toBe(false));

describe('createHealthPoll', () => {
  it('reads a 503 health answer as the state of each dependency', async () => {
    stubFetch({
      'GET /api/health': () =>
        json(503, {
          status: 'degraded',
          database: { ok: false, error: 'PostgreSQL is not answering.' },
          runners: { ok: true },
        }),
    });
    const { poll: p, dispose } = await poll();
    await vi.waitFor(() => expect(p.health()?.database.ok).toBe(false));
    expect(p.unreachable()).toBe(false);
    dispose();
  });

  it('counts a 503 that is not a health answer as unreachable, keeping no half-read state', async () => {
    stubFetch({
      'GET /api/health': () =>
        json(503, { error: { code: 'unavailable', message: 'Upstream is restarting.' } }),
    });
    const { poll: p, dispose } = await poll();
    await vi.waitFor(() => expect(p.unreachable()).toBe(true));
    await settled(p);
    expect(p.health()).toBeUndefined();
    dispose();
  });
});
