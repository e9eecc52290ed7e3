import { describe, expect, it } from 'vitest';
import {
  deleteRequestSchema,
  deployRequestSchema,
  restoreRequestSchema,
  scheduleRequestSchema,
} from './databases';

const messages = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => result.error?.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`) ?? [];

describe('deployRequestSchema', () => {
  it('accepts a minimal request and defaults expose to none', () => {
    const parsed = deployRequestSchema.parse({ template: 'postgres', name: 'shop' });
    expect(parsed).toEqual({ template: 'postgres', name: 'shop', expose: 'none' });
  });

  it('says which versions a template has', () => {
    const result = deployRequestSchema.safeParse({ template: 'postgres', name: 'shop', version: '9.6' });
    expect(messages(result)).toEqual(["version must be one of PostgreSQL's versions: 17, 16, 15"]);
  });

  it.each([
    'shop; rm -rf /',
    'shop$(id)',
    'Shop',
    'shop_db',
    '-shop',
    'a'.repeat(58),
    '',
    'shop db',
    'shop`x`',
  ])('refuses the instance name %j', (name) => {
    expect(deployRequestSchema.safeParse({ template: 'postgres', name }).success).toBe(false);
  });

  it.each(["app'; drop", 'App', '1app', 'a-b', 'a'.repeat(64), 'x y'])(
    'refuses the identifier %j',
    (value) => {
      expect(
        deployRequestSchema.safeParse({ template: 'postgres', name: 'a', username: value }).success,
      ).toBe(false);
      expect(
        deployRequestSchema.safeParse({ template: 'postgres', name: 'a', databaseName: value }).success,
      ).toBe(false);
    },
  );

  it('ties the host port to the exposure', () => {
    expect(messages(deployRequestSchema.safeParse({ template: 'redis', name: 'a', expose: 'lan' }))).toEqual([
      'hostPort is required when expose is "lan" (e.g. 16379)',
    ]);
    expect(
      messages(deployRequestSchema.safeParse({ template: 'redis', name: 'a', hostPort: 16379 })),
    ).toEqual(['hostPort only applies when expose is "localhost" or "lan"']);
    expect(
      deployRequestSchema.safeParse({ template: 'redis', name: 'a', expose: 'lan', hostPort: 80 }).success,
    ).toBe(false);
    expect(
      deployRequestSchema.safeParse({ template: 'redis', name: 'a', expose: 'localhost', hostPort: 16379 })
        .success,
    ).toBe(true);
  });

  it('bounds memory and CPUs', () => {
    expect(deployRequestSchema.safeParse({ template: 'postgres', name: 'a', memoryMb: 32 }).success).toBe(
      false,
    );
    expect(deployRequestSchema.safeParse({ template: 'postgres', name: 'a', memoryMb: 70_000 }).success).toBe(
      false,
    );
    expect(deployRequestSchema.safeParse({ template: 'postgres', name: 'a', cpus: 0.05 }).success).toBe(
      false,
    );
    expect(deployRequestSchema.safeParse({ template: 'postgres', name: 'a', cpus: 65 }).success).toBe(false);
    expect(
      deployRequestSchema.safeParse({ template: 'postgres', name: 'a', cpus: 0.5, memoryMb: 64 }).success,
    ).toBe(true);
  });

  it('refuses fields an engine does not have, and reserved users', () => {
    expect(
      messages(deployRequestSchema.safeParse({ template: 'redis', name: 'a', username: 'bob' })),
    ).toEqual(['username cannot be chosen for Redis']);
    expect(
      messages(deployRequestSchema.safeParse({ template: 'minio', name: 'a', databaseName: 'x' })),
    ).toEqual(['databaseName does not apply to MinIO']);
    expect(
      messages(deployRequestSchema.safeParse({ template: 'mysql', name: 'a', username: 'root' })),
    ).toEqual(['username "root" is reserved by MySQL']);
  });

  it('names the templates when one is unknown', () => {
    expect(messages(deployRequestSchema.safeParse({ template: 'oracle', name: 'a' }))).toEqual([
      'template must be one of postgres, mariadb, mysql, redis, mongodb, minio',
    ]);
  });
});

describe('scheduleRequestSchema', () => {
  it('accepts standard cron patterns and null', () => {
    expect(scheduleRequestSchema.parse({ cron: '0 3 * * *', retention: 14 })).toEqual({
      cron: '0 3 * * *',
      retention: 14,
    });
    expect(scheduleRequestSchema.parse({ cron: '@daily' }).cron).toBe('@daily');
    expect(scheduleRequestSchema.parse({ cron: null }).cron).toBeNull();
  });

  it('refuses malformed, second-level and too frequent patterns', () => {
    expect(messages(scheduleRequestSchema.safeParse({ cron: 'every day' }))[0]).toMatch(
      /^cron is not a 5-field cron pattern/,
    );
    expect(scheduleRequestSchema.safeParse({ cron: '*/10 * * * * *' }).success).toBe(false);
    expect(messages(scheduleRequestSchema.safeParse({ cron: '* * * * *' }))).toEqual([
      'cron must leave at least five minutes between backups',
    ]);
    expect(scheduleRequestSchema.safeParse({ cron: '*/5 * * * *' }).success).toBe(true);
  });

  it('bounds retention', () => {
    expect(scheduleRequestSchema.safeParse({ cron: null, retention: 0 }).success).toBe(false);
    expect(scheduleRequestSchema.safeParse({ cron: null, retention: 366 }).success).toBe(false);
  });
});

describe('restore and delete requests', () => {
  it('take "same" or a valid new name', () => {
    const backupId = '0b6f6a2e-8c1e-4a53-9d0f-1a2b3c4d5e6f';
    expect(restoreRequestSchema.parse({ backupId, target: 'same' }).target).toBe('same');
    expect(restoreRequestSchema.parse({ backupId, target: { newName: 'copy' } }).target).toEqual({
      newName: 'copy',
    });
    expect(restoreRequestSchema.safeParse({ backupId, target: { newName: 'bad name' } }).success).toBe(false);
    expect(restoreRequestSchema.safeParse({ backupId: 'x', target: 'same' }).success).toBe(false);
  });

  it('needs a confirmation and defaults to keeping the volume', () => {
    expect(deleteRequestSchema.parse({ confirm: 'shop' })).toEqual({ confirm: 'shop', removeVolume: false });
    expect(deleteRequestSchema.safeParse({}).success).toBe(false);
  });
});
