/**
 * Overlay keys: 32 random bytes in base64url, the credential in an OBS browser source's URL. Only
 * its SHA-256 finds the tenant; the key itself is sealed with ENCRYPTION_KEY (the tenant id bound
 * as associated data) so the studio can show the URL again.
 */
import { decryptSecret, encryptSecret } from '@homelab/db/crypto';
import type { AppContext } from '../lib/context';
import { ApiError } from '../lib/errors';

export const overlayKeyPattern = /^[A-Za-z0-9_-]{43}$/;

export function newOverlayKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function overlayKeyHash(key: string): Promise<Buffer> {
  return Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)));
}

export function overlayEncryptionKey(c: AppContext): string {
  const key = c.get('config').ENCRYPTION_KEY;
  if (!key)
    throw new ApiError(
      503,
      'encryption_not_configured',
      'Overlays need ENCRYPTION_KEY, which seals the overlay URL at rest.',
    );
  return key;
}

export const sealOverlayKey = (key: string, encryptionKey: string, tenantId: string) =>
  encryptSecret(key, encryptionKey, tenantId);
export const unsealOverlayKey = (sealed: string, encryptionKey: string, tenantId: string) =>
  decryptSecret(sealed, encryptionKey, tenantId);
