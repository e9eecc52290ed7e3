import type { ContainerSummary } from '@homelab/db/docker';
import { describe, expect, it } from 'vitest';
import { composeLabels, groupStacks, stackStatus } from './compose-project';

function container(id: string, fields: Partial<ContainerSummary>): ContainerSummary {
  return {
    id,
    name: id,
    image: 'busybox',
    imageId: 'sha256:1',
    command: 'sh',
    state: 'running',
    status: 'Up',
    health: 'none',
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    exitCode: null,
    restartCount: 0,
    ports: [],
    project: null,
    service: null,
    managed: false,
    networks: [],
    mounts: [],
    ...fields,
  };
}

describe('composeLabels', () => {
  it('reads project, service, working dir and the comma-separated config files', () => {
    expect(
      composeLabels({
        'com.docker.compose.project': 'media',
        'com.docker.compose.service': 'jellyfin',
        'com.docker.compose.project.working_dir': '/opt/stacks/media',
        'com.docker.compose.project.config_files':
          '/opt/stacks/media/compose.yaml, /opt/stacks/media/compose.override.yaml,',
      }),
    ).toEqual({
      project: 'media',
      service: 'jellyfin',
      workingDir: '/opt/stacks/media',
      configFiles: ['/opt/stacks/media/compose.yaml', '/opt/stacks/media/compose.override.yaml'],
    });
  });

  it("takes podman-compose's project label when Docker's is missing", () => {
    expect(composeLabels({ 'io.podman.compose.project': 'pods' }).project).toBe('pods');
  });

  it('is empty for a container without compose labels', () => {
    expect(composeLabels(null)).toEqual({ project: null, service: null, workingDir: null, configFiles: [] });
    expect(composeLabels({ 'com.docker.compose.project': '  ' }).project).toBeNull();
  });
});

describe('stackStatus', () => {
  it('is running, partial or stopped by how many containers run', () => {
    expect(stackStatus([{ state: 'running' }, { state: 'running' }])).toBe('running');
    expect(stackStatus([{ state: 'running' }, { state: 'exited' }])).toBe('partial');
    expect(stackStatus([{ state: 'exited' }, { state: 'created' }])).toBe('stopped');
  });
});

describe('groupStacks', () => {
  it('groups by project, sorted by name and by service within, and leaves loose containers out', () => {
    const labels = {
      w: composeLabels({
        'com.docker.compose.project.working_dir': '/srv/b',
        'com.docker.compose.project.config_files': '/srv/b/compose.yml',
      }),
      p: composeLabels({ 'io.podman.compose.project': 'a-pods' }),
    };
    const stacks = groupStacks(
      [
        container('w', { project: 'b', service: 'web' }),
        container('d', { project: 'b', service: 'db', state: 'exited' }),
        container('p', {}),
        container('loose', {}),
      ],
      (id) => labels[id as keyof typeof labels],
    );
    expect(stacks.map((stack) => [stack.name, stack.status, stack.containers.map((c) => c.id)])).toEqual([
      ['a-pods', 'running', ['p']],
      ['b', 'partial', ['d', 'w']],
    ]);
    expect(stacks[1]).toMatchObject({ workingDir: '/srv/b', configFiles: ['/srv/b/compose.yml'] });
    expect(stacks[0]).toMatchObject({ workingDir: null, configFiles: [] });
  });
});
