/**
 * The system backup engine, for the sysbackup runner and the homelab CLI alike: plain functions
 * with no rows or HTTP, given URLs, folders and targets.
 */
export {
  archiveFileName,
  type CreateBackupOptions,
  type CreatedBackup,
  createBackup,
  type StoredCopy,
} from './backup';
export { decryptFile, encryptFile, parseBackupKey } from './crypt';
export { compareFingerprints, fingerprintTables, type TableFingerprint } from './fingerprint';
export type { Manifest } from './manifest';
export { findPgProgram } from './pgtools';
export { applyRetention, type RetentionOutcome, type StoredBackup } from './prune';
export {
  checkDatabaseName,
  createDatabase,
  type DrillOptions,
  type DrillResult,
  dropDatabase,
  type RestoreOptions,
  restoreBackup,
  runRestoreDrill,
  unpackArchive,
} from './restore';
export { parseRetention, planRetention, type RetentionPolicy } from './retention';
export {
  type BackupTarget,
  driveTarget,
  localTarget,
  type S3TargetOptions,
  s3Target,
  type TargetKind,
} from './targets';
