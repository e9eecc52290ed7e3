/**
 * Fetches a short text for `$(urlfetch …)`. A command's URL is written by a streamer or a mod but
 * its target may redirect anywhere, so every hop is checked: http(s) only, and no private,
 * loopback or link-local address (checked on every address DNS returns, at connect time, so a
 * name cannot resolve to a public address for the check and a private one for the connection).
 * The body is read only up to maxBytes and the whole exchange stops at the timeout.
 *
 * Over maxBytes the first maxBytes are used, not an error: a chat reply only needs the start.
 * The text returned is its lines joined with single spaces, cut to maxChars with "…".
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

export type FetchLimitedOptions = {
  timeoutMs?: number;
  maxBytes?: number;
  /** Characters of text returned (default 500, a chat message). */
  maxChars?: number;
  signal?: AbortSignal;
  /** true allows every address; a function allows the addresses it returns true for (tests, a LAN). */
  allowPrivate?: boolean | ((address: string) => boolean);
};

const defaults = { timeoutMs: 3_000, maxBytes: 64 * 1024, maxChars: 500, allowPrivate: false };
const maxRedirects = 3;

/** A reason short enough for a chat placeholder ("[urlfetch: timed out]"). */
export class FetchUrlError extends Error {
  override name = 'FetchUrlError';
}

export async function fetchLimited(url: string, options: FetchLimitedOptions = {}): Promise<string> {
  const opts = { ...defaults, ...options };
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const allowed = addressPolicy(opts.allowPrivate);
  let target = parseTarget(url);
  try {
    for (let hop = 0; ; hop += 1) {
      const response = await request(target, allowed, signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.destroy();
        if (hop >= maxRedirects) throw new FetchUrlError('too many redirects');
        target = parseTarget(new URL(location, target).href);
        continue;
      }
      if (status < 200 || status >= 300) {
        response.destroy();
        throw new FetchUrlError(`HTTP ${status}`);
      }
      const contentType = response.headers['content-type'];
      const charset = textCharset(contentType);
      if (charset === null) {
        response.destroy();
        throw new FetchUrlError(`not text (${shortType(contentType)})`);
      }
      const body = await readAtMost(response, opts.maxBytes, signal);
      // Without a declared type, a NUL byte is the cheap sign of binary data.
      if (!contentType && body.includes(0)) throw new FetchUrlError('not text (binary data)');
      return chatText(decode(body, charset), opts.maxChars);
    }
  } catch (error) {
    if (timeout.aborted) throw new FetchUrlError('timed out');
    if (opts.signal?.aborted) throw new FetchUrlError('cancelled');
    if (error instanceof FetchUrlError) throw error;
    throw new FetchUrlError(describeNetworkError(error));
  }
}

function parseTarget(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new FetchUrlError('not a valid address');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new FetchUrlError('only http and https addresses');
  }
  return target;
}

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  // IPv4-compatible and NAT64 forms can reach an IPv4 address hidden inside.
  ['::', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** True for loopback, private, link-local, shared, documentation, multicast and reserved addresses. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  // BlockList matches IPv4-mapped IPv6 (::ffff:10.0.0.1) against the IPv4 rules.
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function addressPolicy(allowPrivate: FetchLimitedOptions['allowPrivate']): (address: string) => boolean {
  if (allowPrivate === true) return () => true;
  if (typeof allowPrivate === 'function')
    return (address) => !isPrivateAddress(address) || allowPrivate(address);
  return (address) => !isPrivateAddress(address);
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

function request(target: URL, allowed: (address: string) => boolean, signal: AbortSignal) {
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // A literal address skips DNS, so the lookup below never sees it.
  if (isIP(host) !== 0 && !allowed(host)) {
    return Promise.reject(new FetchUrlError('private address refused'));
  }
  const lookup = (
    hostname: string,
    options: { family?: number; all?: boolean },
    callback: LookupCallback,
  ) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
      if (error) return callback(error, []);
      if (addresses.length === 0) return callback(new FetchUrlError('name not found'), []);
      if (!addresses.every((entry) => allowed(entry.address))) {
        return callback(new FetchUrlError('private address refused'), []);
      }
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = client.get(
      target,
      {
        signal,
        lookup: lookup as unknown as typeof dnsLookup,
        headers: {
          accept: 'text/plain, application/json;q=0.9, text/*;q=0.8',
          'user-agent': 'HomeLabHub-bot',
        },
      },
      resolve,
    );
    req.on('error', reject);
  });
}

/** The charset to decode with, or null when the response is not text. */
function textCharset(contentType: string | undefined): string | null {
  // No type at all is common for small self-made endpoints; the body is checked for binary later.
  if (!contentType) return 'utf-8';
  const [type = '', ...params] = contentType.toLowerCase().split(';');
  const mime = type.trim();
  const textual =
    mime.startsWith('text/') ||
    ['application/json', 'application/xml', 'application/javascript'].includes(mime) ||
    mime.endsWith('+json') ||
    mime.endsWith('+xml');
  if (!textual) return null;
  const charset = params
    .map((param) => param.trim())
    .find((param) => param.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  return charset || 'utf-8';
}

function shortType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().slice(0, 40) || 'unknown type';
}

/** Reads until maxBytes, then closes the connection so the rest is never downloaded. */
function readAtMost(response: http.IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      response.destroy();
      reject(error);
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      response.off('data', onData);
      resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      const room = maxBytes - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (size >= maxBytes) {
        finish();
        response.destroy();
      }
    };
    if (signal.aborted) return fail(signal.reason);
    signal.addEventListener('abort', () => fail(signal.reason), { once: true });
    response.on('data', onData);
    response.on('end', finish);
    response.on('error', fail);
    response.on('close', () => {
      if (!response.complete) fail(new FetchUrlError('connection closed early'));
    });
  });
}

function decode(body: Buffer, charset: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  // A cut at maxBytes can end inside a character; its replacement mark is dropped.
  return decoder.decode(body).replace(/\uFFFD$/, '');
}

function chatText(text: string, maxChars: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= maxChars) return line;
  const cut = line.slice(0, Math.max(0, maxChars - 1));
  // Never end on half of a surrogate pair.
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

function describeNetworkError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'name not found';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset';
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return 'TLS certificate rejected';
  return 'request failed';
}
