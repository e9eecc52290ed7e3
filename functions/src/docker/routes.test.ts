/**
 * The edge of Docker management: who may call, what is refused before any runner is asked, how
 * the runner's refusals and outages reach the caller, and the audit trail. The runner here is a
 * recording HTTP server; the real runner is exercised in runners/ and e2e/.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, owner } from '../../test/harness';

type Seen = { method: string; url: string; body: string; signed: boolean };
type Reply = { status: number; body: unknown };

function recordingRunner() {
  const seen: Seen[] = [];
  let reply: Reply = { status: 200, body: {} };
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        body,
        signed: typeof req.headers['x-homelab-signature'] === 'string',
      });
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  return {
    seen,
    reply(next: Reply) {
      reply = next;
    },
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const container = {
  id: 'a'.repeat(64),
  name: 'web',
  image: 'nginx:1.27',
  imageId: 'sha256:1',
  command: 'nginx',
  state: 'exited',
  status: 'Exited (0)',
  health: 'none',
  createdAt: '2026-11-01T00:00:00Z',
  startedAt: null,
  finishedAt: null,
  exitCode: 0,
  restartCount: 0,
  ports: [],
  project: null,
  service: null,
  managed: false,
  networks: [],
  mounts: [],
};

describe('/api/docker', () => {
  const runner = recordingRunner();
  let h: Awaited<ReturnType<typeof createHarness>>;
  let down: Awaited<ReturnType<typeof createHarness>>;

  beforeAll(async () => {
    h = await createHarness({ RUNNERS_URL: await runner.listen() });
    expect((await h.call('POST', '/api/auth/setup', { body: owner })).status).toBe(201);
    down = await createHarness({ RUNNERS_URL: 'http://127.0.0.1:9' });
    await down.call('POST', '/api/auth/setup', { body: owner });
  });
  afterAll(() => runner.close());
  beforeEach(() => {
    runner.seen.length = 0;
  });

  it('wants a signed-in owner or admin', async () => {
    expect((await h.call('GET', '/api/docker/containers', { cookie: null })).status).toBe(401);
    const sql = postgres(h.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const { hashPassword } = await import('../auth/password');
      const hash = await hashPassword('member password 1');
      await sql`insert into users (username, password_hash, role) values ('mia', ${hash}, 'member')`;
    } finally {
      await sql.end();
    }
    const login = await h.call('POST', '/api/auth/login', {
      body: { username: 'mia', password: 'member password 1' },
      cookie: null,
    });
    const memberCookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const res = await h.call('GET', '/api/docker/containers', { cookie: memberCookie });
    expect(res.status).toBe(403);
    expect(runner.seen).toHaveLength(0);
  });

  it('refuses bad input before asking the runner', async () => {
    const rename = await h.call('POST', '/api/docker/containers/web/rename', {
      body: { name: 'a;rm -rf /' },
    });
    expect(rename.status).toBe(400);
    expect(rename.json.error.fields.name[0]).toMatch(/letters, digits/);
    const remove = await h.call('DELETE', '/api/docker/containers/web', { body: { force: true } });
    expect(remove.status).toBe(400);
    expect(remove.json.error.fields.confirm).toBeDefined();
    const action = await h.call('POST', '/api/docker/containers/web/explode');
    expect(action.status).toBe(400);
    const id = await h.call('GET', '/api/docker/containers/$(reboot)');
    expect(id.status).toBe(400);
    const network = await h.call('POST', '/api/docker/networks', {
      body: { name: 'lan', subnet: 'everything' },
    });
    expect(network.status).toBe(400);
    expect(network.json.error.fields.subnet[0]).toMatch(/CIDR/);
    const deploy = await h.call('POST', '/api/databases/instances', {
      body: { template: 'postgres', name: 'shop', version: '9.6' },
    });
    expect(deploy.status).toBe(400);
    expect(deploy.json.error.fields.version[0]).toMatch(/17, 16, 15/);
    const wipe = await h.call('DELETE', '/api/databases/instances/00000000-0000-4000-8000-000000000000', {
      body: { removeVolume: true },
    });
    expect(wipe.status).toBe(400);
    expect(runner.seen).toHaveLength(0);
  });

  it('signs the call, relays the answer and audits the action', async () => {
    runner.reply({ status: 200, body: { container: { ...container, state: 'running' } } });
    const res = await h.call('POST', '/api/docker/containers/web/start');
    expect(res.status).toBe(200);
    expect(res.json.container.state).toBe('running');
    expect(runner.seen).toEqual([
      expect.objectContaining({ method: 'POST', url: '/docker/containers/web/start', signed: true }),
    ]);
    const audit = await h.call('GET', '/api/audit?limit=5');
    expect(audit.json.entries[0]).toMatchObject({
      action: 'docker.container.start',
      target: 'web',
      outcome: 'success',
    });
  });

  it("hands on the runner's refusals with their code and message", async () => {
    runner.reply({
      status: 409,
      body: { error: { code: 'wrong_state', message: 'The container is not running.' } },
    });
    const stop = await h.call('POST', '/api/docker/containers/web/stop');
    expect(stop.status).toBe(409);
    expect(stop.json.error).toEqual({ code: 'wrong_state', message: 'The container is not running.' });
    runner.reply({ status: 404, body: { error: { code: 'not_found', message: 'No container "ghost".' } } });
    expect((await h.call('GET', '/api/docker/containers/ghost')).status).toBe(404);
    runner.reply({
      status: 503,
      body: {
        error: { code: 'engine_unreachable', message: 'The container engine is not reachable (ENOENT).' },
      },
    });
    const list = await h.call('GET', '/api/docker/containers');
    expect(list.status).toBe(503);
    expect(list.json.error.code).toBe('engine_unreachable');
    runner.reply({
      status: 500,
      body: { error: { code: 'internal', message: 'at Object.<anonymous> (x.ts:1)' } },
    });
    const broken = await h.call('GET', '/api/docker/containers');
    expect(broken.status).toBe(502);
    expect(JSON.stringify(broken.json)).not.toContain('x.ts');
  });

  it('answers 503 at once when the runners are down', async () => {
    const res = await down.call('GET', '/api/docker/containers');
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('runner_unavailable');
  });

  it('opens the console only as a same-site WebSocket', async () => {
    const plain = await h.call('GET', '/api/docker/containers/web/exec');
    expect(plain.status).toBe(426);
    const foreign = await h.call('GET', '/api/docker/containers/web/exec', {
      headers: { upgrade: 'websocket', origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(runner.seen).toHaveLength(0);
  });
});
