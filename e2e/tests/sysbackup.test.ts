/**
 * System backups through the whole stack: the owner backs up now (encrypted, to the local folder),
 * the row ends done with a `backup.finished` event, a restore drill of it passes, and a restore
 * into a new database holds the same users as the live one; members may read but not act.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RestoreDrill, SystemBackup, SystemBackupSettings } from '@homelab/db/sysbackup';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestStack } from '../support/stack';
import { until } from '../support/until';
import { signedInAs } from '../support/users';

const adminUrl = inject('e2eAdminUrl');
const backupDir = mkdtempSync(path.join(tmpdir(), 'e2e-sysbackup-'));
const restored = `e2e_restored_${randomBytes(4).toString('hex')}`;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let owner: Awaited<ReturnType<typeof signedInAs>>;
let member: Awaited<ReturnType<typeof signedInAs>>;

function onDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function usersOf(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return (await sql`select t::text as row from users t order by id`).map((r) => r.row);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

beforeAll(async () => {
  stack = await startTestStack({
    adminUrl,
    label: 'sysbackup',
    env: {
      SYSTEM_BACKUP_DIR: backupDir,
      SYSTEM_BACKUP_KEY: randomBytes(32).toString('base64'),
      SYSTEM_BACKUP_ADMIN_URL: adminUrl,
      SYSTEM_BACKUP_TARGETS: 'local,s3',
    },
  });
  owner = await signedInAs(stack, 'owner', 'backup-owner');
  member = await signedInAs(stack, 'member', 'backup-member');
});

afterAll(async () => {
  await stack?.stop();
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop database if exists ${restored} with (force)`).catch(() => {});
  await sql.end({ timeout: 5 });
  rmSync(backupDir, { recursive: true, force: true });
});

describe('system backups', () => {
  it('shows the settings from the environment, with S3 named as not configured', async () => {
    const res = await member.call('GET', '/api/sysbackup/settings');
    expect(res.status).toBe(200);
    const settings = res.json as SystemBackupSettings;
    expect(settings).toMatchObject({
      schedule: '30 3 * * *',
      retention: { daily: 7, weekly: 4, monthly: 6 },
      encrypted: true,
      drill: { possible: true, reason: null },
    });
    expect(settings.targets).toEqual([
      { kind: 'local', configured: true, detail: backupDir },
      { kind: 's3', configured: false, detail: 'not configured: set S3_ENDPOINT and S3_BUCKET' },
    ]);
    expect((await member.call('POST', '/api/sysbackup/backups')).status).toBe(403);
  });

  it('backs up now, drills the backup, and restores it into a new database with the same data', async () => {
    const started = await owner.call('POST', '/api/sysbackup/backups');
    expect(started.status).toBe(202);
    const [running] = (started.json as { backups: SystemBackup[] }).backups;
    expect(running).toMatchObject({ status: 'running', tier: 'manual', target: 'local', encrypted: true });

    const backup = await until(
      'the backup to finish',
      async () =>
        (
          (await owner.call('GET', '/api/sysbackup/backups')).json as { backups: SystemBackup[] }
        ).backups.find((b) => b.id === running?.id),
      (b) => b?.status !== 'running',
      120_000,
      500,
    );
    expect(backup).toMatchObject({ status: 'done', error: null });
    expect(readdirSync(backupDir)).toContain(backup?.location);

    const drillStarted = await owner.call('POST', '/api/sysbackup/drills');
    expect(drillStarted.status).toBe(202);
    const drillId = (drillStarted.json as { drill: RestoreDrill }).drill.id;
    const drill = await until(
      'the drill to finish',
      async () =>
        ((await owner.call('GET', '/api/sysbackup/drills')).json as { drills: RestoreDrill[] }).drills.find(
          (d) => d.id === drillId,
        ),
      (d) => d?.status !== 'running',
      120_000,
      500,
    );
    expect(drill).toMatchObject({ status: 'passed', error: null, backupId: backup?.id });
    expect(drill?.tablesChecked).toBeGreaterThan(20);

    const done = await owner.call('POST', `/api/sysbackup/backups/${backup?.id}/restore`, {
      confirm: backup?.id,
      database: restored,
    });
    expect(done.status).toBe(201);
    // Users changed by nobody since the backup: the restored copy holds exactly the live rows.
    expect(await usersOf(onDatabase(adminUrl, restored))).toEqual(await usersOf(stack.ownerUrl));
  });
});
