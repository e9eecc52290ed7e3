/**
 * Password hashing with argon2id at OWASP's first setting (m=19 MiB, t=2, p=1). Pure JS
 * (@noble/hashes) because workerd refuses to compile WebAssembly at run time. Each hash holds
 * 19 MiB for ~0.3 s, so concurrent hashes per isolate are bounded and the rest wait in line.
 */
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { unavailable } from '../lib/errors';
import { base64url } from './tokens';

export type ArgonParams = { m: number; t: number; p: number };
export const currentParams: ArgonParams = { m: 19_456, t: 2, p: 1 };

const maxConcurrent = 2;
const maxWaiting = 32;
let running = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= maxConcurrent) {
    if (waiting.length >= maxWaiting)
      throw unavailable('busy', 'Too many sign-ins at once; try again in a moment.');
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function fromBase64url(text: string) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

function derive(password: string, salt: Uint8Array, params: ArgonParams) {
  return withSlot(() =>
    argon2idAsync(password.normalize('NFKC'), salt, { ...params, dkLen: 32, asyncTick: 10, maxmem: 2 ** 26 }),
  );
}

/** PHC string: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (unpadded base64url). */
export async function hashPassword(password: string, params: ArgonParams = currentParams) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, params);
  return `$argon2id$v=19$m=${params.m},t=${params.t},p=${params.p}$${base64url(salt)}$${base64url(hash)}`;
}

export function parseHash(encoded: string) {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(
    encoded,
  );
  if (!match) return null;
  return {
    params: { m: Number(match[1]), t: Number(match[2]), p: Number(match[3]) },
    salt: fromBase64url(match[4]!),
    hash: fromBase64url(match[5]!),
  };
}

export async function verifyPassword(password: string, encoded: string) {
  const parsed = parseHash(encoded);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.params);
  let diff = candidate.length ^ parsed.hash.length;
  for (let i = 0; i < candidate.length; i++) diff |= (candidate[i] ?? 0) ^ (parsed.hash[i] ?? 0);
  return diff === 0;
}

/** True when the stored hash was made with other parameters than today's: rehash on the next login. */
export function needsRehash(encoded: string) {
  const parsed = parseHash(encoded);
  if (!parsed) return true;
  const { m, t, p } = parsed.params;
  return m !== currentParams.m || t !== currentParams.t || p !== currentParams.p;
}

let dummy: Promise<string> | undefined;
/** Verifying against a throwaway hash keeps "no such user" as slow as "wrong password". */
export async function burnVerify(password: string) {
  dummy ??= hashPassword('not-a-real-password-0000');
  await verifyPassword(password, await dummy);
}
