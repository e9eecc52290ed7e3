import http from 'node:http';
import https from 'node:https';
import type { MonitorConfig } from '@homelab/db/monitoring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxBodyBytes } from './http';
import { runCheck } from './index';
import { makeTestCertificates, type TestCertificates } from './test-certificates';
import { checkOptions, close, closedPort, listen, tracked } from './test-support';

type HttpConfig = Extract<MonitorConfig, { type: 'http' }>;

const defaults: Omit<HttpConfig, 'url'> = {
  type: 'http',
  method: 'GET',
  headers: {},
  expectedStatus: ['200-399'],
  invertKeyword: false,
  followRedirects: true,
  maxRedirects: 10,
  ignoreTls: false,
};

let base: string;
let server: http.Server;
let healthStatus = 200;
const received: { method?: string; body: string; headers: http.IncomingHttpHeaders }[] = [];

function respond(request: http.IncomingMessage, response: http.ServerResponse, body: string) {
  const url = new URL(request.url ?? '/', 'http://x');
  const path = url.pathname;
  received.push({ method: request.method, body, headers: request.headers });
  const redirect = (to: string, status = 302) => response.writeHead(status, { location: to }).end();
  if (path === '/health')
    return response.writeHead(healthStatus).end(healthStatus === 200 ? 'all good' : 'broken');
  if (path.startsWith('/status/')) return response.writeHead(Number(path.slice(8))).end();
  if (path === '/text')
    return response.writeHead(200, { 'content-type': 'text/plain' }).end('Welcome to the lab');
  if (path === '/json') {
    const document = {
      status: 'ok',
      version: 3,
      checks: [{ name: 'db', up: true }],
      nested: { 'a b': null },
    };
    return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
  }
  if (path.startsWith('/hops/')) {
    const left = Number(path.slice(6));
    return left === 0 ? response.writeHead(200).end('arrived') : redirect(`/hops/${left - 1}`);
  }
  if (path === '/loop/a') return redirect('/loop/b');
  if (path === '/loop/b') return redirect(`${base}/loop/a`, 301);
  if (path === '/see-other') return redirect('/echo', 303);
  if (path === '/temporary') return redirect('/echo', 307);
  if (path === '/elsewhere') return redirect(`http://localhost:${new URL(base).port}/echo`);
  if (path === '/echo') {
    return response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        method: request.method,
        body,
        authorization: request.headers.authorization ?? null,
      }),
    );
  }
  if (path === '/slow') return; // never answers
  if (path === '/slow-body') {
    response.writeHead(200).write('partial');
    return;
  }
  if (path === '/big') {
    // The keyword sits past the first megabyte, where the check does not read.
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write(`{"pad":"${'x'.repeat(maxBodyBytes)}`);
    return response.end('","marker":"deep inside"}');
  }
  response.writeHead(404).end('not found');
}

beforeAll(async () => {
  server = tracked(
    http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => respond(request, response, Buffer.concat(chunks).toString()));
    }),
  );
  base = `http://127.0.0.1:${await listen(server)}`;
});
afterAll(() => close(server));

const check = (config: Partial<HttpConfig> & { url: string }, timeoutMs = 5_000) =>
  runCheck({ ...defaults, ...config } as HttpConfig, checkOptions({}, timeoutMs));

