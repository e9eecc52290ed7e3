/** Every call the Databases page makes to `/api/databases`, in one place, plus the URLs a link or EventSource opens. */
import { api, unwrap } from '../../api/client';
import type { EngineStatus } from '../docker/types';
import type {
  DatabaseBackup,
  DatabaseCredentials,
  DatabaseInstance,
  DatabaseTemplate,
  DeployRequest,
  InstanceAction,
  RestoreRequest,
} from './types';

const databases = api.api.databases;
const instance = (id: string) => ({ param: { id } });

export const listTemplates = async (): Promise<DatabaseTemplate[]> =>
  (await unwrap(databases.templates.$get())).templates;

export const listInstances = (): Promise<{ engine: EngineStatus; instances: DatabaseInstance[] }> =>
  unwrap(databases.instances.$get());

/** Answers 202 at once; the steps follow on the events stream. */
export const deployInstance = async (request: DeployRequest): Promise<DatabaseInstance> =>
  (await unwrap(databases.instances.$post({ json: request }))).instance;

/** Fetched only when the user asks: each reveal is written to the audit log. */
export const getCredentials = (id: string): Promise<DatabaseCredentials> =>
  unwrap(databases.instances[':id'].credentials.$get(instance(id)));

export const runInstanceAction = async (id: string, action: InstanceAction): Promise<DatabaseInstance> =>
  (await unwrap(databases.instances[':id'][':action'].$post({ param: { id, action } }))).instance;

export const backUpNow = async (id: string): Promise<DatabaseBackup> =>
  (await unwrap(databases.instances[':id'].backups.$post(instance(id)))).backup;

export const listBackups = async (id: string): Promise<DatabaseBackup[]> =>
  (await unwrap(databases.instances[':id'].backups.$get(instance(id)))).backups;

export const restoreBackup = async (id: string, request: RestoreRequest): Promise<DatabaseInstance> =>
  (await unwrap(databases.instances[':id'].restore.$post({ ...instance(id), json: request }))).instance;

export const rotatePassword = async (id: string): Promise<DatabaseInstance> =>
  (await unwrap(databases.instances[':id']['rotate-password'].$post(instance(id)))).instance;

export const setSchedule = async (
  id: string,
  schedule: { cron: string | null; retention: number },
): Promise<DatabaseInstance> =>
  (await unwrap(databases.instances[':id'].schedule.$put({ ...instance(id), json: schedule }))).instance;

export const deleteInstance = async (id: string, name: string, removeVolume: boolean) => {
  await unwrap(
    databases.instances[':id'].$delete({ ...instance(id), json: { confirm: name, removeVolume } }),
  );
};

export const databaseUrls = {
  events: '/api/databases/events',
  download: (backupId: string) => `/api/databases/backups/${encodeURIComponent(backupId)}/download`,
};
