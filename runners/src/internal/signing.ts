/**
 * Signs and verifies calls from functions to runners. The signature is an HMAC-SHA256 over method,
 * path (with query), timestamp, nonce and a SHA-256 of the body, with the shared RUNNER_SECRET.
 * Web Crypto only, so the same code runs in workerd and Node.
 */

export const signatureHeaders = {
  timestamp: 'x-homelab-timestamp',
  nonce: 'x-homelab-nonce',
  signature: 'x-homelab-signature',
  /** Set to `unsignedStreamingBody` on a call whose body is streamed and so not hashed. */
  body: 'x-homelab-body',
} as const;

/**
 * Stands in for the body hash of a streamed upload: the signature still covers method, path,
 * timestamp and nonce, and says the body is unsigned, so it cannot be replayed as a signed-body call.
 * The runners accept it only on routes that opt in.
 */
export const unsignedStreamingBody = 'unsigned-streaming-body';

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
  body: Uint8Array | typeof unsignedStreamingBody,
) {
  const bodyHash =
    body === unsignedStreamingBody
      ? unsignedStreamingBody
      : toHex(await crypto.subtle.digest('SHA-256', body as Uint8Array<ArrayBuffer>));
  return encoder.encode([method.toUpperCase(), pathWithQuery, timestamp, nonce, bodyHash].join('\n'));
}

export type SignInput = {
  secret: string;
  method: string;
  pathWithQuery: string;
  body?: Uint8Array;
  /** The body is streamed: it is not hashed and the call is marked as such. */
  streamingBody?: boolean;
  now?: number;
};

export async function signRequest({
  secret,
  method,
  pathWithQuery,
  body,
  streamingBody,
  now,
}: SignInput): Promise<Record<string, string>> {
  const timestamp = String(now ?? Date.now());
  const nonce = crypto.randomUUID();
  const data = await canonical(
    method,
    pathWithQuery,
    timestamp,
    nonce,
    streamingBody ? unsignedStreamingBody : (body ?? new Uint8Array()),
  );
  const signature = toHex(await crypto.subtle.sign('HMAC', await hmacKey(secret), data));
  return {
    [signatureHeaders.timestamp]: timestamp,
    [signatureHeaders.nonce]: nonce,
    [signatureHeaders.signature]: signature,
    ...(streamingBody ? { [signatureHeaders.body]: unsignedStreamingBody } : {}),
  };
}

export type VerifyInput = {
  secret: string;
  method: string;
  pathWithQuery: string;
  /** The bytes, or `unsignedStreamingBody` for a call the server lets stream (it must carry the marker). */
  body: Uint8Array | typeof unsignedStreamingBody;
  headers: { get(name: string): string | null };
  now?: number;
};

export type VerifyResult = { ok: true; nonce: string; timestamp: number } | { ok: false; reason: string };

/** Whether a call declares an unsigned streamed body. */
export function declaresStreamingBody(headers: { get(name: string): string | null }) {
  return headers.get(signatureHeaders.body) === unsignedStreamingBody;
}

export async function verifyRequest(input: VerifyInput): Promise<VerifyResult> {
  const timestamp = input.headers.get(signatureHeaders.timestamp);
  const nonce = input.headers.get(signatureHeaders.nonce);
  const signature = input.headers.get(signatureHeaders.signature);
  if (!timestamp || !nonce || !signature) return { ok: false, reason: 'missing signature headers' };
  const ts = Number(timestamp);
  if (!Number.isSafeInteger(ts)) return { ok: false, reason: 'bad timestamp' };
  if (Math.abs((input.now ?? Date.now()) - ts) > maxSkewMs) return { ok: false, reason: 'stale timestamp' };
  // The marker and the body the server read must agree, or a signed-body call could be streamed and vice versa.
  if (declaresStreamingBody(input.headers) !== (input.body === unsignedStreamingBody))
    return { ok: false, reason: 'streamed body not allowed here' };
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
