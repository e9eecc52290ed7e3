import { describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { createGamingHost, probeResult } from './host';
import { SunshineError } from './sunshine-client';

const at = new Date('2026-11-29T12:00:00Z');
const log = createLogger({ write: () => {} });

describe('probeResult', () => {
  it('is online with the version Sunshine reported', () => {
    expect(probeResult({ version: '2025.924.154138' }, at)).toEqual({
      state: 'online',
      version: '2025.924.154138',
      reason: null,
      checkedAt: at.toISOString(),
    });
  });

  it('is auth_failed when Sunshine refused the login, offline for anything else, with the reason', () => {
    expect(probeResult(new SunshineError('auth_failed', 'refused (401)'), at)).toMatchObject({
      state: 'auth_failed',
      reason: 'refused (401)',
    });
    expect(probeResult(new SunshineError('unreachable', 'ECONNREFUSED'), at)).toMatchObject({
      state: 'offline',
      reason: 'ECONNREFUSED',
    });
  });
});

describe('a host without settings', () => {
  const host = createGamingHost({ settings: {}, log });

  it('reports not_configured with what to set, and no Wake-on-LAN', async () => {
    const status = await host.status(true);
    expect(status.state).toBe('not_configured');
    expect(status.reason).toMatch(/SUNSHINE_URL/);
    expect(status.wol.configured).toBe(false);
  });

  it('answers every action with a clear not_configured error instead of failing', async () => {
    await expect(host.apps()).rejects.toMatchObject({ status: 503, code: 'not_configured' });
    await expect(host.pair('1234', 'TV')).rejects.toMatchObject({ status: 503, code: 'not_configured' });
    await expect(host.wake()).rejects.toMatchObject({
      status: 503,
      code: 'not_configured',
      message: /GAMING_PC_MAC/,
    });
  });
});
