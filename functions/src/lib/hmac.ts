/**
 * Checking an HMAC-SHA256 that a webhook sender put in a header as hex (Twitch, GitHub/Gitea
 * pushes, n8n's inbound calls). The key of each secret is imported once per isolate.
 */
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'verify',
    ]);
    key.catch(() => keys.delete(secret));
    keys.set(secret, key);
  }
  return key;
}

/** The bytes of a 64-digit hex SHA-256 MAC, or null when it is anything else. */
export function macBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[0-9a-f]{64}$/i.test(hex)) return null;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Whether `mac` is the HMAC-SHA256 of `data` with `secret`; verify() compares in constant time. */
export async function hmacMatches(secret: string, data: string | BufferSource, mac: Uint8Array<ArrayBuffer>) {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return crypto.subtle.verify('HMAC', await hmacKey(secret), mac, bytes);
}
