/**
 * The pooler's configuration, validated once at start like the runners' own: a missing or malformed
 * variable stops the process with its name.
 */
import { z } from 'zod';
import { parseEnv } from '../config';
import { logLevels } from '../log';

const count = (fallback: number, min: number) => z.coerce.number().int().min(min).default(fallback);

const envSchema = z
  .object({
    DBPOOL_UPSTREAM_URL: z
      .string({ error: 'is required: the postgres:// URL of the app role on the real PostgreSQL' })
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    DBPOOL_HOST: z.string().default('127.0.0.1'),
    DBPOOL_PORT: z.coerce.number().int().min(0).max(65_535).default(6432),
    DBPOOL_MIN: count(2, 0),
    DBPOOL_MAX: count(20, 1),
    DBPOOL_ACQUIRE_TIMEOUT_MS: count(5_000, 1),
    LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  })
  .refine((env) => env.DBPOOL_MIN <= env.DBPOOL_MAX, {
    path: ['DBPOOL_MIN'],
    message: 'must not exceed DBPOOL_MAX',
  });

export type DbPoolConfig = {
  upstreamUrl: string;
  host: string;
  port: number;
  min: number;
  max: number;
  acquireTimeoutMs: number;
  logLevel: (typeof logLevels)[number];
};

export function loadDbPoolConfig(env: Record<string, string | undefined> = process.env): DbPoolConfig {
  const env_ = parseEnv(envSchema, env, 'dbpool is');
  return {
    upstreamUrl: env_.DBPOOL_UPSTREAM_URL,
    host: env_.DBPOOL_HOST,
    port: env_.DBPOOL_PORT,
    min: env_.DBPOOL_MIN,
    max: env_.DBPOOL_MAX,
    acquireTimeoutMs: env_.DBPOOL_ACQUIRE_TIMEOUT_MS,
    logLevel: env_.LOG_LEVEL,
  };
}
