/**
 * The real container engine for runner tests (Podman's Docker API unless DOCKER_HOST says
 * otherwise, started by the root global setup), and containers that clean up after themselves.
 * Every test container is named `hlt-<suffix>` and labelled dev.homelab.test=true.
 */
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { inject } from 'vitest';
import { createEngine, type Engine } from '../docker/engine';
import { createLogger } from '../log';

export function testDockerHost(): string {
  return process.env.DOCKER_HOST || inject('dockerHost');
}

export function testImages() {
  return inject('testImages');
}

/** A connected engine; close it in afterAll. */
export async function testEngine(): Promise<Engine> {
  const engine = createEngine({ host: testDockerHost(), log: createLogger({ level: 'error' }) });
  const state = await engine.waitConnected(10_000);
  if (state.status !== 'connected') throw new Error(`test engine unreachable: ${JSON.stringify(state)}`);
  return engine;
}

export const testName = (prefix = 'hlt') => `${prefix}-${randomBytes(4).toString('hex')}`;

export type TestContainerOptions = {
  name?: string;
  image?: string;
  cmd?: string[];
  env?: string[];
  labels?: Record<string, string>;
  tty?: boolean;
  start?: boolean;
  healthcheck?: Dockerode.ContainerCreateOptions['Healthcheck'];
};

/** Creates (and by default starts) a busybox container on no network; remove it with removeTestContainers(). */
export async function runTestContainer(docker: Dockerode, options: TestContainerOptions = {}) {
  const name = options.name ?? testName();
  const container = await docker.createContainer({
    name,
    Image: options.image ?? testImages().busybox,
    Cmd: options.cmd ?? ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'],
    Env: options.env,
    Tty: options.tty ?? false,
    Labels: { 'dev.homelab.test': 'true', ...options.labels },
    Healthcheck: options.healthcheck,
    HostConfig: { NetworkMode: 'none' },
  });
  if (options.start ?? true) await container.start();
  return { id: container.id, name, container };
}

/** Removes every test container (by label), whatever state it is in. */
export async function removeTestContainers(docker: Dockerode, names?: string[]) {
  const all = await docker.listContainers({ all: true, filters: { label: ['dev.homelab.test=true'] } });
  await Promise.all(
    all
      .filter((info) => !names || info.Names.some((n) => names.includes(n.replace(/^\//, ''))))
      .map((info) =>
        docker
          .getContainer(info.Id)
          .remove({ force: true, v: true })
          .catch(() => {}),
      ),
  );
}
