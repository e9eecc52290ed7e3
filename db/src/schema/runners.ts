/**
 * What the runners report and the work waiting for them. runner_status is written by the
 * supervisor; jobs is the queue functions fill when work can wait for a runner that is down.
 */
import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const runnerStates = ['starting', 'running', 'crashed', 'stopped', 'disabled'] as const;
export type RunnerState = (typeof runnerStates)[number];

export const runnerStatus = pgTable('runner_status', {
  name: text('name').primaryKey(),
  state: text('state', { enum: runnerStates }).notNull(),
  restarts: integer('restarts').notNull().default(0),
  startedAt: timestamp('started_at', { withTimezone: true }),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
  lastError: text('last_error'),
  detail: jsonb('detail').$type<Record<string, unknown>>(),
});

export const jobStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runner: text('runner').notNull(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: jobStatuses }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    lastError: text('last_error'),
    requestId: text('request_id'),
  },
  (t) => [index('jobs_pending_idx').on(t.runner, t.status, t.runAfter)],
);
