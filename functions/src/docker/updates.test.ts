/**
 * The edge of container updates: operators start them (audited, with who asked), the page reads
 * the history, and "update" is never taken for a container action. The runner is a recording server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, owner } from '../../test/harness';

const update = {
  id: '6f1c1a36-5a0e-4b57-9a55-2f7a1f0d2c11',
  container: 'web',
  image: 'nginx:1.27',
  fromImageId: 'sha256:old',
  toImageId: null,
  snapshots: [],
  status: 'updating',
  error: null,
  startedBy: 'evin',
  startedAt: '2026-11-29T15:00:00.000Z',
  finishedAt: null,
  progress: [{ step: 'pull', status: 'running', detail: 'nginx:1.27', at: '2026-11-29T15:00:00.000Z' }],
};

describe('/api/docker updates', () => {
  const seen: { method: string; url: string; body: string }[] = [];
  let reply: { status: number; body: unknown } = { status: 200, body: {} };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  let h: Awaited<ReturnType<typeof createHarness>>;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    h = await createHarness({ RUNNERS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    expect((await h.call('POST', '/api/auth/setup', { body: owner })).status).toBe(201);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen.length = 0;
  });

  it('starts an update on the runner with who asked, answers 202 and audits it', async () => {
    reply = { status: 202, body: { update } };
    const res = await h.call('POST', '/api/docker/containers/web/update');
    expect(res.status).toBe(202);
    expect(res.json.update).toMatchObject({ id: update.id, status: 'updating' });
    expect(seen).toEqual([expect.objectContaining({ method: 'POST', url: '/docker/containers/web/update' })]);
    expect(JSON.parse(seen[0]!.body)).toEqual({ startedBy: owner.username });
    const audit = await h.call('GET', '/api/audit?limit=5');
    expect(audit.json.entries[0]).toMatchObject({
      action: 'docker.container.update',
      target: 'web',
      outcome: 'success',
    });
  });

  it('hands on "already updating" as a 409 with its message', async () => {
    reply = {
      status: 409,
      body: { error: { code: 'update_running', message: '"web" is being updated already.' } },
    };
    const res = await h.call('POST', '/api/docker/containers/web/update');
    expect(res.status).toBe(409);
    expect(res.json.error).toEqual({ code: 'update_running', message: '"web" is being updated already.' });
  });

  it("lists a container's updates and reads one, refusing a malformed id before the runner", async () => {
    reply = { status: 200, body: { updates: [update] } };
    const list = await h.call('GET', '/api/docker/updates?container=web');
    expect(list.status).toBe(200);
    expect(list.json.updates).toHaveLength(1);
    expect(seen[0]!.url).toBe('/docker/updates?container=web&limit=50');
    reply = { status: 200, body: { update } };
    expect((await h.call('GET', `/api/docker/updates/${update.id}`)).json.update.id).toBe(update.id);
    seen.length = 0;
    expect((await h.call('GET', '/api/docker/updates/1;drop')).status).toBe(400);
    expect((await h.call('POST', '/api/docker/containers/$(reboot)/update')).status).toBe(400);
    expect(seen).toHaveLength(0);
  });
});
