/**
 * Resolves the names the homelab serves (dynamic DNS records and monitored hosts) and says whether
 * each points at the public IP. Answers are cached a few minutes: the page polls far more often
 * than DNS changes, and public resolvers should not see a query per poll.
 */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { DnsName } from '@homelab/db/network';

export type DnsLookup = {
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
  resolveCname(name: string): Promise<string[]>;
};

export type DnsCheckerOptions = {
  lookup?: DnsLookup;
  timeoutMs?: number;
  cacheMs?: number;
  now?: () => number;
};

type Answer = { records: DnsName['records']; error: string | null };

const notFound = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

/** Names worth resolving: real host names, not IP literals or single labels like "localhost". */
export function servedNames(candidates: (string | null | undefined)[]): string[] {
  const names = new Set<string>();
  for (const raw of candidates) {
    const name = raw?.trim().toLowerCase().replace(/\.$/, '');
    if (!name || isIP(name) || !name.includes('.') || name.endsWith('.local') || name.endsWith('.internal'))
      continue;
    names.add(name);
  }
  return [...names].sort();
}

/** Behind a CNAME the resolver still answers A/AAAA with the final addresses, so those decide. */
export function pointsAt(records: DnsName['records'], ip: string | null): boolean {
  if (!ip) return false;
  return records.some((r) => (r.type === 'A' || r.type === 'AAAA') && r.value === ip);
}

export function createDnsChecker(options: DnsCheckerOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const cacheMs = options.cacheMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const lookup: DnsLookup = options.lookup ?? new Resolver({ timeout: timeoutMs, tries: 1 });
  const cache = new Map<string, { at: number; answer: Promise<Answer> }>();

  function withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('timed out'), { code: 'ETIMEOUT' })),
        timeoutMs,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  async function resolveName(name: string): Promise<Answer> {
    const kinds = [
      ['A', lookup.resolve4.bind(lookup)],
      ['AAAA', lookup.resolve6.bind(lookup)],
      ['CNAME', lookup.resolveCname.bind(lookup)],
    ] as const;
    const settled = await Promise.allSettled(kinds.map(([, fn]) => withTimeout(fn(name))));
    const records: DnsName['records'] = [];
    let error: string | null = null;
    settled.forEach((result, i) => {
      const type = kinds[i]?.[0] ?? 'A';
      if (result.status === 'fulfilled') {
        for (const value of result.value) records.push({ type, value: value.toLowerCase() });
        return;
      }
      const code = (result.reason as { code?: string }).code ?? 'error';
      if (!notFound.has(code)) error ??= `${type} lookup failed (${code})`;
    });
    if (records.length === 0 && !error) error = 'no A, AAAA or CNAME record';
    return { records, error: records.length > 0 ? null : error };
  }

  return {
    async check(names: string[], publicIp: string | null): Promise<DnsName[]> {
      const at = now();
      for (const [name, entry] of cache) if (at - entry.at > cacheMs) cache.delete(name);
      return Promise.all(
        names.map(async (name) => {
          let entry = cache.get(name);
          if (!entry) {
            entry = { at, answer: resolveName(name) };
            cache.set(name, entry);
          }
          const { records, error } = await entry.answer;
          return { name, records, pointsHere: pointsAt(records, publicIp), error };
        }),
      );
    },
  };
}

export type DnsChecker = ReturnType<typeof createDnsChecker>;
