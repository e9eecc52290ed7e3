/**
 * Helpers of the monitors runner's tests: a runner context on a real database, and a strict reader
 * of the Prometheus text format.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Config } from '../config';
import { createLogger } from '../log';
import type { RunnerContext } from '../runner';
import { testPool } from '../testing/database';

export function monitorsContext(databaseUrl: string, config: Partial<Config> = {}) {
  const crashes: unknown[] = [];
  const pool = testPool(databaseUrl);
  const abort = new AbortController();
  const ctx: RunnerContext = {
    pool,
    log: createLogger({ level: 'error' }),
    config: { encryptionKey: randomBytes(32).toString('base64'), ...config } as Config,
    signal: abort.signal,
    crash: (error) => void crashes.push(error),
  };
  return {
    ctx,
    crashes,
    async close() {
      abort.abort();
      await pool.sql.end({ timeout: 5 });
    },
  };
}

/** Every line is a comment or `name{labels} value`, as Prometheus' text parser requires. */
export function parseExposition(text: string) {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  const types = new Map<string, string>();
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('# HELP ')) continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|summary|histogram|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a metric line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = value!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return { samples, types };
}
