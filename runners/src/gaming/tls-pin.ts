/**
 * Sunshine serves a self-signed certificate, so trusting it means pinning it: with a configured
 * SHA-256 fingerprint the connection is accepted only when the certificate presented matches,
 * checked right after the handshake and before a byte of the request (with its password) is sent.
 * Without one, the usual certificate verification applies.
 */
import type { PeerCertificate } from 'node:tls';

/** `AB:CD:…` upper case, whatever the input's case or colons. */
export function normalizeFingerprint(value: string): string {
  const hex = value.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? '';
}

export class CertificateMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly presented: string,
  ) {
    super(
      `The certificate Sunshine presented (SHA-256 ${presented || 'none'}) does not match SUNSHINE_TLS_FINGERPRINT; the connection was refused. If Sunshine made a new certificate, read its fingerprint again.`,
    );
    this.name = 'CertificateMismatchError';
  }
}

/** null when the certificate is the pinned one, otherwise the error to refuse the connection with. */
export function checkPinnedCertificate(
  pinned: string,
  certificate: Pick<PeerCertificate, 'fingerprint256'> | undefined,
): CertificateMismatchError | null {
  const expected = normalizeFingerprint(pinned);
  const presented = certificate?.fingerprint256 ? normalizeFingerprint(certificate.fingerprint256) : '';
  return presented && presented === expected ? null : new CertificateMismatchError(expected, presented);
}
