/**
 * A fake of Sunshine's web API (confighttp, normally https://gaming-pc:47990), written from
 * LizardByte/Sunshine src/confighttp.cpp and, for launching, from the forks that add it (Apollo):
 *
 * - HTTPS only, with a self-signed certificate made at start; its SHA-256 fingerprint is exported.
 * - Every /api call but /api/configLocale needs Basic auth; otherwise 401 with
 *   `WWW-Authenticate: Basic realm="Sunshine Gamestream Host", charset="UTF-8"` and no body.
 * - GET  /api/config        → {status:true, platform, version, ...sunshine.conf keys}
 * - GET  /api/apps          → apps.json as stored: {env:{…}, apps:[{name, cmd?, detached?, "image-path"?, uuid?}]}
 * - POST /api/apps/close    → {status:true} (terminates the running app, if any)
 * - POST /api/apps/launch   → body {uuid} with Content-Type application/json (Apollo and newer
 *                              forks; upstream Sunshine has no such route and answers 400 "Bad Request")
 * - GET  /api/clients/list  → {status:true, named_certs:[{name, uuid}]}
 * - POST /api/clients/unpair → body {uuid} → {status: <whether a client was removed>}
 * - POST /api/pin           → body {pin, name} → {status:false} when no Moonlight client is waiting to
 *                              pair; {status:true} when one is (the client then checks the PIN itself in
 *                              the pairing handshake: a wrong PIN ends the pairing with no client added)
 * - unknown GET → 404 {status_code:404, error:"Not Found"}; unknown POST or bad JSON →
 *   400 {status_code:400, status:false, error:"…"}.
 * Booleans come back as JSON booleans (newer releases); older ones wrote "true" strings.
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { selfSignedCertificate } from '@homelab/infra/test/certificates';

export type FakeSunshineApp = {
  name: string;
  uuid?: string;
  'image-path'?: string;
  cmd?: string;
  detached?: string[];
};

export type FakeSunshineOptions = {
  username?: string;
  password?: string;
  version?: string;
  apps?: FakeSunshineApp[];
  clients?: { name: string; uuid: string }[];
  /** false: like upstream Sunshine, no /api/apps/launch. */
  supportsLaunch?: boolean;
};

export type FakeSunshine = {
  url: string;
  /** `AB:CD:…`, what `openssl x509 -noout -fingerprint -sha256` prints after the `=`. */
  fingerprint: string;
  username: string;
  password: string;
  /** uuid of the application running now, or null. */
  runningApp(): string | null;
  clients(): { name: string; uuid: string }[];
  /** A Moonlight client starts pairing and shows `pin`; it waits until a PIN is entered. */
  startPairing(pin: string): void;
  /** The host goes away (connections refused) or comes back on the same port. */
  setOnline(online: boolean): Promise<void>;
  calls: { method: string; path: string; body: unknown }[];
  close(): Promise<void>;
};

const defaultApps: FakeSunshineApp[] = [
  { name: 'Desktop', 'image-path': 'desktop.png', uuid: randomUUID().toUpperCase() },
  {
    name: 'Steam Big Picture',
    detached: ['steam steam://open/bigpicture'],
    'image-path': 'steam.png',
    uuid: randomUUID().toUpperCase(),
  },
];

export async function startFakeSunshine(options: FakeSunshineOptions = {}): Promise<FakeSunshine> {
  const username = options.username ?? 'sunshine';
  const password = options.password ?? 'correct horse battery';
  const version = options.version ?? '2025.924.154138';
  const apps = (options.apps ?? defaultApps).map((app) => ({ ...app }));
  let clients = (options.clients ?? []).map((client) => ({ ...client }));
  const supportsLaunch = options.supportsLaunch ?? true;
  let running: string | null = null;
  let waitingPin: string | null = null;
  const calls: FakeSunshine['calls'] = [];

  const { key, cert } = selfSignedCertificate('Sunshine Gamestream Host', 2);
  const fingerprint = new X509Certificate(cert).fingerprint256;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const badRequest = (res: ServerResponse, error = 'Bad Request') =>
    send(res, 400, { status_code: 400, status: false, error });

  function authorized(req: IncomingMessage): boolean {
    const match = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (!match) return false;
    const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // Sunshine compares the user name case-insensitively and the password exactly.
    return (
      colon > 0 &&
      decoded.slice(0, colon).toLowerCase() === username.toLowerCase() &&
      decoded.slice(colon + 1) === password
    );
  }

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      const value = JSON.parse(text) as unknown;
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'https://sunshine').pathname;
    const method = req.method ?? 'GET';
    const body = method === 'POST' ? await readJson(req) : null;
    calls.push({ method, path, body });
    if (method === 'GET' && path === '/api/configLocale')
      return send(res, 200, { status: true, locale: 'en' });
    if (!authorized(req)) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Sunshine Gamestream Host", charset="UTF-8"' });
      return res.end();
    }
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /api/config':
        return send(res, 200, { status: true, platform: 'windows', version, min_log_level: '2' });
      case 'GET /api/apps':
        return send(res, 200, { env: { PATH: '$(PATH);C:\\Program Files (x86)\\Steam' }, apps });
      case 'POST /api/apps/close':
        running = null;
        return send(res, 200, { status: true });
      case 'POST /api/apps/launch': {
        if (!supportsLaunch) return badRequest(res);
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
          return badRequest(res, 'Content type mismatch');
        if (typeof body?.uuid !== 'string') return badRequest(res, 'Missing or invalid uuid in request body');
        const app = apps.find((entry) => entry.uuid === body.uuid);
        if (!app) return badRequest(res, 'Cannot find requested application');
        running = app.uuid ?? null;
        return send(res, 200, { status: true });
      }
      case 'GET /api/clients/list':
        return send(res, 200, { status: true, named_certs: clients });
      case 'POST /api/clients/unpair': {
        if (typeof body?.uuid !== 'string') return badRequest(res, 'No such node (uuid)');
        const before = clients.length;
        clients = clients.filter((client) => client.uuid !== body.uuid);
        return send(res, 200, { status: clients.length < before });
      }
      case 'POST /api/pin': {
        if (typeof body?.pin !== 'string' || typeof body.name !== 'string')
          return badRequest(res, 'No such node (pin)');
        if (!waitingPin) return send(res, 200, { status: false });
        if (body.pin === waitingPin) clients.push({ name: body.name, uuid: randomUUID().toUpperCase() });
        waitingPin = null;
        return send(res, 200, { status: true });
      }
      default:
        if (method === 'GET') return send(res, 404, { status_code: 404, error: 'Not Found' });
        return badRequest(res);
    }
  }

  const sockets = new Set<Socket>();
  let server: Server = makeServer();
  function makeServer(): Server {
    const next = createServer({ key, cert }, (req, res) => {
      handle(req, res).catch(() => badRequest(res));
    });
    next.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return next;
  }
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });

  await listen(0);
  const port = (server.address() as AddressInfo).port;
  let online = true;

  return {
    url: `https://127.0.0.1:${port}`,
    fingerprint,
    username,
    password,
    calls,
    runningApp: () => running,
    clients: () => clients.map((client) => ({ ...client })),
    startPairing(pin) {
      waitingPin = pin;
    },
    async setOnline(next) {
      if (next === online) return;
      online = next;
      if (next) {
        server = makeServer();
        await listen(port);
      } else {
        // A sleeping PC answers nothing, and Sunshine forgets a running app when it stops.
        running = null;
        await stop();
      }
    },
    async close() {
      if (online) await stop();
    },
  };
}
