/**
 * DNS tools: a name's records next to the public IP the ddns runner agreed on (what the DNS
 * monitor compares), and pointing a dynamic DNS record at an address now, the way the ddns
 * runner's own pass does it (sealed password, provider call, attempt and history stored).
 */
import { isIP } from 'node:net';
import { decryptSecret } from '@homelab/db/crypto';
import type { CheckResult } from '@homelab/db/monitoring';
import { z } from 'zod';
import { needsAttention } from '../../ddns/policy';
import { sendUpdate } from '../../ddns/providers';
import { listRecords, readPublicIp, recordAttempt } from '../../ddns/store';
import { checkDns } from '../../monitors/checks/dns';
import type { CheckDeps } from '../../monitors/checks/outcome';
import { defineTool } from './define';
import type { ToolContext } from './types';

const hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[a-zA-Z0-9*]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*\.?$/,
    'must be a host name',
  );

export type DnsFacts = {
  name: string;
  a: string[];
  aaaa: string[];
  cname: string[];
  publicIp: string | null;
  /** null when there is no A record or no known public IP to compare with. */
  pointsAtPublicIp: boolean | null;
  errors: string[];
};

/** A, AAAA and CNAME of `name` from the system resolver, and the stored public IP. */
export async function lookupName(ctx: Pick<ToolContext, 'sql' | 'signal'>, name: string): Promise<DnsFacts> {
  const publicIp = (await readPublicIp(ctx.sql))?.ip ?? null;
  const deps: CheckDeps = {
    publicIp: async () => publicIp,
    container: async () => null,
    openSecret: async (plain) => plain,
  };
  const clean = name.toLowerCase().replace(/\.$/, '');
  const ask = (recordType: 'A' | 'AAAA' | 'CNAME') =>
    checkDns(
      { type: 'dns', name: clean, recordType, expected: [], matchPublicIp: false },
      { timeoutMs: 5_000, signal: ctx.signal, deps },
    );
  const [a, aaaa, cname] = await Promise.all([ask('A'), ask('AAAA'), ask('CNAME')]);
  const answers = (result: CheckResult) =>
    result.status === 'up' ? ((result.detail.answers as string[] | undefined) ?? []) : [];
  const facts: DnsFacts = {
    name: clean,
    a: answers(a),
    aaaa: answers(aaaa),
    cname: answers(cname),
    publicIp,
    pointsAtPublicIp: null,
    errors: [],
  };
  // "No records" of one type is normal (a name rarely has all three); other failures are worth saying.
  for (const result of [a, aaaa, cname])
    if (result.status === 'down' && !/^no .* records$/.test(result.message))
      facts.errors.push(result.message);
  facts.errors = [...new Set(facts.errors)];
  if (facts.a.length > 0 && publicIp && isIP(publicIp) === 4)
    facts.pointsAtPublicIp = facts.a.includes(publicIp);
  return facts;
}

export const dnsLookup = defineTool('dns_lookup', {
  args: z.object({ name: hostname.describe('The name to look up, e.g. cloud.example.com') }),
  target: (args) => args.name.toLowerCase().replace(/\.$/, ''),
  async run(args, ctx) {
    const facts = await lookupName(ctx, args.name);
    const records = [...facts.a, ...facts.aaaa, ...facts.cname.map((c) => `CNAME ${c}`)];
    const verdict =
      facts.pointsAtPublicIp === null
        ? ''
        : facts.pointsAtPublicIp
          ? ` (the public IP ${facts.publicIp})`
          : `, not the public IP ${facts.publicIp}`;
    return {
      ok: true,
      summary: records.length
        ? `${facts.name} → ${records.join(', ')}${verdict}`
        : `${facts.name}: no records${facts.errors.length ? ` (${facts.errors.join('; ')})` : ''}`,
      untrusted: true,
      data: facts,
    };
  },
});

const updateArgs = z.object({
  hostname: hostname.describe('The dynamic DNS record to update (its host name)'),
  ip: z
    .string()
    .refine((value) => isIP(value) !== 0, 'must be an IPv4 or IPv6 address')
    .optional()
    .describe('The address to point it at; the public IP the ddns runner found when omitted'),
});
type UpdateArgs = z.infer<typeof updateArgs>;

async function recordFor(ctx: ToolContext, name: string) {
  const clean = name.toLowerCase().replace(/\.$/, '');
  const record = (await listRecords(ctx.sql)).find((row) => row.hostname === clean);
  if (!record) throw new Error(`No dynamic DNS record for ${clean}; the DNS page lists them.`);
  return record;
}

async function addressFor(ctx: ToolContext, args: UpdateArgs) {
  if (args.ip) return args.ip;
  const stored = await readPublicIp(ctx.sql);
  if (!stored) throw new Error('The public IP is not known yet; give the address to use.');
  return stored.ip;
}

export const updateDns = defineTool('update_dns', {
  args: updateArgs,
  target: (args) => args.hostname.toLowerCase().replace(/\.$/, ''),
  async run(args, ctx) {
    const record = await recordFor(ctx, args.hostname);
    const ip = await addressFor(ctx, args);
    const key = ctx.config.encryptionKey;
    if (!key)
      return {
        ok: false,
        error: 'ENCRYPTION_KEY is not set on the runners, so the record password cannot be opened.',
      };
    const password = await decryptSecret(record.passwordSealed, key, record.id);
    const outcome = await sendUpdate({ ...record, password }, ip, { timeoutMs: 15_000, signal: ctx.signal });
    const detail = `${outcome.code}: ${outcome.text}`;
    if (outcome.ok) {
      await recordAttempt(ctx.sql, record, {
        ok: true,
        ip,
        status: outcome.changed ? 'updated' : 'unchanged',
        detail,
      });
      return {
        ok: true,
        summary: `${record.hostname} → ${ip} (${outcome.changed ? 'updated' : 'already set'})`,
        untrusted: true,
        data: {
          hostname: record.hostname,
          ip,
          previousIp: record.lastIp,
          provider: record.provider,
          answer: detail,
        },
      };
    }
    await recordAttempt(ctx.sql, record, {
      ok: false,
      ip,
      status: outcome.needsPerson ? needsAttention : 'failed',
      detail,
      nextAttemptAt: null,
    });
    return { ok: false, error: `The provider refused the update of ${record.hostname}: ${detail}` };
  },
  async verify(args, ctx) {
    const ip = await addressFor(ctx, args);
    const record = await recordFor(ctx, args.hostname);
    if (record.lastIp !== ip || (record.lastStatus !== 'updated' && record.lastStatus !== 'unchanged'))
      return {
        ok: false,
        detail: `The record says ${record.lastIp ?? 'nothing'} (${record.lastStatus ?? 'never updated'}).`,
      };
    const facts = await lookupName(ctx, record.hostname);
    const resolves = facts.a.includes(ip) || facts.aaaa.includes(ip);
    return {
      ok: true,
      detail: resolves
        ? `The provider has ${ip} and ${record.hostname} resolves to it.`
        : `The provider has ${ip}; ${record.hostname} still resolves to ${[...facts.a, ...facts.aaaa].join(', ') || 'nothing'} until cached answers expire.`,
    };
  },
});

export const dnsTools = [dnsLookup, updateDns];
