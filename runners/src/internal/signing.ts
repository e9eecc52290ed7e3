/**
 * Signs and verifies calls from functions to runners. The signature is an HMAC-SHA256 over method,
 * path (with query), timestamp, nonce and a SHA-256 of the body, with the shared RUNNER_SECRET.
 * Web Crypto only, so the same code runs in workerd and Node.
 */

export const signatureHeaders = {
  timestamp: 'x-homelab-timestamp',
  nonce: 'x-homelab-nonce',
  signature: 'x-homelab-signature',
} as const;

/** Calls older (or further in the future) than this are refused, so a captured call cannot be replayed later. */
export const maxSkewMs = 60_000;

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string) {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

function toHex(bytes: ArrayBuffer) {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string) {
  if (!/^(?:[0-9a-f]{2})+$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

async function canonical(
  method: string,
  pathWithQuery: string,
  timestamp: string,
  nonce: string,
  body: Uint8Array,
) {
  const bodyHash = toHex(await crypto.subtle.digest('SHA-256', body as Uint8Array<ArrayBuffer>));
  return encoder.encode([method.toUpperCase(), pathWithQuery, timestamp, nonce, bodyHash].join('\n'));
}

export type SignInput = {
  secret: string;
  method: string;
  pathWithQuery: string;
  body?: Uint8Array;
  now?: number;
};

export async function signRequest({ secret, method, pathWithQuery, body, now }: SignInput) {
  const timestamp = String(now ?? Date.now());
  const nonce = crypto.randomUUID();
  const data = await canonical(method, pathWithQuery, timestamp, nonce, body ?? new Uint8Array());
  const signature = toHex(await crypto.subtle.sign('HMAC', await hmacKey(secret), data));
  return {
    [signatureHeaders.timestamp]: timestamp,
    [signatureHeaders.nonce]: nonce,
    [signatureHeaders.signature]: signature,
  };
}

export type VerifyInput = {
  secret: string;
  method: string;
  pathWithQuery: string;
  body: Uint8Array;
  headers: { get(name: string): string | null };
  now?: number;
};

export type VerifyResult = { ok: true; nonce: string; timestamp: number } | { ok: false; reason: string };

export async function verifyRequest(input: VerifyInput): Promise<VerifyResult> {
  const timestamp = input.headers.get(signatureHeaders.timestamp);
  const nonce = input.headers.get(signatureHeaders.nonce);
  const signature = input.headers.get(signatureHeaders.signature);
  if (!timestamp || !nonce || !signature) return { ok: false, reason: 'missing signature headers' };
  const ts = Number(timestamp);
  if (!Number.isSafeInteger(ts)) return { ok: false, reason: 'bad timestamp' };
  if (Math.abs((input.now ?? Date.now()) - ts) > maxSkewMs) return { ok: false, reason: 'stale timestamp' };
  const expected = fromHex(signature);
  if (!expected) return { ok: false, reason: 'malformed signature' };
  const data = await canonical(input.method, input.pathWithQuery, timestamp, nonce, input.body);
  // subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify(
    'HMAC',
    await hmacKey(input.secret),
    expected as Uint8Array<ArrayBuffer>,
    data,
  );
  return valid ? { ok: true, nonce, timestamp: ts } : { ok: false, reason: 'bad signature' };
}
