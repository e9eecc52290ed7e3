/** The one-click database shapes the page shows, from the shared module (types only: no zod or croner in the bundle). */
export type {
  DatabaseBackup,
  DatabaseCredentials,
  DatabaseEngine,
  DatabaseExposure,
  DatabaseInstance,
  DatabaseStatus,
  DatabaseTemplate,
  DeployRequest,
  InstanceAction,
  ProgressEvent,
  RestoreRequest,
} from '@homelab/db/databases';
