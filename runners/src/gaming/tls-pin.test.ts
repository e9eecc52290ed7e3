import { describe, expect, it } from 'vitest';
import { CertificateMismatchError, checkPinnedCertificate, normalizeFingerprint } from './tls-pin';

const pinned = 'ab'.repeat(32);
const presented = Array.from({ length: 32 }, () => 'AB').join(':');

describe('checkPinnedCertificate', () => {
  it('accepts the certificate whose SHA-256 fingerprint is the pinned one, whatever the case or colons', () => {
    expect(checkPinnedCertificate(pinned, { fingerprint256: presented })).toBeNull();
    expect(normalizeFingerprint(presented.toLowerCase())).toBe(presented);
  });

  it('refuses any other certificate, and a connection that presented none', () => {
    const other = presented.replace(/AB$/, 'AC');
    const mismatch = checkPinnedCertificate(pinned, { fingerprint256: other });
    expect(mismatch).toBeInstanceOf(CertificateMismatchError);
    expect(mismatch?.message).toMatch(/does not match SUNSHINE_TLS_FINGERPRINT/);
    expect(checkPinnedCertificate(pinned, undefined)).toBeInstanceOf(CertificateMismatchError);
  });
});
