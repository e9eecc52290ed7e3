/**
 * The tls_check tool: the certificate a host serves, read by the TLS monitor's own check (issuer,
 * names, days left, and whether a browser would accept it).
 */
import type { CheckResult } from '@homelab/db/monitoring';
import { z } from 'zod';
import { checkTls } from '../../monitors/checks/tls';
import { defineTool } from './define';
import type { ToolContext } from './types';

export type CertificateCheck = {
  host: string;
  port: number;
  ok: boolean;
  message: string;
  issuer: string | null;
  daysLeft: number | null;
  validTo: string | null;
  names: string[];
  trusted: boolean | null;
};

export async function checkCertificate(
  ctx: Pick<ToolContext, 'signal'>,
  host: string,
  port = 443,
  expiryDays = 14,
): Promise<CertificateCheck> {
  const result: CheckResult = await checkTls(
    { type: 'tls', host, port, expiryDays },
    {
      timeoutMs: 10_000,
      signal: ctx.signal,
      deps: { publicIp: async () => null, container: async () => null, openSecret: async (plain) => plain },
    },
  );
  const detail = result.detail as Partial<{
    issuer: string;
    daysLeft: number;
    validTo: string;
    altNames: string[];
    trusted: boolean;
  }>;
  return {
    host,
    port,
    ok: result.status === 'up',
    message: result.message,
    issuer: detail.issuer ?? null,
    daysLeft: detail.daysLeft ?? null,
    validTo: detail.validTo ?? null,
    names: (detail.altNames ?? []).slice(0, 20),
    trusted: detail.trusted ?? null,
  };
}

export const tlsCheck = defineTool('tls_check', {
  args: z.object({
    host: z
      .string()
      .min(1)
      .max(253)
      .describe('The host name whose certificate to read, e.g. cloud.example.com'),
    port: z.number().int().min(1).max(65_535).default(443).describe('The TLS port'),
  }),
  target: (args) => args.host.toLowerCase(),
  async run(args, ctx) {
    const facts = await checkCertificate(ctx, args.host, args.port);
    const days = facts.daysLeft === null ? '' : `, ${facts.daysLeft} days left`;
    return {
      ok: true,
      summary: `${args.host}: ${facts.ok ? 'valid' : 'problem'}${days}${facts.issuer ? ` (${facts.issuer})` : ''}`,
      // Issuer and names are whatever the server presents.
      untrusted: true,
      data: facts,
    };
  },
});
