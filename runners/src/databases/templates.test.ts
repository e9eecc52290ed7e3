import { databaseTemplates, findTemplate } from '@homelab/db/databases';
import { describe, expect, it } from 'vitest';
import { containerOptions, planInstance } from './plan';
import { type ExecCommand, type Login, recipeFor, scramVerifier } from './templates';

const password = 'Pw_0123456789-abcdefghijklmnopqrs';
const login: Login = { username: 'app', password, database: 'app' };

function commandsOf(engine: (typeof databaseTemplates)[number]['engine']): [string, ExecCommand][] {
  const recipe = recipeFor(engine);
  const list: [string, ExecCommand | undefined][] = [
    ['readiness', recipe.readiness(login)],
    ['backup', recipe.backup?.command(login)],
    ['restore', recipe.restore?.(login)],
    ['rotate', recipe.rotate?.(login, 'New_password-0123456789abcdefghij')],
  ];
  return list.filter((entry): entry is [string, ExecCommand] => entry[1] !== undefined);
}

describe.each(databaseTemplates.map((template) => [template.id, template] as const))(
  'template %s',
  (_id, template) => {
    it('has a pinned image for every version, and its default among them', () => {
      expect(template.versions).toContain(template.defaultVersion);
      for (const version of template.versions) {
        expect(template.images[version]).toMatch(/^docker\.io\/[a-z0-9/]+:[\w.-]+$/);
        expect(template.images[version]).not.toMatch(/:latest$/);
      }
    });

    it('produces a container config with limits, labels, the data volume and no published port by default', () => {
      const plan = planInstance({ template: template.id, name: 'shop', expose: 'none' });
      const options = containerOptions('0b6f6a2e-8c1e-4a53-9d0f-1a2b3c4d5e6f', plan, login);
      const recipe = recipeFor(template.engine);
      expect(options.name).toBe('hl-db-shop');
      expect(options.Image).toBe(template.images[template.defaultVersion]);
      expect(options.Labels).toEqual({
        'dev.homelab.managed': 'true',
        'dev.homelab.database': '0b6f6a2e-8c1e-4a53-9d0f-1a2b3c4d5e6f',
        'dev.homelab.database.engine': template.engine,
      });
      expect(options.Env?.every((entry) => /^[A-Z_]+=\S*$/.test(entry))).toBe(true);
      expect(options.Healthcheck?.Test?.length).toBeGreaterThan(1);
      expect(options.HostConfig).toMatchObject({
        NetworkMode: 'hl-db-shop',
        RestartPolicy: { Name: 'unless-stopped' },
        Memory: template.defaults.memoryMb * 1024 * 1024,
        NanoCpus: template.defaults.cpus * 1e9,
        Mounts: [{ Type: 'volume', Source: 'hl-db-shop-data', Target: recipe.dataPath }],
      });
      expect(options.HostConfig?.PortBindings).toBeUndefined();
      expect(options.ExposedPorts).toEqual({ [`${recipe.containerPort}/tcp`]: {} });
    });

    it('publishes on loopback for localhost and on every address for lan', () => {
      const port = `${recipeFor(template.engine).containerPort}/tcp`;
      const local = containerOptions(
        'id',
        planInstance({ template: template.id, name: 'a', expose: 'localhost', hostPort: 15_000 }),
        login,
      );
      expect(local.HostConfig?.PortBindings).toEqual({
        [port]: [{ HostIp: '127.0.0.1', HostPort: '15000' }],
      });
      const lan = containerOptions(
        'id',
        planInstance({ template: template.id, name: 'a', expose: 'lan', hostPort: 15_001 }),
        login,
      );
      expect(lan.HostConfig?.PortBindings).toEqual({ [port]: [{ HostIp: '0.0.0.0', HostPort: '15001' }] });
    });

    it('runs commands as argument arrays and never puts a password on a command line', () => {
      const supports = template.supports;
      const names = commandsOf(template.engine).map(([name]) => name);
      expect(names.includes('backup')).toBe(supports.backup);
      expect(names.includes('restore')).toBe(supports.restore);
      expect(names.includes('rotate')).toBe(supports.rotate);
      for (const [name, command] of commandsOf(template.engine)) {
        expect(command.cmd.length, name).toBeGreaterThan(0);
        expect(command.cmd.join(' '), name).not.toContain(password);
        expect(command.cmd.join(' '), name).not.toContain('New_password');
      }
    });
  },
);

