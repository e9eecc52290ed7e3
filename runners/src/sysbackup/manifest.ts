/** The archive's table of contents: each part with its sha256, and the tables' fingerprints at dump time. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { TableFingerprint } from './fingerprint';

export const manifestFormat = 'homelab-system-backup/1';
export const manifestPart = 'manifest.json';
export const databasePart = 'database.dump';

export type ManifestPart = { name: string; bytes: number; sha256: string };

export type Manifest = {
  format: typeof manifestFormat;
  createdAt: string;
  database: {
    name: string;
    serverVersion: string;
    /** Tables up to this many rows carry an md5 of their rows. */
    hashRowLimit: number;
    tables: TableFingerprint[];
  };
  volumes: { name: string; part: string }[];
  parts: ManifestPart[];
};

export async function sha256File(file: string) {
  const hash = createHash('sha256');
  let bytes = 0;
  await pipeline(createReadStream(file), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  });
  return { sha256: hash.digest('hex'), bytes };
}

export function parseManifest(text: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('The archive manifest is not valid JSON: the archive is damaged.');
  }
  const manifest = value as Manifest;
  if (manifest?.format !== manifestFormat || !Array.isArray(manifest.parts) || !manifest.database)
    throw new Error(`The archive manifest is not a ${manifestFormat} manifest.`);
  return manifest;
}
