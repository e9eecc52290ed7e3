/**
 * Session and API-key tokens: a public id to find the row plus a 32-byte random secret of which only
 * a SHA-256 is stored, so a leaked database gives no usable token (Lucia's current session design).
 */

const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

/** 120 bits of randomness in an unambiguous lower-case alphabet. */
export function randomId(length = 24) {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const byte of bytes) out += alphabet[byte & 31];
  return out;
}

export function randomSecret(bytes = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export function base64url(bytes: Uint8Array) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function sha256(text: string) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array) {
  if (a.byteLength !== b.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** `<id>.<secret>`: the cookie value of a session. */
export function parseSessionToken(token: string) {
  const match = /^([a-z2-9]{24})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

export const apiKeyPrefix = 'hlk_';

/** `hlk_<id>_<secret>`: recognisable in logs and by secret scanners, never stored whole. */
export function parseApiKey(token: string) {
  const match = /^hlk_([a-z2-9]{24})_([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}
