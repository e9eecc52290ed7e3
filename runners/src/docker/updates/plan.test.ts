import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import {
  healthVerdict,
  namedVolumes,
  recreateOptions,
  rollbackName,
  rollbackPlan,
  snapshotName,
  stamp,
  updatableTag,
} from './plan';

const health = { timeoutMs: 60_000, stableMs: 10_000 };

describe('names', () => {
  it('stamps snapshots and the kept container with a sortable UTC time, within 128 characters', () => {
    const at = stamp(new Date('2026-11-29T15:30:07.123Z'));
    expect(at).toBe('20261129T153007Z');
    expect(snapshotName('app_data', at)).toBe('app_data-snap-20261129T153007Z');
    expect(rollbackName('app', at)).toBe('app-rollback-20261129T153007Z');
    const long = snapshotName('v'.repeat(128), at);
    expect(long).toHaveLength(128);
    expect(long.endsWith(`-snap-${at}`)).toBe(true);
  });

  it('snapshots named volumes once each, not bind mounts', () => {
    const mounts = [
      { Type: 'volume', Name: 'db', Source: '', Destination: '/var/lib/db' },
      { Type: 'bind', Source: '/srv/config', Destination: '/config' },
      { Type: 'volume', Name: 'db', Source: '', Destination: '/backup' },
    ] as unknown as Dockerode.ContainerInspectInfo['Mounts'];
    expect(namedVolumes(mounts)).toEqual(['db']);
  });
});

describe('updatableTag', () => {
  it('updates a tag, never an image id or a digest', () => {
    expect(updatableTag('nginx:1.27')).toBe('nginx:1.27');
    expect(updatableTag('ghcr.io/owner/app:latest')).toBe('ghcr.io/owner/app:latest');
    expect(updatableTag(`sha256:${'a'.repeat(64)}`)).toBeNull();
    expect(updatableTag('a'.repeat(64))).toBeNull();
    expect(updatableTag(`nginx@sha256:${'b'.repeat(64)}`)).toBeNull();
    expect(updatableTag(undefined)).toBeNull();
  });
});

