/**
 * DNS monitors: asks one resolver (the system's, or the one the monitor names) for one record type
 * and checks the answers hold every expected value, or, for A records kept by dynamic DNS, that the
 * name points at this server's current public IP.
 */
import { lookup, Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { CheckResult, MonitorConfig } from '@homelab/db/monitoring';
import { type CheckOptions, deadline, down, elapsedSince, untilAborted, up } from './outcome';

type DnsConfig = Extract<MonitorConfig, { type: 'dns' }>;

export async function checkDns(config: DnsConfig, options: CheckOptions): Promise<CheckResult> {
  const limit = deadline(options);
  const startedAt = performance.now();
  // c-ares gets a little longer than the check so the deadline, with its clearer message, ends it first.
  const resolver = new Resolver({ timeout: options.timeoutMs + 1_000, tries: 1 });
  const cancel = () => resolver.cancel();
  limit.signal.addEventListener('abort', cancel, { once: true });
  const detail: Record<string, unknown> = { recordType: config.recordType };
  try {
    if (config.resolver) {
      const server = await untilAborted(resolverAddress(config.resolver), limit.signal);
      resolver.setServers([server]);
      detail.resolver = server;
    }
    const answers = await untilAborted(resolve(resolver, config.name, config.recordType), limit.signal);
    const latencyMs = elapsedSince(startedAt);
    detail.answers = answers;
    const what = `${config.recordType} ${config.name}`;
    if (answers.length === 0) return down(`no ${what} records`, detail, latencyMs);

    const missing = config.expected.filter(
      (value) => !answers.some((answer) => matches(answer, value, config.recordType)),
    );
    if (missing.length > 0) {
      return down(`${what} is ${answers.join(', ')}; missing ${missing.join(', ')}`, detail, latencyMs);
    }
    if (config.matchPublicIp && config.recordType === 'A') {
      let publicIp: string | null;
      try {
        publicIp = await untilAborted(options.deps.publicIp(), limit.signal);
      } catch {
        publicIp = null;
      }
      if (!publicIp) return down('public IP not known yet', detail, latencyMs);
      detail.publicIp = publicIp;
      if (!answers.includes(publicIp)) {
        return down(`${what} is ${answers.join(', ')}, not the public IP ${publicIp}`, detail, latencyMs);
      }
    }
    return up(latencyMs, `${what} → ${answers.join(', ')} in ${latencyMs} ms`, detail);
  } catch (error) {
    if (limit.signal.aborted) return down(limit.reason(), detail);
    return down(describeDnsError(error, config), detail);
  } finally {
    limit.signal.removeEventListener('abort', cancel);
    resolver.cancel();
  }
}

/** Answers as text the owner would type into the form: MX as "10 mail.example.com", TXT chunks joined. */
async function resolve(resolver: Resolver, name: string, type: DnsConfig['recordType']): Promise<string[]> {
  switch (type) {
    case 'A':
      return resolver.resolve4(name);
    case 'AAAA':
      return resolver.resolve6(name);
    case 'CNAME':
      return (await resolver.resolveCname(name)).map(normalizeName);
    case 'MX':
      return (await resolver.resolveMx(name))
        .sort((a, b) => a.priority - b.priority)
        .map((record) => `${record.priority} ${normalizeName(record.exchange)}`);
    default:
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
  }
}

function matches(answer: string, expected: string, type: DnsConfig['recordType']): boolean {
  const wanted = type === 'TXT' ? expected.trim().toLowerCase() : normalizeName(expected);
  const actual = type === 'TXT' ? answer.toLowerCase() : normalizeName(answer);
  if (actual === wanted) return true;
  if (type === 'AAAA') return canonicalIpv6(actual) === canonicalIpv6(wanted);
  // An MX expectation may name just the exchange, whatever its priority.
  return type === 'MX' && actual.split(' ')[1] === wanted;
}

function normalizeName(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, '');
}

function canonicalIpv6(value: string): string {
  try {
    return new URL(`http://[${value}]/`).hostname;
  } catch {
    return value;
  }
}

/** setServers takes addresses only, so a resolver given by name is looked up first. */
async function resolverAddress(value: string): Promise<string> {
  const text = value.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  let host = text;
  let port: string | undefined;
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2];
  } else if (isIP(text) !== 6) {
    const withPort = /^(.*):(\d+)$/.exec(text);
    if (withPort) {
      host = withPort[1]!;
      port = withPort[2];
    }
  }
  const address = isIP(host) ? host : (await lookup(host)).address;
  if (!port) return address;
  return isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

function describeDnsError(error: unknown, config: DnsConfig): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const what = `${config.recordType} ${config.name}`;
  switch (code) {
    case 'ENOTFOUND':
      // getaddrinfo is only used to find a resolver given by name; queries go through c-ares.
      return (error as NodeJS.ErrnoException).syscall === 'getaddrinfo'
        ? `resolver ${config.resolver} not found`
        : `${config.name} does not exist (NXDOMAIN)`;
    case 'ENODATA':
      return `no ${what} records`;
    case 'ESERVFAIL':
      return `the DNS server failed to answer for ${config.name} (SERVFAIL)`;
    case 'EREFUSED':
      return `the DNS server refused the query for ${config.name}`;
    case 'ETIMEOUT':
      return `no answer from the DNS server for ${what}`;
    case 'ECONNREFUSED':
      return 'could not reach the DNS server (connection refused)';
    case 'ECANCELLED':
      return 'check cancelled';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
