/**
 * Finds this network's public IP by asking several "what is my IP" services and believing an answer
 * only when at least two of them, and a majority of those that answered, give the same address: one
 * service that is down, cached or lying must never repoint a domain.
 */
import { isIP } from 'node:net';

export const defaultIpSources = [
  'https://api.ipify.org',
  'https://ipv4.icanhazip.com',
  'https://ifconfig.me/ip',
  'https://checkip.amazonaws.com',
];

/** PUBLIC_IP_SOURCES: comma-separated http(s) URLs; unset or empty means the default list. */
export function parseIpSources(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return defaultIpSources;
  const urls = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const url of urls) {
    if (!/^https?:\/\/[^\s]+$/i.test(url) || !URL.canParse(url))
      throw new Error(
        `PUBLIC_IP_SOURCES has "${url}", which is not an http(s) URL; give comma-separated URLs that answer the IP as text.`,
      );
  }
  return urls;
}

export type SourceAnswer = { source: string; ip: string | null; error: string | null };
export type Detection = { ip: string | null; at: string; answers: SourceAnswer[] };

/** The address most sources gave, when at least two and more than half of those answering agree. */
export function agreedIp(answers: SourceAnswer[]): string | null {
  const counts = new Map<string, number>();
  let answered = 0;
  for (const { ip } of answers) {
    if (!ip) continue;
    answered += 1;
    counts.set(ip, (counts.get(ip) ?? 0) + 1);
  }
  for (const [ip, count] of counts) {
    if (count >= 2 && count * 2 > answered) return ip;
  }
  return null;
}

async function askSource(source: string, timeoutMs: number, signal?: AbortSignal): Promise<SourceAnswer> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(source, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      headers: { accept: 'text/plain' },
      redirect: 'follow',
    });
    const text = (await res.text()).trim();
    if (!res.ok) return { source, ip: null, error: `HTTP ${res.status}` };
    // Only the first line counts: some services add a newline or a trailing note.
    const candidate = text.split(/\s+/)[0] ?? '';
    if (!isIP(candidate)) return { source, ip: null, error: `answered "${text.slice(0, 60)}", not an IP` };
    return { source, ip: candidate, error: null };
  } catch (error) {
    const message = timeout.aborted
      ? `no answer within ${timeoutMs} ms`
      : error instanceof Error
        ? ((error.cause as Error | undefined)?.message ?? error.message)
        : String(error);
    return { source, ip: null, error: message };
  }
}

export async function detectPublicIp(
  sources: string[],
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<Detection> {
  const answers = await Promise.all(
    sources.map((source) => askSource(source, options.timeoutMs ?? 5_000, options.signal)),
  );
  return { ip: agreedIp(answers), at: new Date().toISOString(), answers };
}
