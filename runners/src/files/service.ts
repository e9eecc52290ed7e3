/**
 * The files runner: receives uploads streamed from functions, checks and scans them with ClamAV,
 * keeps clean ones on local disk or S3 and quarantines the rest; serves the bytes for signed downloads.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { createFilesRoutes } from './routes';
import { createScanner } from './scan';
import { createLocalStorage, createS3Storage } from './storage';

export function createFilesRunner(): Runner {
  return { name: 'files', start: startFiles };
}

async function startFiles(ctx: RunnerContext): Promise<RunnerHandle> {
  const uploads = ctx.config.uploads ?? {
    dir: '.data/uploads',
    maxBytes: 100 * 1024 * 1024,
    clamscanPath: 'clamscan',
  };
  const dir = resolve(uploads.dir);
  // Temp files left by a crash mid-upload belong to no one: no upload is in flight before start.
  await rm(join(dir, '.incoming'), { recursive: true, force: true });
  await mkdir(join(dir, '.incoming'), { recursive: true, mode: 0o700 });
  const scanner = createScanner({
    clamdSocket: uploads.clamdSocket,
    clamscanPath: uploads.clamscanPath,
    clamavDatabaseDir: uploads.clamavDatabaseDir,
    maxFileBytes: uploads.maxBytes,
  });
  const storage = uploads.s3 ? createS3Storage(uploads.s3) : createLocalStorage(dir);
  let scannerKind = 'unknown';
  scanner.kind().then(
    (kind) => {
      scannerKind = kind;
      if (kind === 'unavailable')
        ctx.log.warn('no ClamAV scanner answers; uploads will be refused until one does');
    },
    () => {},
  );
  return {
    routes: createFilesRoutes({
      sql: ctx.pool.sql,
      log: ctx.log,
      dir,
      maxBytes: uploads.maxBytes,
      scanner,
      storage,
    }),
    detail: () => ({ scanner: scannerKind, storage: storage.kind }),
    stop() {},
  };
}
