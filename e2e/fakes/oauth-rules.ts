/** What every fake OAuth server checks the same way (RFC 7636 PKCE, loopback redirects in tests). */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether a code verifier answers the S256 challenge given at authorization. */
export function pkceMatches(verifier: string, challenge: string) {
  if (!verifier) return false;
  const expected = Buffer.from(challenge);
  const actual = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Registered redirect URIs, and any plain-http loopback one (the test stacks' callbacks). */
export function redirectAllowed(registered: Set<string>, uri: string) {
  if (registered.has(uri)) return true;
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
  } catch {
    return false;
  }
}
