import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config';
import type { Engine } from '../docker/engine';
import { createLogger } from '../log';
import { removeTestContainers, testEngine, testImages, testName } from '../testing/engine';
import { deployProject } from './analyzer';
import type { ToolContext } from './tools/types';

let engine: Engine;
let ctx: ToolContext;
let root: string;
const name = testName();
const deploy = (folder: string) =>
  deployProject(folder, ctx, {
    allowedRoot: root,
    network: 'none',
    labels: { 'dev.homelab.test': 'true' },
    settleMs: 1_000,
  });

async function project(folder: string, files: Record<string, string>) {
  await mkdir(path.join(root, folder), { recursive: true });
  for (const [file, content] of Object.entries(files))
    await writeFile(path.join(root, folder, file), content);
}

beforeAll(async () => {
  engine = await testEngine();
  root = await mkdtemp(path.join(tmpdir(), 'projects-'));
  ctx = {
    engine,
    log: createLogger({ level: 'error' }),
    config: {} as Config,
    signal: new AbortController().signal,
    sql: (() => {
      throw new Error('deploying needs no database');
    }) as unknown as ToolContext['sql'],
  };
});

afterAll(async () => {
  await removeTestContainers(engine.docker, [name]);
  const images = await engine.docker.listImages({ filters: { label: [`dev.homelab.project=${name}`] } });
  for (const image of images)
    await engine.docker
      .getImage(image.Id)
      .remove({ force: true })
      .catch(() => {});
  engine.close();
  await rm(root, { recursive: true, force: true });
});

describe('deploying a project on the real engine', () => {
  it('builds its Dockerfile and starts it labelled as a managed project, without its .env in the image', async () => {
    await project(name, {
      Dockerfile: [
        `FROM ${testImages().busybox}`,
        'WORKDIR /app',
        'COPY . .',
        'USER 65534',
        `CMD ["sh", "-c", "ls -a /app; echo greeting=$GREETING; trap 'exit 0' TERM; while true; do sleep 1; done"]`,
      ].join('\n'),
      'index.txt': 'hello',
      '.env': 'GREETING=hi\n',
      '.env.production': 'API_TOKEN=abc\n',
    });

    const result = await deploy(name);

    expect(result).toMatchObject({ ok: true, summary: expect.stringContaining(`Deployed ${name}`) });
    const info = await engine.docker.getContainer(name).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.Config.Labels).toMatchObject({
      'dev.homelab.managed': 'true',
      'dev.homelab.project': name,
    });
    expect(info.Config.Image).toMatch(new RegExp(`homelab/${name}:\\d{14}$`));
    expect(info.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    const logs = (await engine.docker.getContainer(name).logs({ stdout: true, stderr: true })).toString();
    expect(logs).toContain('index.txt');
    expect(logs).toContain('greeting=hi');
    expect(logs).not.toContain('.env');
  });

  it('replaces the previous container of the same project', async () => {
    const before = await engine.docker.getContainer(name).inspect();

    expect(await deploy(name)).toMatchObject({ ok: true });

    const running = await engine.docker.listContainers({
      all: true,
      filters: { label: [`dev.homelab.project=${name}`] },
    });
    expect(running).toHaveLength(1);
    expect(running[0]!.Id).not.toBe(before.Id);
  });

  it('says why a build failed', async () => {
    const broken = `${name}-broken`;
    await project(broken, {
      Dockerfile: `FROM ${testImages().busybox}\nRUN echo "compiling"; exit 3\n`,
    });

    const result = await deploy(broken);

    expect(result).toMatchObject({
      ok: false,
      error: expect.stringContaining(`The image of ${broken} did not build`),
    });
  });

  it('deploys nothing outside the projects folder', async () => {
    expect(await deploy('../')).toMatchObject({
      ok: false,
      error: expect.stringContaining('outside the projects folder'),
    });
  });
});
