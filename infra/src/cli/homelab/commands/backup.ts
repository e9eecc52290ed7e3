/**
 * `homelab backup` and `homelab restore <file>` over DATABASE_OWNER_URL (or --database-url): system
 * archives through the shared backup engine, or with --plain a single pg_dump file.
 */
import path from 'node:path';
import { backupDatabase, restoreDatabase, verifyBackup } from '../backup';
import { loadSettings } from '../config';
import { connectEngine } from '../engine';
import { CliError, ExitCode, type ExitCodeValue } from '../exit-codes';
import {
  createSystemBackup,
  drillSystemBackup,
  isSystemArchive,
  restoreSystemBackup,
} from '../system-backup';
import { type Context, flag, str } from './context';

function databaseUrl(ctx: Context) {
  const url = str(ctx, 'database-url') ?? loadSettings(ctx.project, ctx.env).DATABASE_OWNER_URL;
  if (!url) {
    throw new CliError(
      'No database to use: DATABASE_OWNER_URL is not set',
      ExitCode.notConfigured,
      'Pass --database-url postgres://homelab_owner:…@host:5432/homelab or set DATABASE_OWNER_URL.',
    );
  }
  return url;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export async function backup(ctx: Context): Promise<ExitCodeValue> {
  const url = databaseUrl(ctx);
  const settings = loadSettings(ctx.project, ctx.env);
  const dir = path.resolve(ctx.project.dir, str(ctx, 'dir') ?? settings.BACKUP_DIR ?? 'backups');
  const volumes = (ctx.options.volume as string[] | undefined) ?? [];
  if (flag(ctx, 'plain')) {
    if (volumes.length > 0)
      throw new CliError('--plain dumps the database only; drop --volume', ExitCode.usage);
    const result = await ctx.out.step('Dumping the database', () => backupDatabase(url, dir));
    ctx.out.emit(result);
    ctx.out.line(`Backup of ${result.database}: ${result.file} (${kib(result.bytes)})`);
    ctx.out.line(`sha256 ${result.sha256} → ${path.basename(result.checksumFile)}`);
    return ExitCode.ok;
  }
  const docker = volumes.length > 0 ? (await connectEngine(ctx.env)).docker : undefined;
  const result = await ctx.out.step(
    `Backing up the database${volumes.length > 0 ? ` and ${volumes.join(', ')}` : ''}`,
    () =>
      createSystemBackup({
        databaseUrl: url,
        dir,
        encryptionKey: settings.SYSTEM_BACKUP_KEY,
        volumes,
        docker,
      }),
  );
  ctx.out.emit(result);
  ctx.out.line(
    `Backup of ${result.database} (${result.tables} tables${result.volumes.length > 0 ? `, volumes ${result.volumes.join(', ')}` : ''}): ${result.file} (${kib(result.bytes)}${result.encrypted ? ', encrypted' : ''})`,
  );
  ctx.out.line(`sha256 ${result.sha256} → ${path.basename(result.checksumFile)}`);
  return ExitCode.ok;
}

export async function restore(ctx: Context): Promise<ExitCodeValue> {
  const given = ctx.positionals[0];
  if (!given)
    throw new CliError(
      'restore needs a backup file, e.g. `homelab restore backups/system-….tar`',
      ExitCode.usage,
    );
  const file = path.resolve(ctx.out.io.cwd, given);
  const url = databaseUrl(ctx);
  const verify = !flag(ctx, 'no-verify');
  const encryptionKey = loadSettings(ctx.project, ctx.env).SYSTEM_BACKUP_KEY;
  if (flag(ctx, 'drill')) {
    if (!isSystemArchive(file))
      throw new CliError('--drill needs a system archive (system-….tar)', ExitCode.usage);
    if (verify) await verifyBackup(file);
    const result = await ctx.out.step('Restoring into a throwaway database and comparing', () =>
      drillSystemBackup({ file, adminUrl: url, encryptionKey }),
    );
    ctx.out.emit(result);
    ctx.out.line(
      result.status === 'passed'
        ? ctx.out.paint(
            'green',
            `Drill passed: ${result.tablesChecked} tables, ${result.rowsChecked} rows identical.`,
          )
        : ctx.out.paint('red', `Drill failed: ${result.error}`),
    );
    return result.status === 'passed' ? ExitCode.ok : ExitCode.failed;
  }
  const database = new URL(url).pathname.slice(1);
  if (!flag(ctx, 'yes')) {
    throw new CliError(
      isSystemArchive(file)
        ? `restore loads the backup into database "${database}", which should be empty; pass --yes to go ahead`
        : `restore replaces what the dump contains in database "${database}"; pass --yes to go ahead`,
      ExitCode.usage,
    );
  }
  if (isSystemArchive(file)) {
    const sha256 = verify ? await verifyBackup(file) : null;
    const result = await ctx.out.step('Restoring the database', () =>
      restoreSystemBackup({ file, databaseUrl: url, encryptionKey }),
    );
    ctx.out.emit({ file, database, sha256, ...result });
    ctx.out.line(`Restored ${result.tables} tables from ${path.basename(file)} into ${database}.`);
    if (result.volumes.length > 0)
      ctx.out.line(
        ctx.out.paint(
          'yellow',
          `Volumes in the archive are not restored automatically: ${result.volumes.join(', ')}.`,
        ),
      );
    return ExitCode.ok;
  }
  const result = await ctx.out.step('Restoring the database', () => restoreDatabase(file, url, { verify }));
  ctx.out.emit(result);
  ctx.out.line(
    `Restored ${path.basename(result.file)} into ${result.database}${result.sha256 ? ' (checksum verified)' : ''}.`,
  );
  return ExitCode.ok;
}
