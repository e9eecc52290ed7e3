/**
 * HTTP(S) monitors: one request (and the redirects it leads to) with node:http rather than fetch,
 * because a monitor may turn certificate verification off for one host and must count redirects
 * itself. Judges the status code, then a keyword or a JSON value in at most 1 MB of body.
 */
import type { IncomingMessage } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { CheckResult, MonitorConfig } from '@homelab/db/monitoring';
import { jsonValueText, parseJsonPath, readJsonPath } from './json-path';
import { AbortedError, type CheckOptions, deadline, describeError, down, elapsedSince, up } from './outcome';
import { describeRanges, parseStatusRanges, statusAccepted } from './status-ranges';

type HttpConfig = Extract<MonitorConfig, { type: 'http' }>;

/** Health endpoints answer in kilobytes; a megabyte is enough for any keyword and bounds memory per check. */
export const maxBodyBytes = 1024 * 1024;
const userAgent = 'HomeLabHub-Monitor/1';

export async function checkHttp(config: HttpConfig, options: CheckOptions): Promise<CheckResult> {
  const ranges = parseStatusRanges(config.expectedStatus);
  const jsonSteps = config.jsonPath ? parseJsonPath(config.jsonPath) : null;
  if (jsonSteps && 'error' in jsonSteps) return down(`JSON path ${config.jsonPath} ${jsonSteps.error}`);
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    return down('invalid URL');
  }

  const limit = deadline(options);
  const startedAt = performance.now();
  const visited = [displayUrl(url)];
  const detail: Record<string, unknown> = { redirects: 0, finalUrl: displayUrl(url) };
  let method: string = config.method;
  let body = config.body;
  let headers: Record<string, string> = { 'user-agent': userAgent, ...config.headers };
  let exchange: Exchange | undefined;
  try {
    for (;;) {
      exchange = await send(url, {
        method,
        headers,
        body,
        ignoreTls: config.ignoreTls,
        signal: limit.signal,
      });
      const { response } = exchange;
      const status = response.statusCode ?? 0;
      // The certificate reported is the final address's, not that of a host redirected away from.
      if (exchange.certificate) detail.certificate = exchange.certificate;
      else delete detail.certificate;
      const location = response.headers.location;
      if (!config.followRedirects || !isRedirect(status) || !location) break;

      exchange.close();
      const next = new URL(location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        return down(`redirected to an unsupported address (${next.protocol})`, detail);
      }
      if (visited.includes(displayUrl(next))) {
        return down(`redirect loop: ${[...visited, displayUrl(next)].join(' → ')}`, detail);
      }
      if ((detail.redirects as number) >= config.maxRedirects) {
        return down(`more than ${config.maxRedirects} redirects`, detail);
      }
      // Browsers turn a redirected POST into a GET, and so do the servers' authors expect.
      if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
      }
      // Credentials meant for one site must not follow a redirect to another.
      if (next.origin !== url.origin) headers = withoutCredentials(headers);
      url = next;
      visited.push(displayUrl(url));
      detail.redirects = (detail.redirects as number) + 1;
      detail.finalUrl = displayUrl(url);
    }

    const { response } = exchange;
    const latencyMs = elapsedSince(startedAt);
    const status = response.statusCode ?? 0;
    const statusText = response.statusMessage ?? '';
    detail.status = status;
    if (!statusAccepted(status, ranges)) {
      return down(
        `expected ${describeRanges(ranges)}, got ${status}${statusText ? ` ${statusText}` : ''}`,
        detail,
        latencyMs,
      );
    }

    if ((config.keyword !== undefined || jsonSteps) && method !== 'HEAD') {
      const { text, truncated } = await readBody(response, limit.signal);
      if (truncated) detail.bodyTruncated = true;
      const within = truncated ? ' in the first 1 MB of the body' : '';
      if (config.keyword !== undefined) {
        const found = text.includes(config.keyword);
        if (found && config.invertKeyword)
          return down(`keyword "${config.keyword}" found${within}`, detail, latencyMs);
        if (!found && !config.invertKeyword) {
          return down(`keyword "${config.keyword}" not found${within}`, detail, latencyMs);
        }
      }
      if (jsonSteps) {
        if (truncated) return down('body is over 1 MB, too large to read as JSON', detail, latencyMs);
        let document: unknown;
        try {
          document = JSON.parse(text);
        } catch {
          return down('body is not valid JSON', detail, latencyMs);
        }
        const value = readJsonPath(document, jsonSteps);
        if (value === undefined) return down(`${config.jsonPath} not found in the body`, detail, latencyMs);
        const actual = jsonValueText(value);
        detail.jsonValue = actual;
        if (config.jsonValue !== undefined && actual !== config.jsonValue) {
          return down(`${config.jsonPath} is ${actual}, expected ${config.jsonValue}`, detail, latencyMs);
        }
      }
    }
    return up(latencyMs, `${status}${statusText ? ` ${statusText}` : ''} in ${latencyMs} ms`, detail);
  } catch (error) {
    return down(describeError(error, limit.reason), detail);
  } finally {
    exchange?.close();
  }
}

type Exchange = {
  response: IncomingMessage;
  certificate: { validTo: string; daysLeft: number } | null;
  close(): void;
};

type RequestInit = {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  ignoreTls: boolean;
  signal: AbortSignal;
};

function send(url: URL, init: RequestInit): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    // agent: false gives every request its own socket, closed with it: nothing pooled outlives a check,
    // and the peer certificate read below belongs to this very connection.
    const request = (secure ? https : http).request(url, {
      method: init.method,
      headers: init.headers,
      agent: false,
      signal: init.signal,
      ...(secure ? { rejectUnauthorized: !init.ignoreTls } : {}),
    });
    const close = () => request.destroy();
    request.once('error', (error) => {
      close();
      reject(error);
    });
    request.once('response', (response) => {
      response.on('error', () => {});
      resolve({ response, certificate: secure ? certificateOf(response.socket as TLSSocket) : null, close });
    });
    request.end(init.body);
  });
}

function certificateOf(socket: TLSSocket): { validTo: string; daysLeft: number } | null {
  const certificate = socket.getPeerCertificate?.();
  if (!certificate?.valid_to) return null;
  const validTo = new Date(certificate.valid_to);
  return {
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - Date.now()) / 86_400_000),
  };
}

function readBody(
  response: IncomingMessage,
  signal: AbortSignal,
): Promise<{ text: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      response.removeAllListeners('data');
      response.destroy();
      outcome();
    };
    const finish = (truncated: boolean) =>
      settle(() => resolve({ text: Buffer.concat(chunks).toString('utf8'), truncated }));
    const onAbort = () => settle(() => reject(new AbortedError()));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    response.on('data', (chunk: Buffer) => {
      const room = maxBodyBytes - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (chunk.length > room) finish(true);
    });
    response.once('end', () => finish(false));
    response.once('error', (error) => settle(() => reject(error)));
    response.once('close', () => {
      if (!response.complete) settle(() => reject(new Error('connection closed before the body ended')));
    });
  });
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([name]) => !['authorization', 'cookie', 'proxy-authorization'].includes(name.toLowerCase()),
    ),
  );
}

/** The URL as messages show it: user names and passwords in it stay out of the status page. */
function displayUrl(url: URL): string {
  if (!url.username && !url.password) return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
