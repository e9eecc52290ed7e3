/**
 * Discord signs every interaction with Ed25519 over timestamp + raw body; nothing is parsed or
 * stored before that signature holds. Discord also sends deliberately bad signatures to check
 * that endpoints refuse them, and a stale timestamp is refused so a captured request cannot be replayed.
 */
import { verifyKey } from 'discord-interactions';
import { ApiError } from '../lib/errors';

/** How old a signed request may be, and how far ahead of our clock (the sender's clock may run fast). */
export const maxAgeSeconds = 5 * 60;
export const maxAheadSeconds = 60;

const keys = new Map<string, Promise<CryptoKey>>();

/** Importing the key costs more than verifying with it: once per isolate and key. */
function publicKeyFor(hex: string): Promise<CryptoKey> {
  let key = keys.get(hex);
  if (!key) {
    const bytes = new Uint8Array(hex.match(/../g)!.map((pair) => Number.parseInt(pair, 16)));
    key = crypto.subtle.importKey('raw', bytes, { name: 'Ed25519' }, false, ['verify']);
    key.catch(() => keys.delete(hex));
    keys.set(hex, key);
  }
  return key;
}

const refuse = (message: string) => new ApiError(401, 'invalid_signature', message);

/** Throws 401 unless the body is signed by the application's key within the accepted window. */
export async function verifyInteraction(
  rawBody: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  publicKeyHex: string,
  nowMs = Date.now(),
): Promise<void> {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) throw refuse('Missing X-Signature-Ed25519 or X-Signature-Timestamp.');
  if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) {
    throw refuse('The request signature is not valid.');
  }
  const age = nowMs / 1000 - Number(timestamp);
  if (age > maxAgeSeconds || age < -maxAheadSeconds)
    throw refuse('The request timestamp is too old or too new.');
  const valid = await verifyKey(rawBody, signature, timestamp, await publicKeyFor(publicKeyHex));
  if (!valid) throw refuse('The request signature is not valid.');
}