describe('http check', () => {
  it('goes up, down and up again with the status code', async () => {
    const first = await check({ url: `${base}/health` });
    expect(first).toMatchObject({
      status: 'up',
      detail: { status: 200, redirects: 0, finalUrl: `${base}/health` },
    });
    expect(first.message).toMatch(/^200 OK in \d+ ms$/);
    expect(first.latencyMs).toBeGreaterThanOrEqual(0);

    healthStatus = 503;
    const second = await check({ url: `${base}/health` });
    expect(second).toMatchObject({
      status: 'down',
      message: 'expected 200-399, got 503 Service Unavailable',
    });
    expect(second.detail.status).toBe(503);

    healthStatus = 200;
    expect((await check({ url: `${base}/health` })).status).toBe('up');
  });

  it('accepts the status codes the monitor lists', async () => {
    expect((await check({ url: `${base}/status/404`, expectedStatus: ['404'] })).status).toBe('up');
    expect((await check({ url: `${base}/status/418`, expectedStatus: ['200-299', '400-499'] })).status).toBe(
      'up',
    );
    const refused = await check({ url: `${base}/status/204`, expectedStatus: ['200', '301-302'] });
    expect(refused).toMatchObject({ status: 'down', message: 'expected 200, 301-302, got 204 No Content' });
  });

  it('looks for a keyword, or for its absence', async () => {
    expect((await check({ url: `${base}/text`, keyword: 'the lab' })).status).toBe('up');
    expect(await check({ url: `${base}/text`, keyword: 'Maintenance' })).toMatchObject({
      status: 'down',
      message: 'keyword "Maintenance" not found',
    });
    expect((await check({ url: `${base}/text`, keyword: 'Maintenance', invertKeyword: true })).status).toBe(
      'up',
    );
    expect(await check({ url: `${base}/text`, keyword: 'Welcome', invertKeyword: true })).toMatchObject({
      status: 'down',
      message: 'keyword "Welcome" found',
    });
  });

  it('compares a JSON value read by path', async () => {
    const url = `${base}/json`;
    expect(await check({ url, jsonPath: '$.status', jsonValue: 'ok' })).toMatchObject({
      status: 'up',
      detail: { jsonValue: 'ok' },
    });
    expect((await check({ url, jsonPath: '$.checks[0].up', jsonValue: 'true' })).status).toBe('up');
    expect((await check({ url, jsonPath: '$.version', jsonValue: '3' })).status).toBe('up');
    expect((await check({ url, jsonPath: "$.nested['a b']", jsonValue: 'null' })).status).toBe('up');
    expect((await check({ url, jsonPath: '$.checks[0].name' })).status).toBe('up');
    expect(await check({ url, jsonPath: '$.status', jsonValue: 'degraded' })).toMatchObject({
      status: 'down',
      message: '$.status is ok, expected degraded',
    });
    expect(await check({ url, jsonPath: '$.checks[3].name' })).toMatchObject({
      status: 'down',
      message: '$.checks[3].name not found in the body',
    });
    expect(await check({ url: `${base}/text`, jsonPath: '$.status' })).toMatchObject({
      status: 'down',
      message: 'body is not valid JSON',
    });
    expect(await check({ url, jsonPath: 'status' })).toMatchObject({
      status: 'down',
      message: 'JSON path status must start with $',
    });
  });

  it('follows a chain of redirects and counts them', async () => {
    const result = await check({ url: `${base}/hops/3`, keyword: 'arrived' });
    expect(result).toMatchObject({
      status: 'up',
      detail: { status: 200, redirects: 3, finalUrl: `${base}/hops/0` },
    });
  });

  it('stops after maxRedirects', async () => {
    const result = await check({ url: `${base}/hops/3`, maxRedirects: 2 });
    expect(result).toMatchObject({
      status: 'down',
      message: 'more than 2 redirects',
      detail: { redirects: 2 },
    });
  });

  it('names a redirect loop', async () => {
    const result = await check({ url: `${base}/loop/a` });
    expect(result.status).toBe('down');
    expect(result.message).toBe(`redirect loop: ${base}/loop/a → ${base}/loop/b → ${base}/loop/a`);
  });

  it('judges the redirect itself when told not to follow', async () => {
    const result = await check({
      url: `${base}/hops/1`,
      followRedirects: false,
      expectedStatus: ['200-299'],
    });
    expect(result).toMatchObject({ status: 'down', message: 'expected 200-299, got 302 Found' });
  });

  it('sends the method, headers and body, and switches to GET after a 303 only', async () => {
    const init = { method: 'POST', body: '{"ping":1}', headers: { authorization: 'Bearer t0ken' } } as const;
    const kept = await check({
      url: `${base}/temporary`,
      ...init,
      jsonPath: '$.body',
      jsonValue: '{"ping":1}',
    });
    expect(kept.status).toBe('up');
    expect(received.at(-1)).toMatchObject({ method: 'POST', body: '{"ping":1}' });
    const switched = await check({
      url: `${base}/see-other`,
      ...init,
      jsonPath: '$.method',
      jsonValue: 'GET',
    });
    expect(switched.status).toBe('up');
    expect(received.at(-1)?.body).toBe('');
  });

  it('keeps credentials from following a redirect to another origin', async () => {
    const headers = { authorization: 'Bearer t0ken' };
    const result = await check({
      url: `${base}/elsewhere`,
      headers,
      jsonPath: '$.authorization',
      jsonValue: 'null',
    });
    expect(result.status).toBe('up');
  });

  it('times out a server that does not answer, and one that stalls mid-body', async () => {
    expect(await check({ url: `${base}/slow` }, 300)).toMatchObject({
      status: 'down',
      message: 'timed out after 300 ms',
    });
    expect(await check({ url: `${base}/slow-body`, keyword: 'never' }, 300)).toMatchObject({
      status: 'down',
      message: 'timed out after 300 ms',
    });
  });

  it('stops when the scheduler cancels the check', async () => {
    const controller = new AbortController();
    const pending = runCheck(
      { ...defaults, url: `${base}/slow` },
      { ...checkOptions(), signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ status: 'down', message: 'check cancelled' });
  });

  it('reads at most 1 MB of body', async () => {
    const url = `${base}/big`;
    expect(await check({ url, keyword: 'deep inside' })).toMatchObject({
      status: 'down',
      message: 'keyword "deep inside" not found in the first 1 MB of the body',
      detail: { bodyTruncated: true },
    });
    expect((await check({ url, keyword: '{"pad":"xxx' })).status).toBe('up');
    expect(await check({ url, jsonPath: '$.marker' })).toMatchObject({
      status: 'down',
      message: 'body is over 1 MB, too large to read as JSON',
    });
  });

  it('reports a closed port and an unknown host in words', async () => {
    expect(await check({ url: `http://127.0.0.1:${await closedPort()}/` })).toMatchObject({
      status: 'down',
      message: 'connection refused',
      latencyMs: null,
    });
    expect(await check({ url: 'http://no-such-host.invalid/' })).toMatchObject({
      status: 'down',
      message: 'host not found',
    });
  });

  it('keeps credentials in the URL out of what it reports', async () => {
    const result = await check({ url: `${base.replace('//', '//me:s3cret@')}/hops/1` });
    expect(result.status).toBe('up');
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });
});

