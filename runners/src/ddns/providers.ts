/**
 * Telling a dynamic DNS provider the new address: ZoneEdit's own protocol and the dyndns2 protocol
 * most others speak (DynDNS, No-IP, Google-style endpoints). Parsing the answers is pure, so every
 * code a provider documents is tested without a network.
 */

export const zoneEditServer = 'https://dynamic.zoneedit.com/auth/dynamic.html';
const userAgent = 'HomeLabHub ddns/0.1';

export type UpdateOutcome =
  /** `changed` is false when the provider already had this address (nochg, ZoneEdit 707/201). */
  | { ok: true; changed: boolean; code: string; text: string }
  /** `needsPerson`: retrying cannot help (wrong password, unknown host); wait until the record is edited. */
  | { ok: false; needsPerson: boolean; code: string; text: string };

export type ProviderRecord = {
  provider: 'zoneedit' | 'dyndns2';
  hostname: string;
  serverUrl: string;
  username: string;
  password: string;
};

/** ZoneEdit answers one tag per host: `<SUCCESS CODE="200" TEXT="..." ...>` or `<ERROR CODE="707" .../>`. */
export function parseZoneEditAnswer(body: string): UpdateOutcome {
  const tag = /<(SUCCESS|ERROR)\b([^>]*)>/i.exec(body);
  if (!tag) return { ok: false, needsPerson: false, code: 'unparsed', text: snippet(body) };
  const attributes = new Map<string, string>();
  for (const match of (tag[2] ?? '').matchAll(/(\w+)="([^"]*)"/g))
    attributes.set((match[1] ?? '').toUpperCase(), match[2] ?? '');
  const code = attributes.get('CODE') ?? '';
  const text = attributes.get('TEXT') ?? '';
  if (tag[1]?.toUpperCase() === 'SUCCESS' && (code === '200' || code === '201'))
    return { ok: true, changed: code === '200', code, text };
  // 707: the same host and address again within ZoneEdit's window; the record already says so.
  if (code === '707') return { ok: true, changed: false, code, text };
  // 708 is ZoneEdit's failed login: the password has to be fixed by a person.
  return { ok: false, needsPerson: code === '708', code: code || 'unknown', text: text || snippet(body) };
}

const needsPersonCodes = new Set([
  'badauth',
  'nohost',
  'notfqdn',
  'numhost',
  'abuse',
  'badagent',
  '!donator',
]);

/** dyndns2 answers one line per host: `good 1.2.3.4`, `nochg 1.2.3.4` or a word such as `badauth`. */
export function parseDyndns2Answer(body: string): UpdateOutcome {
  const line = body.trim().split('\n')[0]?.trim() ?? '';
  const [code = '', ...rest] = line.split(/\s+/);
  const text = rest.join(' ');
  if (code === 'good') return { ok: true, changed: true, code, text: line };
  if (code === 'nochg') return { ok: true, changed: false, code, text: line };
  if (needsPersonCodes.has(code)) return { ok: false, needsPerson: true, code, text: text || line };
  // dnserr, 911 and anything unknown: the provider's trouble, worth another try later.
  return { ok: false, needsPerson: false, code: code || 'empty', text: text || line || 'empty answer' };
}

function snippet(body: string) {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text || 'empty answer';
}

export function updateUrl(record: ProviderRecord, ip: string): URL {
  if (record.provider === 'zoneedit') {
    const url = new URL(record.serverUrl);
    url.searchParams.set('host', record.hostname);
    url.searchParams.set('dnsto', ip);
    return url;
  }
  const base = record.serverUrl.replace(/\/+$/, '');
  const url = new URL(base.endsWith('/nic/update') ? base : `${base}/nic/update`);
  url.searchParams.set('hostname', record.hostname);
  url.searchParams.set('myip', ip);
  return url;
}

/** One update call; never throws: an unreachable provider is a failed outcome worth retrying. */
export async function sendUpdate(
  record: ProviderRecord,
  ip: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<UpdateOutcome> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const auth = Buffer.from(`${record.username}:${record.password}`).toString('base64');
  let res: Response;
  let body: string;
  try {
    res = await fetch(updateUrl(record, ip), {
      headers: { authorization: `Basic ${auth}`, 'user-agent': userAgent },
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
    body = await res.text();
  } catch (error) {
    const text = timeout.aborted
      ? `no answer within ${timeoutMs} ms`
      : error instanceof Error
        ? ((error.cause as Error | undefined)?.message ?? error.message)
        : String(error);
    return { ok: false, needsPerson: false, code: 'unreachable', text };
  }
  if (res.status === 401 || res.status === 403)
    return {
      ok: false,
      needsPerson: true,
      code: 'badauth',
      text: `the provider refused the login (HTTP ${res.status})`,
    };
  const outcome = record.provider === 'zoneedit' ? parseZoneEditAnswer(body) : parseDyndns2Answer(body);
  // A server error page is the provider's trouble, whatever words it happens to contain.
  if (!res.ok && !outcome.ok && !outcome.needsPerson)
    return { ok: false, needsPerson: false, code: `http_${res.status}`, text: snippet(body) };
  return outcome;
}
