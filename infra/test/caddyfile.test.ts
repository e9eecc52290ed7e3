/**
 * The production Caddyfile, checked by the real Caddy: it adapts and validates, every domain is
 * served over automatic HTTPS with the shared snippet, and that snippet, run live in front of a
 * local upstream, sets the security headers, compresses pages and lets Server-Sent Events through
 * one by one.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import {
  get,
  createServer as httpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { type AddressInfo, createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const caddyfilePath = join(root, 'Caddyfile');
const acmeEmail = 'ops@example.com';

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
type Route = { match?: { host?: string[] }[]; handle?: Handler[] };
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

  function freePort() {
    return new Promise<number>((resolve) => {
      const probe = netServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
  }

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
