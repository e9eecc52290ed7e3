import { containerListSchema, type DockerEvent } from '@homelab/db/docker';
import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { caller } from '../testing/docker-routes';
import { waitFor } from '../testing/helpers';
import type { Engine, EngineEvent, EngineState } from './engine';
import { createInventory } from './inventory';
import { openDocker } from './service';

const log = createLogger({ level: 'error' });

function inspectDoc(n: number, status = 'running') {
  const id = n.toString(16).padStart(64, '0');
  return {
    Id: id,
    Name: `/c${n}`,
    Created: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    Path: 'sleep',
    Args: ['1000'],
    Image: 'sha256:abc',
    RestartCount: 0,
    State: {
      Status: status,
      ExitCode: 0,
      StartedAt: '2026-01-01T00:00:00Z',
      FinishedAt: '0001-01-01T00:00:00Z',
    },
    Config: { Image: 'busybox', Labels: {} },
    NetworkSettings: { Ports: {}, Networks: {} },
    Mounts: [],
  } as unknown as Dockerode.ContainerInspectInfo;
}

/** Our own Engine contract over an in-memory container table, counting what the inventory asks. */
function stubEngine(count: number) {
  const containers = new Map<string, Dockerode.ContainerInspectInfo>();
  for (let n = 1; n <= count; n++) {
    const doc = inspectDoc(n);
    containers.set(doc.Id, doc);
  }
  const calls = { list: 0, inspect: 0 };
  let gate: Promise<void> | null = null;
  const events = new Set<(event: EngineEvent) => void>();
  const state: EngineState = {
    status: 'connected',
    since: '',
    version: '4',
    apiVersion: '1.41',
    engine: 'docker',
  };
  const docker = {
    async listContainers() {
      calls.list += 1;
      return [...containers.values()].map((doc) => ({ Id: doc.Id }));
    },
    getContainer: (id: string) => ({
      async inspect() {
        calls.inspect += 1;
        const doc = containers.get(id);
        if (gate) await gate;
        if (!doc) throw Object.assign(new Error('no such container'), { statusCode: 404 });
        return doc;
      },
    }),
  } as unknown as Dockerode;
  const engine: Engine = {
    docker,
    state: () => state,
    require: () => docker,
    onEvent(listener) {
      events.add(listener);
      return () => events.delete(listener);
    },
    onState: () => () => {},
    waitConnected: async () => state,
    close() {},
  };
  const emit = (id: string, Action: string) => {
    for (const listener of events)
      listener({ Type: 'container', Action, Actor: { ID: id }, time: Date.now() / 1000 });
  };
  return {
    engine,
    containers,
    calls,
    emit,
    hold() {
      let open = () => {};
      gate = new Promise((resolve) => {
        open = resolve;
      });
      return () => {
        gate = null;
        open();
      };
    },
  };
}

describe('inventory', () => {
  it('serves 200 containers from memory: the list route never calls the engine', async () => {
    const stub = stubEngine(200);
    const docker = openDocker(stub.engine, log);
    await docker.deps.inventory.ready();
    expect(stub.calls).toEqual({ list: 1, inspect: 200 });
    const call = caller(docker.handle.routes);
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      const res = await call('/containers');
      times.push(performance.now() - started);
      expect(containerListSchema.parse(res.body).containers).toHaveLength(200);
    }
    expect(stub.calls).toEqual({ list: 1, inspect: 200 });
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length * 0.95)]).toBeLessThan(300);
    expect(docker.deps.inventory.list()[0]?.name).toBe('c200');
    docker.handle.stop();
  });

  it('finds a container by id, 12+ character prefix or name, never by a short prefix', async () => {
    const stub = stubEngine(3);
    const inventory = createInventory({ engine: stub.engine, log });
    await inventory.ready();
    const id = inspectDoc(2).Id;
    expect(inventory.get(id)?.name).toBe('c2');
    expect(inventory.get(id.slice(0, 12))).toBeUndefined(); // 0000000000000… matches all three
    expect(inventory.get('c2')?.id).toBe(id);
    expect(inventory.get('/c2')?.id).toBe(id);
    expect(inventory.get(id.slice(0, 5))).toBeUndefined();
    inventory.close();
  });

  it('coalesces a burst of events into one inspect and one change, and drops removed ones at once', async () => {
    const stub = stubEngine(2);
    const inventory = createInventory({ engine: stub.engine, log, coalesceMs: 20 });
    await inventory.ready();
    const seen: DockerEvent[] = [];
    inventory.subscribe((event) => seen.push(event));
    const id = inspectDoc(1).Id;
    const before = stub.calls.inspect;
    stub.containers.set(id, inspectDoc(1, 'exited'));
    for (const action of ['kill', 'die', 'stop', 'cleanup']) stub.emit(id, action);
    stub.emit(id, 'exec_start: sh');
    expect(await waitFor(() => seen.length > 0)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stub.calls.inspect - before).toBe(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      type: 'container',
      action: 'cleanup',
      id,
      container: { state: 'exited' },
    });

    stub.containers.delete(id);
    stub.emit(id, 'remove');
    expect(inventory.get(id)).toBeUndefined();
    expect(seen[1]).toMatchObject({ action: 'remove', id, name: 'c1', container: null });
    expect(stub.calls.inspect - before).toBe(1);
    inventory.close();
  });

  it('does not let a resync that started earlier bring back a container an event removed', async () => {
    const stub = stubEngine(2);
    const inventory = createInventory({ engine: stub.engine, log });
    await inventory.ready();
    const id = inspectDoc(1).Id;
    const release = stub.hold();
    const resync = inventory.refresh();
    expect(await waitFor(() => stub.calls.inspect >= 4)).toBe(true);
    // Removed while the resync's inspect (which still saw it) was in flight.
    stub.containers.delete(id);
    stub.emit(id, 'destroy');
    release();
    await resync;
    expect(inventory.get(id)).toBeUndefined();
    expect(inventory.size).toBe(1);
    inventory.close();
  });
});
