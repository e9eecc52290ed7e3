/**
 * The one place secrets at rest are encrypted (database passwords, later tokens): AES-256-GCM with
 * WebCrypto, so the same code runs in the Node runners and in workerd. The text form
 * `v1:<iv>:<ciphertext>` carries its version, so the scheme can change without guessing old rows.
 * Associated data (a row id) binds a ciphertext to its row: copied into another row, it fails.
 */

const version = 'v1';
const ivBytes = 12;

export class SecretError extends Error {
  override name = 'SecretError';
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

// Imported keys are kept per key text: importKey costs more than a short encryption.
const keys = new Map<string, Promise<CryptoKey>>();

function importKey(keyBase64: string): Promise<CryptoKey> {
  let key = keys.get(keyBase64);
  if (!key) {
    let raw: Uint8Array<ArrayBuffer>;
    try {
      raw = fromBase64(keyBase64);
    } catch {
      throw new SecretError(
        'The encryption key is not valid base64 (ENCRYPTION_KEY: openssl rand -base64 32).',
      );
    }
    if (raw.byteLength !== 32)
      throw new SecretError(
        `The encryption key must be 32 bytes in base64, not ${raw.byteLength} (ENCRYPTION_KEY: openssl rand -base64 32).`,
      );
    key = globalThis.crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
    keys.set(keyBase64, key);
  }
  return key;
}

function gcmParams(iv: Uint8Array<ArrayBuffer>, associatedData: string | undefined): AesGcmParams {
  return associatedData === undefined
    ? { name: 'AES-GCM', iv }
    : { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(associatedData) };
}

/** Encrypts with a fresh random IV; decrypting needs the same key and the same associated data. */
export async function encryptSecret(
  plaintext: string,
  keyBase64: string,
  associatedData?: string,
): Promise<string> {
  const key = await importKey(keyBase64);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(ivBytes));
  const sealed = await globalThis.crypto.subtle.encrypt(
    gcmParams(iv, associatedData),
    key,
    new TextEncoder().encode(plaintext),
  );
  return `${version}:${toBase64(iv)}:${toBase64(new Uint8Array(sealed))}`;
}

export async function decryptSecret(
  ciphertext: string,
  keyBase64: string,
  associatedData?: string,
): Promise<string> {
  const parts = ciphertext.split(':');
  if (parts.length !== 3 || parts[0] !== version)
    throw new SecretError(`The stored secret is not in the ${version}:<iv>:<ciphertext> form.`);
  let iv: Uint8Array<ArrayBuffer>;
  let sealed: Uint8Array<ArrayBuffer>;
  try {
    iv = fromBase64(parts[1] as string);
    sealed = fromBase64(parts[2] as string);
  } catch {
    throw new SecretError('The stored secret is not valid base64.');
  }
  if (iv.byteLength !== ivBytes) throw new SecretError('The stored secret has a malformed IV.');
  const key = await importKey(keyBase64);
  let opened: ArrayBuffer;
  try {
    opened = await globalThis.crypto.subtle.decrypt(gcmParams(iv, associatedData), key, sealed);
  } catch {
    // GCM cannot tell a wrong key from tampering or a different row; all three fail the tag check.
    throw new SecretError(
      'The stored secret could not be decrypted: ENCRYPTION_KEY differs from the key it was encrypted with, or the value was altered or copied from another row.',
    );
  }
  return new TextDecoder().decode(opened);
}
