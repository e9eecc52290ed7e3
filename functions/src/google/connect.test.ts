import { describe, expect, it } from 'vitest';
import type { Config } from '../lib/env';
import { ApiError } from '../lib/errors';
import { missingSettings, requireConfigured } from './connect';

const key = `${'A'.repeat(43)}=`;

describe('connect settings', () => {
  it('names every missing variable in a 503', () => {
    expect(missingSettings({} as Config)).toEqual([
      'GOOGLE_CLIENT_ID',
      'GOOGLE_CLIENT_SECRET',
      'ENCRYPTION_KEY',
    ]);
    const error = (() => {
      try {
        requireConfigured({ GOOGLE_CLIENT_ID: 'id.apps', ENCRYPTION_KEY: key } as Config);
      } catch (e) {
        return e;
      }
    })() as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(503);
    expect(error.code).toBe('google_not_configured');
    expect(error.message).toContain('GOOGLE_CLIENT_SECRET');
    expect(error.message).not.toContain('GOOGLE_CLIENT_ID');
  });

  it('is satisfied by the client id, secret and encryption key', () => {
    const config = {
      GOOGLE_CLIENT_ID: 'id.apps',
      GOOGLE_CLIENT_SECRET: 'secret',
      ENCRYPTION_KEY: key,
    } as Config;
    expect(missingSettings(config)).toEqual([]);
    expect(requireConfigured(config)).toEqual({ clientId: 'id.apps', clientSecret: 'secret', key });
  });
});
