import { rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { containerListSchema, type DockerEvent, dockerEventSchema } from '@homelab/db/docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { caller } from '../testing/docker-routes';
import {
  removeTestContainers,
  runTestContainer,
  testDockerHost,
  testEngine,
  testName,
} from '../testing/engine';
import { sseReader } from '../testing/sse';
import { createEngine, type Engine } from './engine';
import { openDocker } from './service';

const log = createLogger({ level: 'error' });

/** The next event matching `want`, skipping the others. */
async function eventWhere(events: ReturnType<typeof sseReader>, want: (event: DockerEvent) => boolean) {
  for (;;) {
    const event = dockerEventSchema.parse(await events.json('event', 10_000));
    if (want(event)) return event;
  }
}

/** A Unix-socket relay in front of the engine's socket that a test can cut and restore. */
async function startUnixProxy(target: string) {
  const socketPath = path.join(tmpdir(), `hlt-engine-${process.pid}-${Date.now()}.sock`);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  async function open() {
    await rm(socketPath, { force: true });
    const next = createServer((client) => {
      const upstream = connect(target);
      track(client);
      track(upstream);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(socketPath, () => resolve());
    });
    server = next;
  }
  async function cut() {
    const closing = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise((resolve) => closing.close(resolve));
  }
  await open();
  return { socketPath, restore: open, cut };
}

describe('engine events and outages', () => {
  let engine: Engine;
  let docker: ReturnType<typeof openDocker>;
  const names: string[] = [];

  beforeAll(async () => {
    engine = await testEngine();
    docker = openDocker(engine, log, { heartbeatMs: 200 });
    await docker.deps.inventory.ready();
  });

  afterAll(async () => {
    await removeTestContainers(engine.docker, names);
    docker.handle.stop();
    engine.close();
  });

  it('tells an SSE subscriber at once, then about containers starting, stopping and going', async () => {
    const events = sseReader(await docker.handle.routes.request('/events'));
    expect(await events.rawBlock()).toBe(': events');
    const first = await eventWhere(events, () => true);
    expect(first).toMatchObject({ type: 'engine', action: 'connected', engine: { status: 'connected' } });

    const name = testName();
    names.push(name);
    const { id } = await runTestContainer(engine.docker, { name });
    const started = await eventWhere(events, (e) => e.id === id && e.container?.state === 'running');
    expect(started).toMatchObject({ type: 'container', name, container: { id, name, state: 'running' } });

    await engine.docker.getContainer(id).stop();
    const stopped = await eventWhere(events, (e) => e.id === id && e.container?.state === 'exited');
    expect(stopped.container?.status).toMatch(/^Exited/);

    await engine.docker.getContainer(id).remove();
    const removed = await eventWhere(events, (e) => e.id === id && e.container === null);
    expect(removed.name).toBe(name);

    // An idle stream still shows life.
    expect(await events.rawBlock(2_000)).toBe(': heartbeat');
    await events.close();
  });

  it('reports the engine going away mid-stream, answers 503, and heals when it is back', async () => {
    const proxy = await startUnixProxy(testDockerHost().replace(/^unix:\/\//, ''));
    const flaky = createEngine({
      host: `unix://${proxy.socketPath}`,
      log,
      retry: { baseMs: 100, maxMs: 300 },
    });
    const viaProxy = openDocker(flaky, log, { readyTimeoutMs: 5_000 });
    try {
      expect((await flaky.waitConnected(5_000)).status).toBe('connected');
      await viaProxy.deps.inventory.ready();
      const call = caller(viaProxy.handle.routes);
      expect((await call('/containers')).status).toBe(200);
      const events = sseReader(await viaProxy.handle.routes.request('/events'));
      await eventWhere(events, (e) => e.type === 'engine' && e.action === 'connected');

      await proxy.cut();
      const lost = await eventWhere(events, (e) => e.type === 'engine');
      expect(lost).toMatchObject({ action: 'unreachable', engine: { status: 'unreachable' } });
      expect(flaky.state().status).toBe('unreachable');
      const down = await call('/containers');
      expect([down.status, down.body.error.code]).toEqual([503, 'engine_unreachable']);
      expect((await call('/status')).body).toMatchObject({ status: 'unreachable' });

      // Made while the runner could not see: the resync after reconnecting must find it.
      const name = testName();
      names.push(name);
      const { id } = await runTestContainer(engine.docker, { name, start: false });

      await proxy.restore();
      const back = await eventWhere(events, (e) => e.type === 'engine');
      expect(back).toMatchObject({ action: 'connected', engine: { status: 'connected' } });
      const healed = await eventWhere(events, (e) => e.id === id);
      expect(healed.container?.name).toBe(name);
      const list = containerListSchema.parse((await call('/containers')).body);
      expect(list.engine.status).toBe('connected');
      expect(list.containers.map((c) => c.id)).toContain(id);
      await events.close();
    } finally {
      viaProxy.handle.stop();
      flaky.close();
      await proxy.cut();
    }
  });
});
