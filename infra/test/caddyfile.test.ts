/**
 * The production Caddyfile, checked by the real Caddy: it adapts and validates, every domain is
 * served over automatic HTTPS with the shared snippet, and that snippet, run live in front of a
 * local upstream, sets the security headers, compresses pages and lets Server-Sent Events through
 * one by one. The site blocks themselves run live too: admin surfaces refuse clients outside
 * ADMIN_ALLOWED_RANGES while the paths outsiders use stay open, and the personal site is served
 * from static/ with its caching headers, CSP and 404 page.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import {
  get,
  request as httpRequest,
  createServer as httpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { type AddressInfo, createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const caddyfilePath = join(root, 'Caddyfile');
const staticDir = join(root, 'static');
const acmeEmail = 'ops@example.com';
const defaultAdminRanges = [
  '100.64.0.0/10',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  '::1/128',
  'fc00::/7',
];

const upstreams: Record<string, string> = {
  'host.evindrake.net': 'functions:8787',
  'stream.rig-city.com': 'functions:8787',
  'bot.rig-city.com': 'functions:8787',
  'plex.evindrake.net': 'plex:32400',
  'n8n.evindrake.net': 'n8n:5678',
  'home.evindrake.net': 'homeassistant:8123',
  'vnc.evindrake.net': 'vnc:6080',
};
const staticSites = ['scarletredjoker.com', 'www.scarletredjoker.com'];
const domains = [...Object.keys(upstreams), ...staticSites];

type Handler = { handler: string; routes?: Route[]; [key: string]: unknown };
type Matcher = { host?: string[]; not?: { remote_ip?: { ranges?: string[] } }[]; [key: string]: unknown };
type Route = { match?: Matcher[]; handle?: Handler[] };
type Adapted = {
  apps: {
    http: {
      servers: Record<string, { listen: string[]; routes: Route[]; automatic_https?: { disable?: boolean } }>;
    };
    tls?: { automation?: { policies?: { issuers?: { email?: string }[] }[] } };
  };
};

function handlersOf(route: Route): Handler[] {
  return (route.handle ?? []).flatMap((handler) => [handler, ...(handler.routes ?? []).flatMap(handlersOf)]);
}

function routesOf(route: Route): Route[] {
  return [route, ...(route.handle ?? []).flatMap((handler) => (handler.routes ?? []).flatMap(routesOf))];
}

/** The text of a top-level block (a snippet or a site) whose first line starts with `opening`. */
function blockOf(caddyfile: string, opening: string) {
  const start = caddyfile.split('\n').findIndex((line) => line.startsWith(opening) && line.endsWith('{'));
  expect(start, opening).toBeGreaterThanOrEqual(0);
  const lines = caddyfile.split('\n').slice(start);
  return lines.slice(0, lines.indexOf('}') + 1).join('\n');
}

/** A site block's directives, to run under a test address. */
function siteBody(caddyfile: string, opening: string) {
  const block = blockOf(caddyfile, opening);
  return block.slice(block.indexOf('{\n') + 2, block.lastIndexOf('\n}'));
}

