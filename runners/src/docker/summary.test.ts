import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { humanDuration, normalizeState, statusLine, summaryFromInspect, summaryFromList } from './summary';

const inspect = {
  Id: 'a'.repeat(64),
  Name: '/web',
  Created: '2026-01-01T00:00:00.000Z',
  Path: 'nginx',
  Args: ['-g', 'daemon off;'],
  Image: 'sha256:feed',
  RestartCount: 2,
  State: {
    Status: 'running',
    Running: true,
    ExitCode: 0,
    StartedAt: '2026-01-01T00:00:05.000Z',
    FinishedAt: '0001-01-01T00:00:00Z',
    Health: { Status: 'healthy' },
  },
  Config: {
    Image: 'nginx:1.27',
    Labels: {
      'com.docker.compose.project': 'site',
      'com.docker.compose.service': 'web',
      'dev.homelab.managed': 'true',
    },
  },
  NetworkSettings: {
    Ports: { '443/tcp': null, '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] },
    Networks: { site_default: {}, bridge: {} },
  },
  Mounts: [{ Type: 'volume', Name: 'data', Source: '/var/lib/x', Destination: '/data', RW: false }],
} as unknown as Dockerode.ContainerInspectInfo;

describe('summaryFromInspect', () => {
  it('maps the inspect document to the summary shape', () => {
    const summary = summaryFromInspect(inspect);
    expect(summary).toMatchObject({
      id: 'a'.repeat(64),
      name: 'web',
      image: 'nginx:1.27',
      imageId: 'sha256:feed',
      command: 'nginx -g daemon off;',
      state: 'running',
      health: 'healthy',
      startedAt: '2026-01-01T00:00:05.000Z',
      finishedAt: null,
      exitCode: null,
      restartCount: 2,
      project: 'site',
      service: 'web',
      managed: true,
      networks: ['bridge', 'site_default'],
      ports: [
        { privatePort: 80, publicPort: 8080, ip: '0.0.0.0', protocol: 'tcp' },
        { privatePort: 443, publicPort: null, ip: null, protocol: 'tcp' },
      ],
      mounts: [{ type: 'volume', name: 'data', source: '/var/lib/x', destination: '/data', readOnly: true }],
    });
    expect(summary.status).toMatch(/^Up .* \(healthy\)$/);
  });

  it('reads Podman quirks: empty health, no networks, libpod states', () => {
    const podman = {
      ...inspect,
      State: {
        Status: 'stopped',
        ExitCode: 137,
        StartedAt: '2026-01-01T00:00:05Z',
        FinishedAt: '2026-01-01T00:01:00Z',
        Health: { Status: '' },
      },
      Config: { Image: 'busybox', Labels: null },
      NetworkSettings: { Ports: {}, Networks: {} },
      Mounts: [],
    } as unknown as Dockerode.ContainerInspectInfo;
    const summary = summaryFromInspect(podman);
    expect(summary).toMatchObject({
      state: 'exited',
      exitCode: 137,
      health: 'none',
      project: null,
      managed: false,
      networks: [],
      ports: [],
    });
    expect(normalizeState('configured')).toBe('created');
    expect(normalizeState('weird')).toBe('dead');
  });
});

describe('summaryFromList', () => {
  it('keeps what a list row knows', () => {
    const summary = summaryFromList({
      Id: 'b'.repeat(64),
      Names: ['/db'],
      Image: 'postgres:16',
      ImageID: 'sha256:beef',
      Command: 'postgres',
      Created: 1_767_225_600,
      Ports: [{ PrivatePort: 5432, PublicPort: 5433, IP: '127.0.0.1', Type: 'tcp' }],
      Labels: {},
      State: 'exited',
      Status: 'Exited (1) 2 hours ago',
      NetworkSettings: { Networks: {} },
      Mounts: [],
    } as unknown as Dockerode.ContainerInfo);
    expect(summary).toMatchObject({
      name: 'db',
      state: 'exited',
      exitCode: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      ports: [{ privatePort: 5432, publicPort: 5433, ip: '127.0.0.1', protocol: 'tcp' }],
    });
  });
});

describe('statusLine', () => {
  const base = summaryFromInspect(inspect);
  const now = Date.parse('2026-01-01T03:00:05.000Z');
  it('reads like docker ps', () => {
    expect(statusLine(base, now)).toBe('Up 3 hours (healthy)');
    expect(statusLine({ ...base, state: 'paused' }, now)).toBe('Up 3 hours (Paused)');
    expect(
      statusLine({ ...base, state: 'exited', exitCode: 0, finishedAt: '2026-01-01T02:59:00.000Z' }, now),
    ).toBe('Exited (0) About a minute ago');
    expect(statusLine({ ...base, state: 'created' }, now)).toBe('Created');
  });
  it('humanDuration follows go-units', () => {
    expect(humanDuration(500)).toBe('Less than a second');
    expect(humanDuration(1_000)).toBe('1 second');
    expect(humanDuration(45_000)).toBe('45 seconds');
    expect(humanDuration(90_000)).toBe('About a minute');
    expect(humanDuration(10 * 60_000)).toBe('10 minutes');
    expect(humanDuration(60 * 60_000)).toBe('About an hour');
    expect(humanDuration(5 * 3_600_000)).toBe('5 hours');
    expect(humanDuration(3 * 86_400_000)).toBe('3 days');
    expect(humanDuration(21 * 86_400_000)).toBe('3 weeks');
    expect(humanDuration(90 * 86_400_000)).toBe('3 months');
    expect(humanDuration(800 * 86_400_000)).toBe('2 years');
  });
});
