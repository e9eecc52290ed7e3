import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { emptyContainerMap, readContainers, twingateStatus } from './containers';

function fakeDocker(containers: Partial<Dockerode.ContainerInfo>[], inspect: Record<string, unknown>) {
  return {
    listContainers: async () => containers,
    getContainer: (id: string) => ({ inspect: async () => inspect[id] }),
  } as unknown as Dockerode;
}

describe('readContainers', () => {
  it('maps published host ports, host-network pids and the Twingate connector', async () => {
    const map = await readContainers(
      fakeDocker(
        [
          {
            Id: 'web1',
            Names: ['/web'],
            Image: 'nginx:1',
            State: 'running',
            Ports: [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }],
            HostConfig: { NetworkMode: 'bridge' },
          },
          {
            Id: 'ha1',
            Names: ['/homeassistant'],
            Image: 'ha:1',
            State: 'running',
            Ports: [],
            HostConfig: { NetworkMode: 'host' },
          },
          {
            Id: 'tg1',
            Names: ['/twingate'],
            Image: 'twingate/connector:1',
            State: 'running',
            Ports: [],
            HostConfig: { NetworkMode: 'bridge' },
          },
          {
            Id: 'old',
            Names: ['/old'],
            Image: 'x',
            State: 'exited',
            Ports: [{ IP: '', PrivatePort: 1, PublicPort: 9999, Type: 'tcp' }],
            HostConfig: { NetworkMode: 'bridge' },
          },
        ],
        {
          ha1: { State: { Pid: 4242 } },
          tg1: { State: { Pid: 1, StartedAt: '2026-11-29T10:00:00Z', Health: { Status: 'healthy' } } },
        },
      ),
    );
    expect(map.byPublishedPort.get('tcp/8080')).toEqual({ id: 'web1', name: 'web', image: 'nginx:1' });
    expect(map.byPublishedPort.has('tcp/9999')).toBe(false);
    expect(map.byHostPid.get(4242)?.name).toBe('homeassistant');
    expect(await twingateStatus(map)).toEqual({
      present: true,
      state: 'running (healthy)',
      container: { id: 'tg1', name: 'twingate', image: 'twingate/connector:1' },
      lastSeen: '2026-11-29T10:00:00Z',
    });
  });
});

describe('twingateStatus without a container', () => {
  it('reads the systemd unit when it is installed', async () => {
    const run = async () =>
      'LoadState=loaded\nActiveState=active\nActiveEnterTimestamp=Sun 2026-11-29 14:00:00 UTC\n';
    expect(await twingateStatus(emptyContainerMap(), run)).toEqual({
      present: true,
      state: 'active',
      service: 'twingate-connector',
      lastSeen: '2026-11-29T14:00:00.000Z',
    });
  });

  it('is absent when the unit is not installed or systemctl is missing', async () => {
    expect(
      await twingateStatus(emptyContainerMap(), async () => 'LoadState=not-found\nActiveState=inactive\n'),
    ).toEqual({
      present: false,
      state: null,
    });
    const missing = async () => {
      throw new Error('spawn systemctl ENOENT');
    };
    expect(await twingateStatus(emptyContainerMap(), missing)).toEqual({ present: false, state: null });
  });
});
