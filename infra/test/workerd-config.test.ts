/**
 * The production workerd config, run for real: `workerd serve` has no check-only flag, so the
 * unchanged config file is served with a stand-in worker (laid out as in the functions image)
 * and its bindings, disk service and outbound rules are exercised over HTTP.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const configPath = join(root, 'infra/workerd/config.capnp');
const workerdBin = join(root, 'node_modules/.bin/workerd');

// Imports node:buffer so that the worker only loads when nodejs_compat is on.
const standInWorker = `
import { Buffer } from 'node:buffer';
const names = [
  'DATABASE_URL',
  'RUNNERS_URL',
  'RUNNER_SECRET',
  'APP_VERSION',
  'PUBLIC_ORIGIN',
  'SECURE_COOKIES',
  'TRUST_PROXY',
];
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/env') {
      return Response.json({ ...Object.fromEntries(names.map((n) => [n, env[n]])), hex: Buffer.from('ok').toString('hex') });
    }
    if (url.pathname.startsWith('/assets/')) {
      return env.ASSETS.fetch(new URL(url.pathname.slice('/assets'.length), 'http://assets'), {
        method: request.method,
        body: request.method === 'PUT' ? await request.text() : undefined,
      });
    }
    if (url.pathname === '/probe') {
      try {
        const res = await fetch(url.searchParams.get('url'));
        return Response.json({ reached: true, status: res.status });
      } catch (error) {
        return Response.json({ reached: false, error: String(error) });
      }
    }
    return new Response('not found', { status: 404 });
  },
};
`;

let dir: string;
let workerd: ChildProcess | undefined;
let base: string;
let stderr = '';
let loopback: Server;
let loopbackHits = 0;

function listeningPort(control: Readable) {
  return new Promise<number>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`workerd did not start:\n${stderr}`)), 15_000);
    control.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n').slice(0, -1)) {
        const message = JSON.parse(line) as { event: string; socket: string; port: number };
        if (message.event === 'listen' && message.socket === 'http') {
          clearTimeout(timer);
          resolve(message.port);
        }
      }
    });
    workerd?.once('exit', (code) => reject(new Error(`workerd exited with ${code}:\n${stderr}`)));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'workerd-config-'));
  await mkdir(join(dir, 'infra/workerd'), { recursive: true });
  await mkdir(join(dir, 'functions/dist'), { recursive: true });
  await mkdir(join(dir, 'web/dist'), { recursive: true });
  await copyFile(configPath, join(dir, 'infra/workerd/config.capnp'));
  await writeFile(join(dir, 'functions/dist/index.js'), standInWorker);
  await writeFile(join(dir, 'web/dist/index.html'), '<!doctype html><title>HomeLabHub</title>');
  await writeFile(join(dir, 'web/dist/.env'), 'NOT_FOR_THE_WEB=1');

  loopback = createServer((_req, res) => {
    loopbackHits++;
    res.end('reached');
  });
  await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve));

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    DATABASE_URL: 'postgres://homelab_app:pw@postgres:5432/homelab',
    RUNNERS_URL: 'http://runners:8788',
    RUNNER_SECRET: 'a'.repeat(40),
    APP_VERSION: '1.2.3',
    SECURE_COOKIES: 'true',
    TRUST_PROXY: 'true',
  };
  // The listen address and the web directory are overridden on the command line, as the
  // config's header describes; the config file itself is used unchanged.
  workerd = spawn(
    workerdBin,
    [
      'serve',
      join(dir, 'infra/workerd/config.capnp'),
      '--socket-addr=http=127.0.0.1:0',
      `--directory-path=web=${join(dir, 'web/dist')}`,
      '--control-fd=3',
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  workerd.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await listeningPort(workerd.stdio[3] as Readable);
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (workerd && workerd.exitCode === null) {
    const exited = new Promise((resolve) => workerd?.once('exit', resolve));
    workerd.kill('SIGTERM');
    await exited;
  }
  await new Promise((resolve) => loopback?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('infra/workerd/config.capnp', () => {
  it('declares the production socket and the compatibility settings the bundle is built for', async () => {
    const text = await readFile(configPath, 'utf8');
    expect(text).toMatch(/address = "\*:8787"/);
    expect(text).toMatch(/compatibilityDate = "2026-04-01"/);
    expect(text).toMatch(/compatibilityFlags = \["nodejs_compat"\]/);
    expect(text).toMatch(/esModule = embed "\.\.\/\.\.\/functions\/dist\/index\.js"/);
    expect(text).toMatch(/path = "\/app\/web\/dist", writable = false/);
  });

  it('runs the worker with nodejs_compat and passes the text bindings from the environment', async () => {
    const res = await fetch(`${base}/env`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      DATABASE_URL: 'postgres://homelab_app:pw@postgres:5432/homelab',
      RUNNERS_URL: 'http://runners:8788',
      RUNNER_SECRET: 'a'.repeat(40),
      APP_VERSION: '1.2.3',
      // fromEnvironment gives null for a variable that is not set.
      PUBLIC_ORIGIN: null,
      SECURE_COOKIES: 'true',
      TRUST_PROXY: 'true',
      hex: '6f6b',
    });
  });

  it('serves the web build through ASSETS without guessing a Content-Type', async () => {
    const res = await fetch(`${base}/assets/index.html`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<!doctype html><title>HomeLabHub</title>');
    // workerd's disk service labels every file this way; the worker must set the real type.
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
  });

  it('keeps the web directory read-only and its dotfiles hidden', async () => {
    expect((await fetch(`${base}/assets/.env`)).status).toBe(404);
    const put = await fetch(`${base}/assets/planted.html`, { method: 'PUT', body: '<script>1</script>' });
    expect(put.status).toBe(405);
    expect((await fetch(`${base}/assets/planted.html`)).status).toBe(404);
  });

  it('refuses connections from the worker to addresses outside the allowed ranges', async () => {
    const { port } = loopback.address() as AddressInfo;
    const res = await fetch(`${base}/probe?url=${encodeURIComponent(`http://127.0.0.1:${port}/`)}`);
    expect(await res.json()).toMatchObject({ reached: false });
    expect(loopbackHits).toBe(0);
    expect(stderr).toContain('blocked by restrictPeers');
  });
});