function freePort() {
  return new Promise<number>((resolve) => {
    const probe = netServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

let adapted: Adapted;
let caddyfile: string;

beforeAll(async () => {
  caddyfile = await readFile(caddyfilePath, 'utf8');
  const { stdout } = await promisify(execFile)(
    'caddy',
    ['adapt', '--validate', '--config', caddyfilePath, '--adapter', 'caddyfile'],
    { env: { ...process.env, ACME_EMAIL: acmeEmail }, cwd: root },
  );
  adapted = JSON.parse(stdout) as Adapted;
});

describe('Caddyfile', () => {
  it('adapts and validates with the installed Caddy', () => {
    expect(Object.keys(adapted.apps.http.servers).length).toBeGreaterThan(0);
  });

  it('uses the ACME email from the environment', () => {
    const emails = adapted.apps.tls?.automation?.policies?.flatMap(
      (p) => p.issuers?.map((i) => i.email) ?? [],
    );
    expect(emails).toContain(acmeEmail);
  });

  it('names no plain-HTTP site address', () => {
    const siteLines = caddyfile.split('\n').filter((line) => /^[^\s#({}]/.test(line));
    expect(siteLines.length).toBeGreaterThan(0);
    for (const line of siteLines) expect(line).not.toMatch(/http:\/\/|:80\b/);
  });

  it.each(domains)('serves %s over automatic HTTPS with the shared headers and compression', (domain) => {
    const servers = Object.values(adapted.apps.http.servers);
    const server = servers.find((s) => s.routes.some((r) => r.match?.some((m) => m.host?.includes(domain))));
    expect(server, domain).toBeDefined();
    expect(server!.listen).toEqual([':443']);
    expect(server!.automatic_https?.disable).not.toBe(true);

    const route = server!.routes.find((r) => r.match?.some((m) => m.host?.includes(domain)))!;
    const handlers = handlersOf(route);
    const headerOps = handlers.filter((h) => h.handler === 'headers') as unknown as {
      response: { set?: Record<string, string[]>; delete?: string[] };
    }[];
    const set = Object.assign({}, ...headerOps.map((h) => h.response.set ?? {})) as Record<string, string[]>;
    expect(set['Strict-Transport-Security']?.[0]).toMatch(/^max-age=\d{7,}/);
    expect(set['X-Content-Type-Options']).toEqual(['nosniff']);
    expect(set['Referrer-Policy']).toBeDefined();
    expect(set['X-Frame-Options']).toBeDefined();
    expect(headerOps.flatMap((h) => h.response.delete ?? [])).toContain('Server');
    const encode = handlers.find((h) => h.handler === 'encode') as
      | { encodings: Record<string, unknown> }
      | undefined;
    expect(Object.keys(encode?.encodings ?? {}).sort()).toEqual(['gzip', 'zstd']);

    if (domain in upstreams) {
      const proxy = handlers.find((h) => h.handler === 'reverse_proxy') as
        | { upstreams: { dial: string }[] }
        | undefined;
      expect(proxy?.upstreams).toEqual([{ dial: upstreams[domain] }]);
    } else {
      expect(handlers.find((h) => h.handler === 'vars')).toMatchObject({ root: '/srv/static' });
      expect(handlers.some((h) => h.handler === 'file_server')).toBe(true);
    }
  });

  it.each(['n8n.evindrake.net', 'vnc.evindrake.net'])(
    'refuses %s with 403 to clients outside the default admin ranges',
    (domain) => {
      const server = Object.values(adapted.apps.http.servers)[0]!;
      const route = server.routes.find((r) => r.match?.some((m) => m.host?.includes(domain)))!;
      const refusal = routesOf(route).find((r) =>
        r.match?.some((m) => m.not?.some((n) => n.remote_ip !== undefined)),
      );
      expect(refusal?.match?.[0]?.not?.[0]?.remote_ip?.ranges).toEqual(defaultAdminRanges);
      expect(handlersOf(refusal!).find((h) => h.handler === 'static_response')).toMatchObject({
        status_code: 403,
      });
    },
  );

  it('streams Server-Sent Events from functions without buffering', () => {
    const server = Object.values(adapted.apps.http.servers)[0]!;
    const route = server.routes.find((r) => r.match?.some((m) => m.host?.includes('host.evindrake.net')))!;
    const proxies = handlersOf(route).filter((h) => h.handler === 'reverse_proxy');
    expect(proxies.length).toBeGreaterThan(0);
    for (const proxy of proxies) expect(proxy.flush_interval).toBe(-1);
  });

  it('imports the shared snippet in every site block', () => {
    const blocks = caddyfile.split(/\n(?=[^\s#({}][^\n]*\{\s*$)/m).slice(1);
    expect(blocks).toHaveLength(6);
    for (const block of blocks) expect(block).toMatch(/^\s+import common$/m);
  });
});

describe('the shared snippet, live', () => {
  let dir: string;
  let caddy: ChildProcess | undefined;
  let upstream: Server;
  let base: string;
  let caddyLog = '';
  const openStreams = new Set<ServerResponse>();
  // Longer than encode's minimum_length (512 bytes), so compression would engage and buffer it.
  const firstEvent = `data: ${'0123456789'.repeat(100)}\n\n`;

  function request(path: string) {
    return new Promise<IncomingMessage>((resolve, reject) => {
      get(`${base}${path}`, { headers: { 'accept-encoding': 'gzip' } }, resolve).on('error', reject);
    });
  }

  beforeAll(async () => {
    upstream = httpServer((req, res) => {
      if (req.url === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.flushHeaders();
        res.write(firstEvent);
        openStreams.add(res); // held open: the event must arrive before the stream ends
        return;
      }
      const own =
        req.url === '/strict' ? { 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' } : {};
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', server: 'upstream/1.0', ...own });
      res.end('<p>mission control</p>'.repeat(100));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamPort = (upstream.address() as AddressInfo).port;

    const snippet = /^\(common\) \{\n[\s\S]*?\n\}$/m.exec(caddyfile)?.[0];
    expect(snippet).toBeDefined();
    dir = await mkdtemp(join(tmpdir(), 'caddy-snippet-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const config = `{\n\tadmin off\n\tauto_https off\n\tstorage file_system ${join(dir, 'data')}\n}\n\n${snippet}\n\n${base} {\n\timport common\n\treverse_proxy 127.0.0.1:${upstreamPort}\n}\n`;
    await writeFile(join(dir, 'Caddyfile'), config);
    caddy = spawn('caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
      env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    caddy.stderr?.on('data', (chunk: Buffer) => {
      caddyLog += chunk.toString();
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (caddy.exitCode !== null) throw new Error(`caddy exited:\n${caddyLog}`);
      try {
        (await request('/')).resume();
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`caddy did not listen: ${error}\n${caddyLog}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });

  afterAll(async () => {
    for (const res of openStreams) res.end();
    if (caddy && caddy.exitCode === null) {
      const exited = new Promise((resolve) => caddy?.once('exit', resolve));
      caddy.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => upstream?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('adds the security headers an upstream left out, drops Server and compresses HTML', async () => {
    const res = await request('/');
    res.resume();
    expect(res.statusCode).toBe(200);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers.server).toBeUndefined();
    expect(res.headers['content-encoding']).toBe('gzip');
  });

  it("keeps an upstream's own stricter headers instead of overwriting them", async () => {
    const res = await request('/strict');
    res.resume();
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('passes a Server-Sent Event through while the stream is still open, uncompressed', async () => {
    const res = await request('/events');
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.headers['content-encoding']).toBeUndefined();
    const first = await new Promise<string>((resolve, reject) => {
      let received = '';
      const timer = setTimeout(() => reject(new Error('the first event was held back')), 3_000);
      res.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        if (received.endsWith('\n\n')) {
          clearTimeout(timer);
          resolve(received);
        }
      });
    });
    expect(first).toBe(firstEvent);
    res.destroy();
  });
});

describe('the site blocks, live', () => {
  type Reply = { status: number; headers: IncomingMessage['headers']; body: string };
  const instances: { caddy: ChildProcess; dir: string }[] = [];
  let upstream: Server;
  let upstreamPort: number;
  const upstreamSeen: string[] = [];
  const upgraded = new Set<Duplex>();

  /** Runs the production blocks under plain-HTTP test addresses, with the given admin ranges. */
  async function startCaddy(adminRanges: string) {
    const dir = await mkdtemp(join(tmpdir(), 'caddy-sites-'));
    const [mission, n8n, site] = await Promise.all([freePort(), freePort(), freePort()]);
    const upstreamAddress = `127.0.0.1:${upstreamPort}`;
    const config = [
      `{\n\tadmin off\n\tauto_https off\n\tstorage file_system ${join(dir, 'data')}\n}`,
      blockOf(caddyfile, '(common)'),
      blockOf(caddyfile, '(admin_only)'),
      `http://127.0.0.1:${mission} {\n${siteBody(caddyfile, 'host.evindrake.net').replaceAll('functions:8787', upstreamAddress)}\n}`,
      `http://127.0.0.1:${n8n} {\n${siteBody(caddyfile, 'n8n.evindrake.net').replaceAll('n8n:5678', upstreamAddress)}\n}`,
      `http://127.0.0.1:${site} {\n${siteBody(caddyfile, 'scarletredjoker.com').replaceAll('/srv/static', staticDir)}\n}`,
    ].join('\n\n');
    await writeFile(join(dir, 'Caddyfile'), `${config}\n`);
    const caddy = spawn('caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
      env: {
        ...process.env,
        HOME: dir,
        XDG_DATA_HOME: dir,
        XDG_CONFIG_HOME: dir,
        ADMIN_ALLOWED_RANGES: adminRanges,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    instances.push({ caddy, dir });
    let log = '';
    caddy.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    const bases = {
      mission: `http://127.0.0.1:${mission}`,
      n8n: `http://127.0.0.1:${n8n}`,
      site: `http://127.0.0.1:${site}`,
    };
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (caddy.exitCode !== null) throw new Error(`caddy exited:\n${log}`);
      try {
        await fetchFrom(bases.site, '/robots.txt');
        return bases;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`caddy did not listen: ${error}\n${log}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  function fetchFrom(base: string, path: string, headers: Record<string, string> = {}) {
    return new Promise<Reply>((resolve, reject) => {
      get(`${base}${path}`, { headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      }).on('error', reject);
    });
  }

  let outside: Awaited<ReturnType<typeof startCaddy>>;
  let inside: Awaited<ReturnType<typeof startCaddy>>;

  beforeAll(async () => {
    upstream = httpServer((req, res) => {
      upstreamSeen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ upstream: req.url }));
    });
    // A WebSocket upstream in miniature: accept the upgrade, then echo what arrives.
    upstream.on('upgrade', (_req, socket) => {
      upgraded.add(socket);
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
      socket.on('data', (chunk: Buffer) => socket.write(chunk));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamPort = (upstream.address() as AddressInfo).port;
    // The test client is 127.0.0.1: outside Twingate's range alone, inside the loopback range.
    [outside, inside] = await Promise.all([
      startCaddy('100.64.0.0/10'),
      startCaddy('100.64.0.0/10 127.0.0.0/8'),
    ]);
  });

  afterAll(async () => {
    // Caddy's graceful stop waits for hijacked WebSocket connections; end them first.
    for (const socket of upgraded) socket.destroy();
    for (const { caddy, dir } of instances) {
      if (caddy.exitCode === null) {
        const exited = new Promise((resolve) => caddy.once('exit', resolve));
        caddy.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    }
    await new Promise((resolve) => upstream?.close(resolve));
  });

  const adminPaths = [
    '/api/docker/containers',
    '/api/auth/login',
    '/api/auth/setup',
    '/api/openapi.json',
    '/metrics',
  ];
  const publicPaths = [
    '/',
    '/docker',
    '/discord/interactions',
    '/webhooks/twitch/eventsub',
    '/webhooks/deploy',
    '/overlay/abc123',
    '/api/overlay/abc123/state',
    '/api/desk/guilds',
    '/api/stream/auth/twitch',
    '/api/stream/me',
    '/api/status/rig-city.com',
    '/api/push/token123',
    '/api/health',
    '/api/auth/logout',
  ];

  it.each(adminPaths)('refuses %s on mission control to a client outside the admin ranges', async (path) => {
    const res = await fetchFrom(outside.mission, path);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'admin_network_only' } });
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(upstreamSeen).not.toContain(path);
  });

  it.each(adminPaths)('passes %s on mission control to a client inside the admin ranges', async (path) => {
    const res = await fetchFrom(inside.mission, path);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ upstream: path });
  });

  it.each(publicPaths)(
    'keeps %s open to outsiders: the desk, the studio, overlays, Discord and webhooks',
    async (path) => {
      const res = await fetchFrom(outside.mission, path);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ upstream: path });
    },
  );

  it('refuses all of n8n outside the admin ranges and proxies it inside them', async () => {
    expect((await fetchFrom(outside.n8n, '/')).status).toBe(403);
    expect((await fetchFrom(outside.n8n, '/rest/workflows')).status).toBe(403);
    const res = await fetchFrom(inside.n8n, '/rest/workflows');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ upstream: '/rest/workflows' });
  });

  it.each([
    '/api/desk/../docker/containers',
    '/api/desk/%2e%2e/docker/containers',
    '//api/docker/containers',
    '/API/docker/containers',
  ])(
    'refuses %s: a dot segment or a different spelling does not reach the admin API past an open path',
    async (path) => {
      expect((await fetchFrom(outside.mission, path)).status).toBe(403);
    },
  );

  function echoOverWebSocket(base: string, path: string) {
    return new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${base}${path}`, {
        headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13' },
      });
      req.on('upgrade', (_res, socket) => {
        socket.once('data', (chunk: Buffer) => {
          socket.destroy();
          resolve(chunk.toString());
        });
        socket.write('hello');
      });
      req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
      req.on('error', reject);
      req.end();
    });
  }

  it('passes WebSockets through to the studio and, inside the admin ranges, to n8n', async () => {
    expect(await echoOverWebSocket(outside.mission, '/api/stream/chat/socket')).toBe('hello');
    expect(await echoOverWebSocket(inside.n8n, '/rest/push')).toBe('hello');
    await expect(echoOverWebSocket(outside.n8n, '/rest/push')).rejects.toThrow('no upgrade: 403');
  });

  it('ignores X-Forwarded-For: a client cannot claim an admin address', async () => {
    const res = await fetchFrom(outside.mission, '/api/docker/containers', {
      'x-forwarded-for': '100.64.0.7',
    });
    expect(res.status).toBe(403);
  });

  it('serves the personal site from static/ with no-cache HTML and a same-origin-only CSP', async () => {
    const res = await fetchFrom(outside.site, '/', { 'accept-encoding': 'identity' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<h1 id="title">Scarlet Red Joker</h1>');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.etag).toBeDefined();
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'self'(;|$)/);
    expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(res.headers.server).toBeUndefined();
  });

  it.each([
    ['/styles.css', /^text\/css/],
    ['/main.js', /javascript/],
    ['/favicon.svg', /^image\/svg\+xml/],
  ])('caches %s for an hour, then revalidates', async (path, type) => {
    const res = await fetchFrom(outside.site, path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(type);
    expect(res.headers['cache-control']).toBe('public, max-age=3600, must-revalidate');
    const again = await fetchFrom(outside.site, path, { 'if-none-match': String(res.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('compresses the stylesheet for clients that accept it', async () => {
    const res = await fetchFrom(outside.site, '/styles.css', { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
  });

  it('answers an unknown path with the 404 page, its status and headers intact', async () => {
    const res = await fetchFrom(outside.site, '/no-such-page', { 'accept-encoding': 'identity' });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('This page is not in the deck');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(res.headers.server).toBeUndefined();
  });
});
