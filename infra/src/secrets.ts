/**
 * Secrets for the embedded default. Production passes every secret in the environment; for
 * `npm start` on a fresh machine they are generated once into .data/secrets.json (mode 600) and
 * handed to each process through its environment, so the code itself still reads only env vars.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type LocalSecrets = {
  runnerSecret: string;
  postgresPassword: string;
  ownerPassword: string;
  appPassword: string;
  backupPassword: string;
  encryptionKey: string;
};

const make = (): LocalSecrets => ({
  runnerSecret: randomBytes(32).toString('hex'),
  postgresPassword: randomBytes(18).toString('base64url'),
  ownerPassword: randomBytes(18).toString('base64url'),
  appPassword: randomBytes(18).toString('base64url'),
  backupPassword: randomBytes(18).toString('base64url'),
  encryptionKey: randomBytes(32).toString('base64'),
});

export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, 'secrets.json');
  const fresh = make();
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>;
    return { ...fresh, ...stored };
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return fresh;
}
