import { containerDetailSchema, containerListSchema, containerSummarySchema } from '@homelab/db/docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { caller } from '../testing/docker-routes';
import { removeTestContainers, runTestContainer, testEngine, testName } from '../testing/engine';
import { waitFor } from '../testing/helpers';
import type { Engine } from './engine';
import { openDocker } from './service';

describe('container routes on the real engine', () => {
  let engine: Engine;
  let docker: ReturnType<typeof openDocker>;
  let call: ReturnType<typeof caller>;
  const names: string[] = [];
  const track = (name: string) => {
    names.push(name);
    return name;
  };

  beforeAll(async () => {
    engine = await testEngine();
    docker = openDocker(engine, createLogger({ level: 'error' }));
    await docker.deps.inventory.ready();
    call = caller(docker.handle.routes);
  });

  afterAll(async () => {
    await removeTestContainers(engine.docker, names);
    docker.handle.stop();
    engine.close();
  });

  it('lists containers from the inventory and inspects one live by id, prefix or name', async () => {
    const { id, name } = await runTestContainer(engine.docker, { name: track(testName()) });
    await waitFor(() => docker.deps.inventory.get(id)?.state === 'running');

    const list = await call('/containers');
    expect(list.status).toBe(200);
    const parsed = containerListSchema.parse(list.body);
    expect(parsed.engine.status).toBe('connected');
    const mine = parsed.containers.find((c) => c.id === id);
    expect(mine).toMatchObject({ name, state: 'running', health: 'none' });
    expect(mine?.status).toMatch(/^Up /);

    for (const ref of [id, id.slice(0, 12), name]) {
      const detail = await call(`/containers/${ref}`);
      expect(detail.status).toBe(200);
      const body = containerDetailSchema.parse(detail.body);
      expect(body.container.id).toBe(id);
      expect(body.inspect.Id).toBe(id);
    }
  });

  it('answers 404 for an unknown container and 400 for a malformed reference', async () => {
    const missing = await call('/containers/hlt-does-not-exist');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    const short = await call('/containers/ab');
    expect(short.status).toBe(404);
    const bad = await call(`/containers/${encodeURIComponent('a;rm -rf /')}`);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
    const action = await call('/containers/hlt-does-not-exist/stop', { method: 'POST' });
    expect(action.status).toBe(404);
    const verb = await call('/containers/hlt-does-not-exist/explode', { method: 'POST' });
    expect([verb.status, verb.body.error.message]).toEqual([400, expect.stringMatching(/action/)]);
  });

  it('runs every action, refusing those that do not fit with 409 wrong_state', async () => {
    const { id } = await runTestContainer(engine.docker, { name: track(testName()) });
    const act = async (action: string) => call(`/containers/${id}/${action}`, { method: 'POST' });
    const state = (res: Awaited<ReturnType<typeof act>>) =>
      containerSummarySchema.parse((res.body as { container: unknown }).container).state;

    const again = await act('start');
    expect([again.status, again.body.error.code, again.body.error.message]).toEqual([
      409,
      'wrong_state',
      'The container is already running.',
    ]);
    expect(state(await act('pause'))).toBe('paused');
    expect((await act('pause')).status).toBe(409);
    expect(state(await act('unpause'))).toBe('running');
    expect((await act('unpause')).status).toBe(409);
    expect(state(await act('restart'))).toBe('running');
    expect(state(await act('stop'))).toBe('exited');
    const stopAgain = await act('stop');
    expect([stopAgain.status, stopAgain.body.error.message]).toEqual([409, 'The container is not running.']);
    expect((await act('kill')).status).toBe(409);
    expect((await act('pause')).status).toBe(409);
    expect(state(await act('start'))).toBe('running');
    expect(state(await act('kill'))).not.toBe('running');
    // Stop from paused works: the runner thaws it first.
    expect(state(await act('start'))).toBe('running');
    expect(state(await act('pause'))).toBe('paused');
    expect(state(await act('stop'))).toBe('exited');
  });

  it('renames with a valid name, and refuses shell metacharacters without touching anything', async () => {
    const { id } = await runTestContainer(engine.docker, { name: track(testName()), start: false });
    const before = (await engine.docker.listContainers({ all: true })).length;
    const bad = await call(`/containers/${id}/rename`, { method: 'POST', json: { name: 'a;rm -rf /' } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
    expect(bad.body.error.message).toMatch(/name/);
    expect((await engine.docker.listContainers({ all: true })).length).toBe(before);
    expect((await engine.docker.getContainer(id).inspect()).Name).not.toContain(';');

    const next = track(testName());
    const renamed = await call(`/containers/${id}/rename`, { method: 'POST', json: { name: next } });
    expect(renamed.status).toBe(200);
    expect(containerSummarySchema.parse(renamed.body.container).name).toBe(next);
    expect(docker.deps.inventory.get(next)?.id).toBe(id);
  });

  it('removes a stopped container, and a running one only with force', async () => {
    const { id } = await runTestContainer(engine.docker, { name: track(testName()) });
    const unconfirmed = await call(`/containers/${id}`, { method: 'DELETE', json: {} });
    expect([unconfirmed.status, unconfirmed.body.error.message]).toEqual([
      400,
      expect.stringMatching(/confirm/),
    ]);
    const refused = await call(`/containers/${id}`, { method: 'DELETE', json: { confirm: true } });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'wrong_state']);
    const forced = await call(`/containers/${id}`, {
      method: 'DELETE',
      json: { confirm: true, force: true },
    });
    expect(forced.status).toBe(204);
    expect(docker.deps.inventory.get(id)).toBeUndefined();
    expect((await call(`/containers/${id}`)).status).toBe(404);

    const stopped = await runTestContainer(engine.docker, { name: track(testName()), start: false });
    const removed = await call(`/containers/${stopped.id}`, {
      method: 'DELETE',
      json: { confirm: true, volumes: true },
    });
    expect(removed.status).toBe(204);
  });
});
