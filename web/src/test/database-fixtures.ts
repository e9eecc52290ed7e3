/** One-click database instances and templates for tests. */
import type { DatabaseInstance, DatabaseTemplate } from '../pages/databases/types';

export function instance(overrides: Partial<DatabaseInstance> = {}): DatabaseInstance {
  const name = overrides.name ?? 'pg';
  return {
    id: '11111111-1111-4111-8111-111111111111',
    name,
    engine: 'postgres',
    version: '17',
    image: 'docker.io/library/postgres:17-alpine',
    containerName: `hl-db-${name}`,
    volumeName: `hl-db-${name}-data`,
    networkName: `hl-db-${name}`,
    hostPort: null,
    expose: 'none',
    memoryMb: 512,
    cpus: 1,
    username: 'app',
    databaseName: 'app',
    status: 'running',
    statusDetail: null,
    backupSchedule: null,
    backupRetention: 7,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    live: { state: 'running', health: 'healthy', startedAt: '2025-01-01T00:00:10Z' },
    ...overrides,
  };
}

export const postgresTemplate: DatabaseTemplate = {
  id: 'postgres',
  name: 'PostgreSQL',
  description: 'The relational database most apps expect.',
  engine: 'postgres',
  versions: ['17', '16'],
  defaultVersion: '17',
  defaultPort: 5432,
  images: { '17': 'docker.io/library/postgres:17-alpine', '16': 'docker.io/library/postgres:16-alpine' },
  defaults: { memoryMb: 512, cpus: 1, username: 'app', databaseName: 'app' },
  fields: { username: true, databaseName: true },
  reservedUsernames: [],
  supports: { backup: true, restore: true, rotate: true },
};
