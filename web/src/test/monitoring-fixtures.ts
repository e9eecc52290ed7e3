/** Monitors for tests: one with sensible defaults, and a thousand spread over domains and states. */
import type { Monitor } from '../pages/monitoring/types';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function monitor(overrides: Partial<Monitor> = {}): Monitor {
  return {
    id: uuid(1),
    name: 'rig-city.com website',
    type: 'http',
    config: { type: 'http', url: 'https://rig-city.com/', method: 'GET', expectedStatus: ['200-399'] },
    intervalSeconds: 60,
    timeoutMs: 10_000,
    retries: 0,
    tags: ['web'],
    domain: 'rig-city.com',
    paused: false,
    channelIds: [],
    pushUrl: null,
    state: 'up',
    stateSince: '2025-01-01T00:00:00Z',
    lastCheckAt: '2025-01-01T00:00:00Z',
    lastLatencyMs: 120,
    lastMessage: '200 OK',
    lastDetail: null,
    uptime: { day: 1, week: 0.999, month: 0.998, year: 0.99 },
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

const domains = ['rig-city.com', 'evindrake.net', 'scarletredjoker.com', null] as const;
const states = ['up', 'up', 'up', 'down', 'paused', 'pending'] as const;

/** `count` monitors, named "monitor 0001"…, cycling through domains and states. */
export const manyMonitors = (count: number): Monitor[] =>
  Array.from({ length: count }, (_, i) =>
    monitor({
      id: uuid(i + 1),
      name: `monitor ${String(i + 1).padStart(4, '0')}`,
      domain: domains[i % domains.length] ?? null,
      state: states[i % states.length]!,
      paused: states[i % states.length] === 'paused',
      lastLatencyMs: 50 + (i % 200),
    }),
  );