describe('recreateOptions', () => {
  const inspect = {
    Id: 'abcdef1234567890',
    Name: '/web',
    Image: 'sha256:old',
    Config: {
      Image: 'nginx:1.27',
      Hostname: 'abcdef123456',
      Env: ['PATH=/usr/bin', 'NGINX_VERSION=1.27.0', 'SITE=home'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      Labels: { maintainer: 'nginx', 'com.docker.compose.service': 'web' },
      Tty: false,
      OpenStdin: false,
    },
    HostConfig: {
      NetworkMode: 'homelab',
      RestartPolicy: { Name: 'unless-stopped' },
      Binds: ['site:/usr/share/nginx'],
    },
    NetworkSettings: { Networks: { homelab: { Aliases: ['web', 'abcdef123456'] } } },
  } as unknown as Dockerode.ContainerInspectInfo;
  const oldImage = {
    Env: ['PATH=/usr/bin', 'NGINX_VERSION=1.27.0'],
    Cmd: ['nginx', '-g', 'daemon off;'],
    Labels: { maintainer: 'nginx' },
  };

  it("keeps the container's own settings and lets the new image's defaults replace the old image's", () => {
    const options = recreateOptions(inspect, oldImage, 'nginx:1.27');
    expect(options).toMatchObject({
      name: 'web',
      Image: 'nginx:1.27',
      Env: ['SITE=home'],
      Labels: { 'com.docker.compose.service': 'web' },
      HostConfig: inspect.HostConfig,
      NetworkingConfig: { EndpointsConfig: { homelab: { Aliases: ['web'] } } },
    });
    expect(options).not.toHaveProperty('Cmd');
    expect(options).not.toHaveProperty('Hostname');
  });

  it('keeps a command, hostname and healthcheck the container set itself', () => {
    const own = {
      ...inspect,
      Config: {
        ...inspect.Config,
        Cmd: ['nginx', '-c', '/etc/custom.conf'],
        Hostname: 'www',
        Healthcheck: { Test: ['CMD', 'true'] },
      },
    } as unknown as Dockerode.ContainerInspectInfo;
    expect(recreateOptions(own, oldImage, 'nginx:1.27')).toMatchObject({
      Cmd: ['nginx', '-c', '/etc/custom.conf'],
      Hostname: 'www',
      Healthcheck: { Test: ['CMD', 'true'] },
    });
  });

  it("mounts the old container's anonymous volumes into the new one, so their data stays", () => {
    const withImageVolume = {
      ...inspect,
      Mounts: [
        { Type: 'volume', Name: 'site', Destination: '/usr/share/nginx' },
        { Type: 'volume', Name: '3f9a1c', Destination: '/var/cache/nginx' },
      ],
    } as unknown as Dockerode.ContainerInspectInfo;
    expect(recreateOptions(withImageVolume, oldImage, 'nginx:1.27').HostConfig).toEqual({
      ...inspect.HostConfig,
      Mounts: [{ Type: 'volume', Source: '3f9a1c', Target: '/var/cache/nginx' }],
    });
  });

  it('adds no network settings for a container on no network', () => {
    const isolated = {
      ...inspect,
      HostConfig: { NetworkMode: 'none' },
      NetworkSettings: { Networks: { none: {} } },
    } as unknown as Dockerode.ContainerInspectInfo;
    expect(recreateOptions(isolated, oldImage, 'nginx:1.27')).not.toHaveProperty('NetworkingConfig');
  });
});

describe('healthVerdict', () => {
  const running = { Running: true, Status: 'running' };

  it('waits for a healthcheck to say healthy, and fails on unhealthy with its output', () => {
    expect(healthVerdict({ ...running, Health: { Status: 'starting' } }, 0, true, 1_000, health)).toEqual({
      verdict: 'waiting',
    });
    expect(healthVerdict({ ...running, Health: { Status: 'healthy' } }, 0, true, 1_000, health)).toEqual({
      verdict: 'healthy',
    });
    const unhealthy = healthVerdict(
      { ...running, Health: { Status: 'unhealthy', Log: [{ Output: 'connection refused\n' }] } },
      0,
      true,
      1_000,
      health,
    );
    expect(unhealthy).toEqual({ verdict: 'failed', reason: 'The healthcheck failed: connection refused' });
  });

  it('fails a healthcheck that never passes in time', () => {
    const late = healthVerdict({ ...running, Health: { Status: 'starting' } }, 0, true, 60_000, health);
    expect(late).toMatchObject({ verdict: 'failed', reason: expect.stringMatching(/within 60 s/) });
  });

  it('without a healthcheck, needs the container to keep running without restarts', () => {
    expect(healthVerdict(running, 0, false, 5_000, health)).toEqual({ verdict: 'waiting' });
    expect(healthVerdict(running, 0, false, 10_000, health)).toEqual({ verdict: 'healthy' });
    expect(healthVerdict(running, 1, false, 10_000, health)).toMatchObject({ verdict: 'failed' });
    expect(healthVerdict({ Running: false, ExitCode: 3 }, 0, false, 2_000, health)).toEqual({
      verdict: 'failed',
      reason: 'The new container stopped (exit code 3).',
    });
  });
});

describe('rollbackPlan', () => {
  const none = { stopped: false, renamed: false, created: false, started: false };

  it('has nothing to undo when the update failed before the container was stopped', () => {
    expect(rollbackPlan(none, 0)).toEqual([]);
  });

  it('restarts the old container when only the stop and the snapshots happened', () => {
    expect(rollbackPlan({ ...none, stopped: true }, 2)).toEqual(['start-old']);
  });

  it('leaves the volumes alone when the new container was created but never ran', () => {
    expect(rollbackPlan({ stopped: true, renamed: true, created: true, started: false }, 1)).toEqual([
      'remove-new',
      'rename-old-back',
      'start-old',
    ]);
  });

  it('restores the volumes before the old container starts once the new one has run', () => {
    expect(rollbackPlan({ stopped: true, renamed: true, created: true, started: true }, 1)).toEqual([
      'remove-new',
      'restore-volumes',
      'rename-old-back',
      'start-old',
    ]);
  });
});
