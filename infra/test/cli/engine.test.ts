/**
 * The CLI against a real engine (Podman's Docker API in CI): containers labelled as a compose project
 * are what `status` lists and `logs` reads, and an update whose new image fails its healthcheck is
 * rolled back to the image it replaced.
 */
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readLogs, serviceContainer } from '../../src/cli/homelab/logs';
import { projectContainers } from '../../src/cli/homelab/services';
import { runUpdate, updateExitCode } from '../../src/cli/homelab/update';
import type {} from '../setup/provided';

const project = `hlcli${process.pid}`;
const appReference = `localhost/${project}/app:stable`;
let docker: Dockerode;
let podman = false;
const madeImages: string[] = [];

type Spec = { service: string; image: string; cmd: string[]; healthcheck?: string };

async function createService(spec: Spec) {
  const container = await docker.createContainer({
    name: `${project}-${spec.service}-1`,
    Image: spec.image,
    Cmd: spec.cmd,
    Labels: {
      'com.docker.compose.project': project,
      'com.docker.compose.service': spec.service,
      'com.docker.compose.container-number': '1',
    },
    Healthcheck: spec.healthcheck
      ? { Test: ['CMD-SHELL', spec.healthcheck], Interval: 1_000_000_000, Retries: 1 }
      : undefined,
    HostConfig: { NetworkMode: 'none' },
  });
  await container.start();
  return container;
}

/** What `docker compose up -d <service>` does when the image behind its reference changed. */
async function recreate(service: string) {
  const [old] = await projectContainers(docker, project, service);
  if (!old) throw new Error(`no ${service} container`);
  const info = await docker.getContainer(old.id).inspect();
  await docker.getContainer(old.id).remove({ force: true });
  await createService({
    service,
    image: info.Config.Image,
    cmd: info.Config.Cmd as string[],
    healthcheck: (info.Config.Healthcheck?.Test as string[] | undefined)?.[1],
  });
}

async function removeProject() {
  for (const c of await projectContainers(docker, project)) {
    await docker.getContainer(c.id).remove({ force: true, v: true });
  }
}

beforeAll(async () => {
  docker = new Dockerode({ socketPath: inject('dockerHost').replace(/^unix:\/\//, '') });
  const version = await docker.version();
  podman = (version.Components ?? []).some((c) => /podman/i.test(c.Name));
  await removeProject();
});

afterAll(async () => {
  await removeProject();
  await docker
    .getImage(appReference)
    .remove({ force: true })
    .catch(() => {});
});

describe('status and logs of a compose project', () => {
  it('lists each service with its state and image, and reads its output', async () => {
    const busybox = inject('testImages').busybox;
    await createService({
      service: 'web',
      image: busybox,
      cmd: ['sh', '-c', 'echo web started; echo oops >&2; exec sleep 300'],
    });
    await createService({ service: 'job', image: busybox, cmd: ['sh', '-c', 'echo done'] });
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const services = await projectContainers(docker, project);
    expect(services.map((s) => [s.service, s.state])).toEqual([
      ['job', 'exited'],
      ['web', 'running'],
    ]);
    expect(services[1]?.image).toBe(busybox);
    expect(services[1]?.startedAt).not.toBeNull();

    const web = await serviceContainer(docker, project, 'web');
    const logs = await readLogs(docker, web.id, 100);
    expect(logs.stdout).toContain('web started');
    expect(logs.stderr).toContain('oops');
    await expect(serviceContainer(docker, project, 'nope')).rejects.toThrow(/No container of service "nope"/);
    await removeProject();
  });
});

describe('update rolls back when the new image fails its healthcheck', () => {
  async function buildStableImage() {
    // The stable image carries the file the service's healthcheck looks for; the "new" one lacks it.
    const maker = await docker.createContainer({
      Image: inject('testImages').busybox,
      Cmd: ['sh', '-c', 'touch /healthy'],
      HostConfig: { NetworkMode: 'none' },
    });
    await maker.start();
    await maker.wait();
    const committed = (await maker.commit({ repo: `localhost/${project}/app`, tag: 'stable' })) as {
      Id: string;
    };
    await maker.remove({ force: true });
    const id = (await docker.getImage(appReference).inspect()).Id ?? committed.Id;
    madeImages.push(id);
    return id;
  }

  it('retags the previous image, recreates the service and exits 5', async () => {
    const stableId = await buildStableImage();
    await createService({
      service: 'app',
      image: appReference,
      cmd: ['sleep', '300'],
      healthcheck: 'test -f /healthy',
    });
    const calls: string[] = [];
    const result = await runUpdate({
      docker,
      podman,
      project,
      migrate: true,
      healthTimeoutMs: 20_000,
      healthIntervalMs: 500,
      actions: {
        async pull(services) {
          calls.push(`pull ${services.join(',')}`);
          const fresh = await docker.getImage(inject('testImages').busybox).inspect();
          await docker.getImage(fresh.Id).tag({ repo: `localhost/${project}/app`, tag: 'stable' });
        },
        async migrate() {
          calls.push('migrate');
        },
        async restart(services, { force }) {
          calls.push(`restart ${services.join(',')}${force ? ' --force' : ''}`);
          for (const service of services) await recreate(service);
        },
      },
    });

    expect(calls).toEqual(['pull app', 'migrate', 'restart app', 'restart app --force']);
    expect(result.outcome).toBe('rolled-back');
    expect(updateExitCode(result.outcome)).toBe(5);
    expect(result.health[0]?.status).toBe('failed');
    expect(result.rollbackHealth?.[0]?.status).toBe('healthy');
    const [app] = await projectContainers(docker, project, 'app');
    expect(app?.imageId).toBe(stableId);
    expect((await docker.getImage(appReference).inspect()).Id).toBe(stableId);
    await removeProject();
  });

  it('keeps the new image when it passes the health gate', async () => {
    await buildStableImage();
    await createService({ service: 'app', image: appReference, cmd: ['sleep', '300'], healthcheck: 'true' });
    const busyboxId = (await docker.getImage(inject('testImages').busybox).inspect()).Id;
    const result = await runUpdate({
      docker,
      podman,
      project,
      migrate: false,
      healthTimeoutMs: 20_000,
      healthIntervalMs: 500,
      actions: {
        pull: () => docker.getImage(busyboxId).tag({ repo: `localhost/${project}/app`, tag: 'stable' }),
        migrate: async () => {},
        restart: async (services) => {
          for (const service of services) await recreate(service);
        },
      },
    });
    expect(result.outcome).toBe('updated');
    expect(updateExitCode(result.outcome)).toBe(0);
    expect(result.changes.map((c) => [c.service, c.to])).toEqual([['app', busyboxId]]);
    const [app] = await projectContainers(docker, project, 'app');
    expect(app?.imageId).toBe(busyboxId);
    await removeProject();
  });
});
