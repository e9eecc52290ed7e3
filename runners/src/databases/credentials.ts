/**
 * Database passwords: generated strong, stored only encrypted (bound to their row by its id), and
 * turned into the connection details the credentials route shows.
 */
import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret } from '@homelab/db/crypto';
import type { DatabaseCredentials, DatabaseExposure } from '@homelab/db/databases';
import type { InstanceRow } from './store';
import { type Login, recipeFor } from './templates';

const urlSafe = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * 32 characters of a 64-character alphabet (192 bits). 64 divides 256, so masking a random byte is
 * unbiased; url-safe characters need no quoting in a URL, a shell variable or a config file.
 */
export function generatePassword(length = 32): string {
  const bytes = randomBytes(length);
  let password = '';
  for (const byte of bytes) password += urlSafe[byte & 63];
  return password;
}

export function sealPassword(instanceId: string, password: string, key: string) {
  return encryptSecret(password, key, instanceId);
}

export function openPassword(row: Pick<InstanceRow, 'id' | 'passwordEncrypted'>, key: string) {
  return decryptSecret(row.passwordEncrypted, key, row.id);
}

export function loginOf(row: Pick<InstanceRow, 'username' | 'databaseName'>, password: string): Login {
  return { username: row.username, password, database: row.databaseName };
}

/** Where the database is reached from outside its network, for each exposure. */
export function publishedHost(expose: DatabaseExposure, publicHost: string): string | null {
  if (expose === 'localhost') return '127.0.0.1';
  if (expose === 'lan') return publicHost;
  return null;
}

export function credentialsFor(row: InstanceRow, password: string, publicHost: string): DatabaseCredentials {
  const recipe = recipeFor(row.engine);
  const login = loginOf(row, password);
  const internal = recipe.connectionString(login, row.containerName, recipe.containerPort);
  const host = publishedHost(row.expose, publicHost);
  const published = host !== null && row.hostPort !== null;
  return {
    connectionString: published ? recipe.connectionString(login, host, row.hostPort as number) : internal,
    internalConnectionString: internal,
    host: published ? host : row.containerName,
    port: published ? (row.hostPort as number) : recipe.containerPort,
    username: row.username,
    password,
    database: row.databaseName,
  };
}
