import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, SecretError } from './crypto';

const key = btoa(String.fromCharCode(...new Uint8Array(32).map((_, i) => i * 7)));
const otherKey = btoa(String.fromCharCode(...new Uint8Array(32).fill(9)));

describe('encryptSecret / decryptSecret', () => {
  it('round-trips, with a fresh IV every time', async () => {
    const a = await encryptSecret('s3cret-pässword', key);
    const b = await encryptSecret('s3cret-pässword', key);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await decryptSecret(a, key)).toBe('s3cret-pässword');
    expect(await decryptSecret(b, key)).toBe('s3cret-pässword');
  });

  it('binds the ciphertext to its associated data (a row id)', async () => {
    const sealed = await encryptSecret('pw', key, 'row-1');
    expect(await decryptSecret(sealed, key, 'row-1')).toBe('pw');
    await expect(decryptSecret(sealed, key, 'row-2')).rejects.toThrow(/copied from another row/);
    await expect(decryptSecret(sealed, key)).rejects.toBeInstanceOf(SecretError);
  });

  it('says the key is wrong rather than returning garbage', async () => {
    const sealed = await encryptSecret('pw', key);
    await expect(decryptSecret(sealed, otherKey)).rejects.toThrow(/ENCRYPTION_KEY differs/);
  });

  it('refuses keys that are not 32 bytes of base64', async () => {
    await expect(encryptSecret('pw', btoa('short'))).rejects.toThrow(/32 bytes.*not 5/);
    await expect(encryptSecret('pw', '%%%not base64')).rejects.toThrow(/not valid base64/);
  });

  it('refuses malformed or altered ciphertexts', async () => {
    await expect(decryptSecret('plain text', key)).rejects.toThrow(/v1:<iv>:<ciphertext>/);
    const sealed = await encryptSecret('pw', key);
    const [v, iv, body] = sealed.split(':') as [string, string, string];
    const flipped = (body[0] === 'A' ? 'B' : 'A') + body.slice(1);
    await expect(decryptSecret(`${v}:${iv}:${flipped}`, key)).rejects.toThrow(/altered/);
  });
});
