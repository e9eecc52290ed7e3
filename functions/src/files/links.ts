/**
 * Expiring download links: the token is base64url("<upload id>.<expiry ms>") and an HMAC-SHA-256 of
 * it, keyed by a key derived (HKDF) from RUNNER_SECRET or ENCRYPTION_KEY for the purpose "file-links",
 * so a link proves itself without a session or a database row. Web Crypto only (workerd).
 */

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function base64url(bytes: Uint8Array) {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

function linkKey(secret: string) {
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      const material = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, [
        'deriveKey',
      ]);
      return crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(), info: encoder.encode('file-links') },
        material,
        { name: 'HMAC', hash: 'SHA-256', length: 256 },
        false,
        ['sign', 'verify'],
      );
    })();
    keys.set(secret, key);
  }
  return key;
}

export async function signLink(secret: string, id: string, expiresAt: Date) {
  const payload = encoder.encode(`${id}.${expiresAt.getTime()}`);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await linkKey(secret), payload));
  return `${base64url(payload)}.${base64url(mac)}`;
}

export type LinkCheck =
  | { ok: true; id: string; expiresAt: Date }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'expired'; expiresAt: Date };

export async function verifyLink(secret: string, token: string, now = Date.now()): Promise<LinkCheck> {
  const [encodedPayload, encodedMac, ...rest] = token.split('.');
  if (!encodedPayload || !encodedMac || rest.length > 0 || token.length > 512)
    return { ok: false, reason: 'invalid' };
  const payload = fromBase64url(encodedPayload);
  const mac = fromBase64url(encodedMac);
  if (!payload || !mac) return { ok: false, reason: 'invalid' };
  // subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify(
    'HMAC',
    await linkKey(secret),
    mac as Uint8Array<ArrayBuffer>,
    payload as Uint8Array<ArrayBuffer>,
  );
  if (!valid) return { ok: false, reason: 'invalid' };
  const match = /^([0-9a-f-]{36})\.(\d{1,15})$/.exec(new TextDecoder().decode(payload));
  if (!match) return { ok: false, reason: 'invalid' };
  const expiresAt = new Date(Number(match[2]));
  if (expiresAt.getTime() <= now) return { ok: false, reason: 'expired', expiresAt };
  return { ok: true, id: match[1] as string, expiresAt };
}
