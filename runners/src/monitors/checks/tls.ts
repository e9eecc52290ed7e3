/**
 * TLS certificate monitors: connects, reads the certificate the server presents and says whether a
 * browser would accept it (trusted chain, name covered, not expired) and how long it has left, so the
 * owner hears about a failed renewal weeks before visitors do.
 */
import { isIP } from 'node:net';
import tls, { type PeerCertificate } from 'node:tls';
import type { CheckResult, MonitorConfig } from '@homelab/db/monitoring';
import {
  type CheckOptions,
  deadline,
  describeCertificateError,
  describeError,
  down,
  elapsedSince,
  socketEvent,
} from './outcome';

type TlsConfig = Extract<MonitorConfig, { type: 'tls' }>;

const dayMs = 86_400_000;

export async function checkTls(config: TlsConfig, options: CheckOptions): Promise<CheckResult> {
  const limit = deadline(options);
  const name = trimBrackets(config.servername ?? config.host);
  const startedAt = performance.now();
  // Verification is judged below rather than by the handshake, so that an untrusted or expired
  // certificate still reports its dates and names.
  const socket = tls.connect({
    host: trimBrackets(config.host),
    port: config.port,
    // SNI carries names only; sending an IP address there is refused by Node and by servers.
    ...(isIP(name) ? {} : { servername: name }),
    rejectUnauthorized: false,
  });
  try {
    await socketEvent(socket, 'secureConnect', limit.signal);
    const latencyMs = elapsedSince(startedAt);
    const certificate = socket.getPeerCertificate(false);
    if (!certificate || Object.keys(certificate).length === 0) {
      return down('the server presented no certificate', {}, latencyMs);
    }
    const authorizationError = socket.authorized
      ? null
      : String(socket.authorizationError ?? 'CERT_UNTRUSTED');
    const assessment = assessCertificate({
      certificate,
      authorizationError,
      hostname: name,
      expiryDays: config.expiryDays,
      now: new Date(),
    });
    return { ...assessment, latencyMs };
  } catch (error) {
    return down(describeError(error, limit.reason));
  } finally {
    socket.destroy();
  }
}

export type CertificateFacts = {
  issuer: string;
  subject: string;
  validFrom: string;
  validTo: string;
  daysLeft: number;
  altNames: string[];
};

export function certificateFacts(certificate: PeerCertificate, now: Date): CertificateFacts {
  const validTo = new Date(certificate.valid_to);
  return {
    issuer: distinguishedName(certificate.issuer),
    subject: distinguishedName(certificate.subject),
    validFrom: new Date(certificate.valid_from).toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - now.getTime()) / dayMs),
    altNames: (certificate.subjectaltname ?? '')
      .split(',')
      .map((entry) => entry.trim().replace(/^(DNS|IP Address):/, ''))
      .filter(Boolean),
  };
}

type Assessment = Omit<CheckResult, 'latencyMs'>;

/**
 * Whether a certificate passes. Every problem is named, worst first, so the owner fixes them in one
 * go: an expired certificate is reported with its date rather than as a failed chain check.
 */
export function assessCertificate(input: {
  certificate: PeerCertificate;
  /** The handshake's verification code (socket.authorizationError), null when the chain is trusted. */
  authorizationError: string | null;
  hostname: string;
  expiryDays: number;
  now: Date;
}): Assessment {
  const facts = certificateFacts(input.certificate, input.now);
  const now = input.now.getTime();
  const validTo = facts.validTo.slice(0, 10);
  const problems: string[] = [];

  const expired = Date.parse(facts.validTo) <= now;
  if (expired) {
    const daysAgo = Math.floor((now - Date.parse(facts.validTo)) / dayMs);
    problems.push(`certificate expired ${daysAgo} day${daysAgo === 1 ? '' : 's'} ago, on ${validTo}`);
  } else if (Date.parse(facts.validFrom) > now) {
    problems.push(`certificate not valid until ${facts.validFrom.slice(0, 10)}`);
  }
  const mismatch = tls.checkServerIdentity(input.hostname, input.certificate);
  if (mismatch) {
    problems.push(
      `certificate hostname mismatch: ${(mismatch as Error & { reason?: string }).reason ?? mismatch.message}`,
    );
  }
  // The handshake reports dates as verification errors too; they are already said above, with the date.
  const dateCodes = ['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'];
  if (input.authorizationError !== null && !dateCodes.includes(input.authorizationError)) {
    problems.push(describeCertificateError(input.authorizationError));
  }
  const days = `${facts.daysLeft} day${facts.daysLeft === 1 ? '' : 's'}`;
  if (!expired && facts.daysLeft < input.expiryDays)
    problems.push(`certificate expires in ${days}, on ${validTo}`);

  const detail = { ...facts, trusted: input.authorizationError === null };
  if (problems.length > 0) return { status: 'down', message: problems.join('; '), detail };
  return { status: 'up', message: `certificate valid for ${days}, until ${validTo}`, detail };
}

function distinguishedName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  const parts = [name.CN, name.O].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length > 0 ? parts.join(', ') : JSON.stringify(name);
}

function trimBrackets(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}
