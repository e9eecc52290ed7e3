import { OAuth2Tokens } from 'arctic';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/env';
import { authorizationUrl, grantedScopes } from './client';
import { safeNext } from './flow';
import { googleProvider } from './providers/google';

describe('provider requests', () => {
  it('asks Google for offline access with a consent prompt, the YouTube scopes and an S256 challenge', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://x@127.0.0.1/x',
      RUNNER_SECRET: 'test-secret-test-secret-test-secret-00',
      RUNNERS_URL: 'http://127.0.0.1:9',
      APP_VERSION: 'test',
      GOOGLE_CLIENT_ID: 'google-client',
      GOOGLE_CLIENT_SECRET: 'google-secret',
    });
    const url = authorizationUrl(googleProvider(config), 'http://127.0.0.1/cb', 'state-1', 'v'.repeat(43));
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('scope')).toBe(
      'https://www.googleapis.com/auth/youtube.readonly https://www.googleapis.com/auth/youtube.force-ssl',
    );
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('reads granted scopes as OAuth’s string, Twitch’s array, or what was asked', () => {
    expect(grantedScopes(new OAuth2Tokens({ scope: 'a b' }), ['x'])).toEqual(['a', 'b']);
    expect(grantedScopes(new OAuth2Tokens({ scope: ['chat:read', 'chat:edit'] }), ['x'])).toEqual([
      'chat:read',
      'chat:edit',
    ]);
    expect(grantedScopes(new OAuth2Tokens({}), ['x'])).toEqual(['x']);
  });

  it('lands only on a path of this site', () => {
    expect(safeNext('/studio?tab=chat', '/studio')).toBe('/studio?tab=chat');
    for (const next of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      '/\t/evil',
      undefined,
    ])
      expect(safeNext(next, '/studio')).toBe('/studio');
  });
});
