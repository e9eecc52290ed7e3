import { describe, expect, it } from 'vitest';
import { exposition } from './metrics';
import { parseExposition } from './testing';

describe('exposition', () => {
  it('writes HELP and TYPE once per family, one sample a line, with escaped labels', () => {
    const text = exposition([
      {
        name: 'homelab_monitor_up',
        help: 'Up or down.',
        type: 'gauge',
        samples: [
          { labels: { monitor: 'say "hi"\\', type: 'http', domain: '' }, value: 1 },
          { labels: { monitor: 'paused one', type: 'http', domain: '' }, value: null },
        ],
      },
      {
        name: 'homelab_scheduler_lag_seconds',
        help: 'Lag.',
        type: 'summary',
        samples: [
          { labels: { quantile: '0.5' }, value: 0.002 },
          { labels: { __name__: 'homelab_scheduler_lag_seconds_count' }, value: 3 },
        ],
      },
    ]);
    const { samples, types } = parseExposition(text);
    expect(types.get('homelab_monitor_up')).toBe('gauge');
    expect(types.get('homelab_scheduler_lag_seconds')).toBe('summary');
    expect(samples).toEqual([
      { name: 'homelab_monitor_up', labels: { monitor: 'say "hi"\\', type: 'http', domain: '' }, value: 1 },
      { name: 'homelab_scheduler_lag_seconds', labels: { quantile: '0.5' }, value: 0.002 },
      { name: 'homelab_scheduler_lag_seconds_count', labels: {}, value: 3 },
    ]);
  });
});
