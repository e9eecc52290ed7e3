/**
 * One dynamic DNS pass: find the public IP, store it, and send it to every record that does not have
 * it yet (and is not backing off). Passes never overlap: a check asked for while one runs shares it.
 */
import { decryptSecret } from '@homelab/db/crypto';
import type { Sql } from 'postgres';
import type { Logger } from '../log';
import { needsAttention, retryDelayMs, shouldUpdate } from './policy';
import { sendUpdate } from './providers';
import { type Detection, detectPublicIp } from './public-ip';
import { listRecords, type RecordRow, recordAttempt, storePublicIp } from './store';

export type UpdaterOptions = {
  sql: Sql;
  log: Logger;
  sources: string[];
  encryptionKey: string | undefined;
  sourceTimeoutMs: number;
  providerTimeoutMs: number;
  signal: AbortSignal;
  now?: () => Date;
};

export type PassResult = {
  detection: Detection;
  ipChanged: boolean;
  attempted: { id: string; hostname: string; ok: boolean; detail: string }[];
};

export type Updater = {
  /** Runs a pass, or joins the one already running. */
  check(): Promise<PassResult>;
  lastPass(): PassResult | null;
};

export function createUpdater(options: UpdaterOptions): Updater {
  const now = options.now ?? (() => new Date());
  let running: Promise<PassResult> | null = null;
  let last: PassResult | null = null;

  async function updateRecord(record: RecordRow, ip: string) {
    if (!options.encryptionKey) {
      options.log.warn('dynamic DNS record skipped: ENCRYPTION_KEY is not set', {
        hostname: record.hostname,
      });
      return null;
    }
    const password = await decryptSecret(record.passwordSealed, options.encryptionKey, record.id);
    const outcome = await sendUpdate({ ...record, password }, ip, {
      timeoutMs: options.providerTimeoutMs,
      signal: options.signal,
    });
    const detail = `${outcome.code}: ${outcome.text}`;
    if (outcome.ok) {
      await recordAttempt(options.sql, record, {
        ok: true,
        ip,
        status: outcome.changed ? 'updated' : 'unchanged',
        detail,
      });
      options.log.info('dynamic DNS record updated', { hostname: record.hostname, ip, code: outcome.code });
    } else {
      const nextAttemptAt = outcome.needsPerson
        ? null
        : new Date(now().getTime() + retryDelayMs(record.failures + 1)).toISOString();
      await recordAttempt(options.sql, record, {
        ok: false,
        ip,
        status: outcome.needsPerson ? needsAttention : 'failed',
        detail,
        nextAttemptAt,
      });
      options.log.warn('dynamic DNS update refused', {
        hostname: record.hostname,
        code: outcome.code,
        text: outcome.text,
        nextAttemptAt,
      });
    }
    return { id: record.id, hostname: record.hostname, ok: outcome.ok, detail };
  }

  async function pass(): Promise<PassResult> {
    const detection = await detectPublicIp(options.sources, {
      timeoutMs: options.sourceTimeoutMs,
      signal: options.signal,
    });
    const result: PassResult = { detection, ipChanged: false, attempted: [] };
    if (!detection.ip) {
      // Without agreement nothing is sent: a wrong address would take every domain offline.
      options.log.warn('public IP sources disagree or did not answer; no update', {
        answers: detection.answers,
      });
      return result;
    }
    const ip = detection.ip;
    const stored = await storePublicIp(options.sql, { ip, at: detection.at, sources: detection.answers });
    result.ipChanged = stored.changed;
    if (stored.changed) options.log.info('public IP changed', { from: stored.oldIp, to: ip });
    for (const record of await listRecords(options.sql)) {
      if (options.signal.aborted) break;
      if (!shouldUpdate(record, ip, now())) continue;
      const attempt = await updateRecord(record, ip);
      if (attempt) result.attempted.push(attempt);
    }
    return result;
  }

  return {
    check() {
      if (!running) {
        running = pass()
          .then((result) => {
            last = result;
            return result;
          })
          .finally(() => {
            running = null;
          });
      }
      return running;
    },
    lastPass: () => last,
  };
}
