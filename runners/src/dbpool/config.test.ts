import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config';
import { loadDbPoolConfig } from './config';

const upstream = 'postgres://homelab_app:pw@127.0.0.1:5432/homelab';

describe('loadDbPoolConfig', () => {
  it('applies the defaults', () => {
    expect(loadDbPoolConfig({ DBPOOL_UPSTREAM_URL: upstream })).toEqual({
      upstreamUrl: upstream,
      host: '127.0.0.1',
      port: 6432,
      min: 2,
      max: 20,
      acquireTimeoutMs: 5_000,
      logLevel: 'info',
    });
  });

  it('names the missing upstream URL, treating an empty one as missing', () => {
    expect(() => loadDbPoolConfig({ DBPOOL_UPSTREAM_URL: '' })).toThrow(ConfigError);
    expect(() => loadDbPoolConfig({})).toThrow(/DBPOOL_UPSTREAM_URL is required/);
  });

  it('refuses a bad URL, port, size or a minimum above the maximum', () => {
    expect(() => loadDbPoolConfig({ DBPOOL_UPSTREAM_URL: 'mysql://x' })).toThrow(/postgres:\/\/ URL/);
    expect(() => loadDbPoolConfig({ DBPOOL_UPSTREAM_URL: upstream, DBPOOL_PORT: '70000' })).toThrow(
      /DBPOOL_PORT/,
    );
    expect(() => loadDbPoolConfig({ DBPOOL_UPSTREAM_URL: upstream, DBPOOL_MAX: '0' })).toThrow(/DBPOOL_MAX/);
    expect(() =>
      loadDbPoolConfig({ DBPOOL_UPSTREAM_URL: upstream, DBPOOL_MIN: '5', DBPOOL_MAX: '4' }),
    ).toThrow(/DBPOOL_MIN must not exceed DBPOOL_MAX/);
  });
});
