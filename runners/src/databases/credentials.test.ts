import { describe, expect, it } from 'vitest';
import { credentialsFor, generatePassword } from './credentials';
import type { InstanceRow } from './store';
import { recipeFor } from './templates';

const row = (patch: Partial<InstanceRow> = {}): InstanceRow => ({
  id: '0b6f6a2e-8c1e-4a53-9d0f-1a2b3c4d5e6f',
  name: 'shop',
  engine: 'postgres',
  version: '16',
  image: 'docker.io/library/postgres:16-alpine',
  containerName: 'hl-db-shop',
  volumeName: 'hl-db-shop-data',
  networkName: 'hl-db-shop',
  hostPort: null,
  expose: 'none',
  memoryMb: 512,
  cpus: 1,
  username: 'app',
  databaseName: 'app',
  passwordEncrypted: 'v1:x:y',
  status: 'running',
  statusDetail: null,
  backupSchedule: null,
  backupRetention: 7,
  createdAt: new Date(),
  updatedAt: new Date(),
  ...patch,
});

describe('generatePassword', () => {
  it('gives 32 url-safe characters, different every time', () => {
    const passwords = new Set(Array.from({ length: 200 }, () => generatePassword()));
    expect(passwords.size).toBe(200);
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('uses the whole alphabet (no bias towards a part of it)', () => {
    const seen = new Set(Array.from({ length: 100 }, () => generatePassword()).join(''));
    expect(seen.size).toBe(64);
  });
});

describe('connection strings', () => {
  it('percent-encodes every part', () => {
    const url = recipeFor('postgres').connectionString(
      { username: 'a@b', password: 'p:w/d?#@%', database: 'my db' },
      'hl-db-shop',
      5432,
    );
    expect(url).toBe('postgresql://a%40b:p%3Aw%2Fd%3F%23%40%25@hl-db-shop:5432/my%20db');
    const parsed = new URL(url);
    expect(decodeURIComponent(parsed.password)).toBe('p:w/d?#@%');
  });

  it.each([
    ['mariadb', 'mysql://app:pw@h:3306/app'],
    ['mysql', 'mysql://app:pw@h:3306/app'],
    ['redis', 'redis://default:pw@h:6379/0'],
    ['mongodb', 'mongodb://app:pw@h:27017/app?authSource=admin'],
    ['minio', 'http://app:pw@h:9000'],
  ] as const)('has the %s scheme', (engine, expected) => {
    const recipe = recipeFor(engine);
    expect(
      recipe.connectionString(
        { username: 'app', password: 'pw', database: 'app' },
        'h',
        recipe.containerPort,
      ),
    ).toBe(expected);
  });
});

describe('credentialsFor', () => {
  it('points at the container on its network when not exposed', () => {
    expect(credentialsFor(row(), 'pw', 'homelab')).toEqual({
      connectionString: 'postgresql://app:pw@hl-db-shop:5432/app',
      internalConnectionString: 'postgresql://app:pw@hl-db-shop:5432/app',
      host: 'hl-db-shop',
      port: 5432,
      username: 'app',
      password: 'pw',
      database: 'app',
    });
  });

  it('points at the published port on loopback or on the LAN host', () => {
    const local = credentialsFor(row({ expose: 'localhost', hostPort: 15432 }), 'pw', 'homelab');
    expect(local).toMatchObject({
      connectionString: 'postgresql://app:pw@127.0.0.1:15432/app',
      host: '127.0.0.1',
      port: 15432,
    });
    expect(local.internalConnectionString).toBe('postgresql://app:pw@hl-db-shop:5432/app');
    const lan = credentialsFor(row({ expose: 'lan', hostPort: 15432 }), 'pw', 'homelab.lan');
    expect(lan).toMatchObject({
      connectionString: 'postgresql://app:pw@homelab.lan:15432/app',
      host: 'homelab.lan',
    });
  });
});