describe('engine specifics', () => {
  it('PostgreSQL rotation sends a SCRAM verifier, not the new password', () => {
    const rotate = recipeFor('postgres').rotate?.(login, 'New_password-0123456789abcdefghij');
    expect(rotate?.stdin).toMatch(/^ALTER ROLE "app" WITH PASSWORD 'SCRAM-SHA-256\$4096:[^']+';\n$/);
    expect(rotate?.stdin).not.toContain('New_password');
    expect(rotate?.env).toEqual([`PGPASSWORD=${password}`]);
  });

  it('computes SCRAM verifiers in PostgreSQL’s format, deterministic for a fixed salt', () => {
    const salt = Buffer.from('0123456789abcdef');
    const verifier = scramVerifier('pencil', salt);
    expect(verifier).toMatch(
      /^SCRAM-SHA-256\$4096:MDEyMzQ1Njc4OWFiY2RlZg==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/,
    );
    expect(scramVerifier('pencil', salt)).toBe(verifier);
    expect(scramVerifier('pencil2', salt)).not.toBe(verifier);
  });

  it('passes credentials to tools through their own variables', () => {
    expect(recipeFor('mariadb').backup?.command(login).env).toEqual([`MYSQL_PWD=${password}`]);
    expect(recipeFor('mysql').readiness(login).env).toEqual([`MYSQL_PWD=${password}`]);
    expect(recipeFor('redis').readiness(login).env).toEqual([`REDISCLI_AUTH=${password}`]);
    expect(recipeFor('mongodb').backup?.command(login).env).toEqual([
      'MONGO_USER=app',
      `MONGO_PASSWORD=${password}`,
    ]);
  });

  it('keeps dumps in the formats restore reads', () => {
    expect(recipeFor('postgres').backup?.command(login).cmd).toContain('-Fc');
    expect(recipeFor('postgres').restore?.(login).cmd).toEqual(
      expect.arrayContaining(['pg_restore', '--clean', '--if-exists', '--no-owner']),
    );
    expect(recipeFor('mariadb').backup?.command(login).cmd).toContain('--single-transaction');
    expect(recipeFor('mongodb').restore?.(login).cmd.join(' ')).toContain('--archive --drop');
    expect(recipeFor('redis').backup?.command(login).cmd).toEqual([
      'redis-cli',
      '-h',
      '127.0.0.1',
      '--rdb',
      '-',
    ]);
  });

  it('starts MinIO with its console and has no database name', () => {
    expect(recipeFor('minio').cmd).toEqual(['server', '/data', '--console-address', ':9001']);
    expect(planInstance({ template: 'minio', name: 'files', expose: 'none' }).databaseName).toBeNull();
    expect(findTemplate('minio')?.supports).toEqual({ backup: false, restore: false, rotate: false });
  });

  it('fills defaults from the template and the request', () => {
    expect(planInstance({ template: 'postgres', name: 'x', expose: 'none' })).toMatchObject({
      version: '17',
      image: 'docker.io/library/postgres:17-alpine',
      username: 'app',
      databaseName: 'app',
      memoryMb: 512,
      cpus: 1,
      hostPort: null,
    });
    expect(
      planInstance({
        template: 'postgres',
        name: 'x',
        version: '15',
        expose: 'localhost',
        hostPort: 25432,
        cpus: 0.5,
        username: 'shop',
      }),
    ).toMatchObject({
      version: '15',
      image: 'docker.io/library/postgres:15-alpine',
      hostPort: 25432,
      cpus: 0.5,
      username: 'shop',
    });
  });
});
