/**
 * Encryption of whole archives at rest: AES-256-GCM, streamed file to file. Layout: an 8-byte magic,
 * the 12-byte nonce, the ciphertext, the 16-byte tag. The tag covers the magic and nonce too, so a
 * flipped byte anywhere makes decryption fail. One GCM stream holds up to 64 GiB.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

const magic = Buffer.from('HLSB1\0\0\0', 'latin1');
const nonceBytes = 12;
const tagBytes = 16;
const headerBytes = magic.length + nonceBytes;

/** SYSTEM_BACKUP_KEY: 32 random bytes in base64. */
export function parseBackupKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32)
    throw new Error('SYSTEM_BACKUP_KEY must be 32 random bytes in base64 (openssl rand -base64 32).');
  return key;
}

export async function isEncryptedFile(file: string) {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(magic.length);
    const { bytesRead } = await handle.read(head, 0, magic.length, 0);
    return bytesRead === magic.length && head.equals(magic);
  } finally {
    await handle.close();
  }
}

export async function encryptFile(source: string, target: string, key: Buffer) {
  const nonce = randomBytes(nonceBytes);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.concat([magic, nonce]));
  const out = createWriteStream(target, { flags: 'wx', mode: 0o600 });
  out.write(magic);
  out.write(nonce);
  await pipeline(createReadStream(source), cipher, out, { end: false });
  await new Promise<void>((resolve, reject) =>
    out.end(cipher.getAuthTag(), (error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** Writes the plaintext to `target`; throws (and the caller discards `target`) when the tag does not match. */
export async function decryptFile(source: string, target: string, key: Buffer) {
  const { size } = await stat(source);
  if (size < headerBytes + tagBytes) throw new Error('The encrypted archive is truncated.');
  const handle = await open(source, 'r');
  let header: Buffer;
  let tag: Buffer;
  try {
    header = Buffer.alloc(headerBytes);
    await handle.read(header, 0, headerBytes, 0);
    tag = Buffer.alloc(tagBytes);
    await handle.read(tag, 0, tagBytes, size - tagBytes);
  } finally {
    await handle.close();
  }
  if (!header.subarray(0, magic.length).equals(magic)) throw new Error('Not an encrypted system backup.');
  const decipher = createDecipheriv('aes-256-gcm', key, header.subarray(magic.length));
  decipher.setAAD(header);
  decipher.setAuthTag(tag);
  try {
    await pipeline(
      createReadStream(source, { start: headerBytes, end: size - tagBytes - 1 }),
      decipher,
      createWriteStream(target, { flags: 'wx', mode: 0o600 }),
    );
  } catch (error) {
    throw new Error(
      `The archive does not decrypt: it was changed or damaged, or SYSTEM_BACKUP_KEY is not the key it was made with (${(error as Error).message}).`,
    );
  }
}
