/** Containers and engine events for tests, with every field filled so a test only says what matters to it. */
import type { ContainerSummary, DockerEvent } from '../pages/docker/types';

export function container(overrides: Partial<ContainerSummary> = {}): ContainerSummary {
  const name = overrides.name ?? 'web';
  return {
    id: `${name}-id`.padEnd(64, '0'),
    name,
    image: 'nginx:1.27',
    imageId: 'sha256:abc',
    command: 'nginx -g daemon off;',
    state: 'running',
    status: 'Up 5 minutes',
    health: 'none',
    createdAt: '2025-01-01T00:00:00Z',
    startedAt: '2025-01-01T00:00:05Z',
    finishedAt: null,
    exitCode: null,
    restartCount: 0,
    ports: [],
    project: null,
    service: null,
    managed: false,
    networks: ['bridge'],
    mounts: [],
    ...overrides,
  };
}

export function containerEvent(next: ContainerSummary | null, id = next?.id ?? ''): DockerEvent {
  return {
    type: 'container',
    action: next ? 'update' : 'destroy',
    id,
    name: next?.name ?? null,
    at: '2025-01-01T00:10:00Z',
    container: next,
  };
}
