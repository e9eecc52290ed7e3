/**
 * Volumes in a system backup, on the real engine (Podman): a helper container tars the volume
 * read-only into the archive, and the tar holds the volume's files as they were.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {} from '../../../infra/test/setup/provided';
import type { Engine } from '../docker/engine';
import { testEngine, testImages, testName } from '../testing/engine';
import { createBackup } from './backup';
import { createDatabase, dropDatabase, unpackArchive } from './restore';
import { localTarget } from './targets';
import { dumpVolume } from './volumes';

let engine: Engine;
let docker: Dockerode;
let dir: string;
const volume = testName('hlt-sb');

beforeAll(async () => {
  engine = await testEngine();
  docker = engine.docker;
  dir = await mkdtemp(path.join(tmpdir(), 'sysbackup-volume-'));
  await docker.createVolume({ Name: volume, Labels: { 'dev.homelab.test': 'true' } });
  const writer = await docker.createContainer({
    Image: testImages().busybox,
    Cmd: [
      'sh',
      '-c',
      'mkdir -p /data/sub && printf "hello volume" > /data/a.txt && printf "ü" > /data/sub/b.txt',
    ],
    Labels: { 'dev.homelab.test': 'true' },
    HostConfig: { NetworkMode: 'none', Binds: [`${volume}:/data`] },
  });
  await writer.start();
  await writer.wait();
  await writer.remove({ force: true });
});

afterAll(async () => {
  await docker
    .getVolume(volume)
    .remove({ force: true })
    .catch(() => {});
  engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('dumpVolume', () => {
  it("tars the volume's files through a short-lived helper container, and leaves no container behind", async () => {
    const out = path.join(dir, 'volume.tar');
    await dumpVolume(docker, volume, out, { image: testImages().busybox });
    const unpacked = path.join(dir, 'unpacked');
    await mkdir(unpacked);
    execFileSync('tar', ['-xf', out, '-C', unpacked]);
    expect(await readFile(path.join(unpacked, 'a.txt'), 'utf8')).toBe('hello volume');
    expect(await readFile(path.join(unpacked, 'sub/b.txt'), 'utf8')).toBe('ü');
    const helpers = await docker.listContainers({
      all: true,
      filters: { label: ['homelab.role=system-backup-helper'] },
    });
    expect(helpers).toEqual([]);
  });

  it('puts the volume into a backup archive, listed in the manifest and checked on unpack', async () => {
    const adminUrl = inject('adminUrl');
    const source = `${inject('runPrefix')}_sbvol_${randomBytes(3).toString('hex')}`;
    const url = await createDatabase(adminUrl, source);
    try {
      const backup = await createBackup({
        databaseUrl: url,
        volumes: [volume],
        docker,
        helperImage: testImages().busybox,
        target: localTarget(path.join(dir, 'archives')),
        dir: path.join(dir, 'archives'),
      });
      expect(backup.manifest.volumes).toEqual([{ name: volume, part: `volumes/${volume}.tar` }]);
      const unpacked = await unpackArchive(path.join(dir, 'archives', backup.name), dir);
      const files = path.join(dir, 'from-archive');
      await mkdir(files);
      execFileSync('tar', ['-xf', path.join(unpacked.dir, `volumes/${volume}.tar`), '-C', files]);
      expect(await readFile(path.join(files, 'a.txt'), 'utf8')).toBe('hello volume');
    } finally {
      await dropDatabase(adminUrl, source);
    }
  });

  it('names a volume that does not exist', async () => {
    await expect(
      dumpVolume(docker, `${volume}-missing`, path.join(dir, 'missing.tar'), { image: testImages().busybox }),
    ).rejects.toThrow(/does not exist/);
  });
});
