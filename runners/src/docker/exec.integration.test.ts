import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createInternalApp, type MountedRunners, serveInternalApi } from '../internal/server';
import { signRequest } from '../internal/signing';
import { createLogger } from '../log';
import { removeTestContainers, runTestContainer, testEngine, testName } from '../testing/engine';
import { waitFor } from '../testing/helpers';
import type { Engine } from './engine';
import { openDocker } from './service';

const secret = 's'.repeat(64);

type Session = {
  ws: WebSocket;
  output: () => string;
  texts: string[];
  closed: Promise<{ code: number; reason: string }>;
};

describe('exec console over a signed WebSocket on the real internal server', () => {
  let engine: Engine;
  let docker: ReturnType<typeof openDocker>;
  let server: Awaited<ReturnType<typeof serveInternalApi>>;
  let runnerState = 'running';
  let id: string;
  const names: string[] = [];

  const log = createLogger({ level: 'error' });

  function internalApp() {
    const runners: MountedRunners = {
      knows: (name) => name === 'docker' || name === 'system',
      stateOf: (name) => (name === 'docker' ? runnerState : 'running'),
      routesFor: (name) =>
        name === 'docker' && runnerState === 'running' ? docker.handle.routes : undefined,
      socketsFor: (name) =>
        name === 'docker' && runnerState === 'running' ? docker.handle.sockets : undefined,
      snapshot: () => [],
    };
    return createInternalApp({
      secret,
      log,
      runners,
      queueStats: async () => ({ depth: 0, oldestQueuedAt: null, failed24h: 0, running: 0 }),
    });
  }

  beforeAll(async () => {
    engine = await testEngine();
    docker = openDocker(engine, log);
    server = await serveInternalApi(internalApp(), { host: '127.0.0.1', port: 0 });
    const started = await runTestContainer(engine.docker, { name: testName() });
    names.push(started.name);
    id = started.id;
  });

  afterAll(async () => {
    await server.close(500);
    await removeTestContainers(engine.docker, names);
    docker.handle.stop();
    engine.close();
  });

  async function connect(
    path: string,
    options: { sign?: boolean; headers?: Record<string, string>; port?: number } = {},
  ) {
    const headers =
      options.headers ??
      (options.sign === false ? {} : await signRequest({ secret, method: 'GET', pathWithQuery: path }));
    const ws = new WebSocket(`ws://127.0.0.1:${options.port ?? server.port}${path}`, { headers });
    const chunks: Buffer[] = [];
    const texts: string[] = [];
    ws.on('message', (data: Buffer, binary) => {
      if (binary) chunks.push(data);
      else texts.push(data.toString('utf8'));
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    return { ws, texts, closed, output: () => Buffer.concat(chunks).toString('utf8') } satisfies Session;
  }

  /** The HTTP status an upgrade was refused with. */
  function refusedWith(path: string, headers: Record<string, string>) {
    return new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        ws.terminate();
      });
      ws.on('open', () => reject(new Error('the upgrade was accepted')));
      ws.on('error', () => {});
    });
  }

  const opened = (session: Session) =>
    new Promise<void>((resolve, reject) => {
      session.ws.once('open', () => resolve());
      session.ws.once('error', reject);
    });
  const send = (session: Session, message: unknown) => session.ws.send(JSON.stringify(message));

  it('runs a shell: typed input comes back, resize applies, exit code is the last word', async () => {
    const session = await connect(`/docker/containers/${id}/exec?cols=80&rows=24`);
    await opened(session);
    // Garbage is ignored, not fatal.
    session.ws.send('not json');
    send(session, { type: 'bogus' });
    send(session, { type: 'input', data: 'echo hi\n' });
    expect(await waitFor(() => /\r?\nhi\r?\n/.test(session.output()), 5_000)).toBe(true);

    send(session, { type: 'resize', cols: 100, rows: 30 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    send(session, { type: 'input', data: 'stty size\n' });
    expect(await waitFor(() => session.output().includes('30 100'), 5_000)).toBe(true);

    send(session, { type: 'input', data: 'exit 3\n' });
    const closed = await session.closed;
    expect(closed.code).toBe(1000);
    expect(session.texts.map((t) => JSON.parse(t))).toEqual([{ type: 'exit', code: 3 }]);
  });

  it('runs a given argv and ends the exec when the browser goes away', async () => {
    const cmd = encodeURIComponent(JSON.stringify(['sh', '-c', 'echo ready; sleep 60']));
    const session = await connect(`/docker/containers/${id}/exec?cmd=${cmd}`);
    await opened(session);
    expect(await waitFor(() => session.output().includes('ready'), 5_000)).toBe(true);
    expect(docker.exec.active).toBe(1);
    session.ws.close();
    await session.closed;
    expect(await waitFor(() => docker.exec.active === 0)).toBe(true);
    const running = async () => {
      const { ExecIDs } = await engine.docker.getContainer(id).inspect();
      const execs = await Promise.all(
        (ExecIDs ?? []).map((e) =>
          engine.docker
            .getExec(e)
            .inspect()
            .catch(() => null),
        ),
      );
      return execs.filter((e) => e?.Running).length;
    };
    expect(await waitFor(async () => (await running()) === 0, 5_000)).toBe(true);
  });

  it('closes with 4404, 4409 or 4400 when there is nothing to run', async () => {
    const unknown = await connect('/docker/containers/hlt-nope-nope/exec');
    expect((await unknown.closed).code).toBe(4404);

    const stopped = await runTestContainer(engine.docker, { name: testName(), start: false });
    names.push(stopped.name);
    const notRunning = await connect(`/docker/containers/${stopped.id}/exec`);
    const closed = await notRunning.closed;
    expect([closed.code, closed.reason]).toEqual([4409, 'The container is not running.']);

    const long = await connect(`/docker/containers/${id}/exec?cmd=${'x'.repeat(4100)}`);
    expect(await long.closed).toEqual({ code: 4400, reason: 'cmd is longer than 4 KB' });
  });

  it('refuses unsigned, replayed, unknown and unavailable upgrades like HTTP calls', async () => {
    const path = `/docker/containers/${id}/exec`;
    expect(await refusedWith(path, {})).toBe(401);
    const headers = await signRequest({ secret, method: 'GET', pathWithQuery: path });
    expect(await refusedWith(`${path}?cmd=ls`, headers)).toBe(401);
    const first = await connect(path, { headers });
    await opened(first);
    first.ws.close();
    expect(await refusedWith(path, headers)).toBe(401);

    const nowhere = '/nowhere/x';
    expect(
      await refusedWith(nowhere, await signRequest({ secret, method: 'GET', pathWithQuery: nowhere })),
    ).toBe(404);
    const system = '/system/stream';
    expect(
      await refusedWith(system, await signRequest({ secret, method: 'GET', pathWithQuery: system })),
    ).toBe(404);
    runnerState = 'starting';
    try {
      expect(await refusedWith(path, await signRequest({ secret, method: 'GET', pathWithQuery: path }))).toBe(
        503,
      );
    } finally {
      runnerState = 'running';
    }
  });

  it('closes open consoles when the internal server stops', async () => {
    const other = await serveInternalApi(internalApp(), { host: '127.0.0.1', port: 0 });
    const session = await connect(`/docker/containers/${id}/exec`, { port: other.port });
    await opened(session);
    const started = Date.now();
    await other.close(1_000);
    expect((await session.closed).code).toBe(1001);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await waitFor(() => docker.exec.active === 0)).toBe(true);
  });
});