describe('https check', () => {
  let certs: TestCertificates;
  let secure: https.Server;
  let secureBase: string;

  beforeAll(async () => {
    certs = makeTestCertificates();
    secure = tracked(
      https.createServer(certs.valid, (_request, response) => response.writeHead(200).end('secure')),
    );
    secure.on('tlsClientError', () => {});
    secureBase = `https://localhost:${await listen(secure)}`;
  });
  afterAll(async () => {
    await close(secure);
    certs.remove();
  });

  it('refuses a certificate from an unknown CA unless TLS errors are ignored', async () => {
    const url = `${secureBase}/`.replace('localhost', '127.0.0.1');
    expect(await check({ url })).toMatchObject({
      status: 'down',
      message: 'certificate not trusted (unknown issuer)',
    });
    const ignored = await check({ url, ignoreTls: true, keyword: 'secure' });
    expect(ignored.status).toBe('up');
    expect(ignored.detail.certificate).toMatchObject({ daysLeft: 89 });
    expect(Date.parse((ignored.detail.certificate as { validTo: string }).validTo)).toBeGreaterThan(
      Date.now(),
    );
  });

  it('names a self-signed certificate, and reads the dates of an expired one when told to ignore it', async () => {
    const url = `${secureBase}/`.replace('localhost', '127.0.0.1');
    secure.setSecureContext(certs.selfSigned);
    expect(await check({ url })).toMatchObject({
      status: 'down',
      message: 'certificate not trusted (self-signed)',
    });
    secure.setSecureContext(certs.expired);
    const expired = await check({ url, ignoreTls: true });
    expect(expired.status).toBe('up');
    expect((expired.detail.certificate as { daysLeft: number }).daysLeft).toBeLessThan(0);
    secure.setSecureContext(certs.valid);
    expect((await check({ url, ignoreTls: true })).status).toBe('up');
  });
});
