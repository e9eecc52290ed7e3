/**
 * The contract between the supervisor and a runner: a runner is a named module whose start() sets up
 * its sockets and loops and hands back its routes, job handlers and a way to stop.
 */
import type { Pool } from '@homelab/db/client/pool';
import type { Hono } from 'hono';
import type { WebSocket } from 'ws';
import type { Config } from './config';
import type { Logger } from './log';

export type RunnerContext = {
  pool: Pool;
  /** Already tagged with the runner's name. */
  log: Logger;
  config: Config;
  /** Aborted when this run ends (crash or shutdown); loops and sockets should stop on it. */
  signal: AbortSignal;
  /** Reports a failure of the runner's own loops; the supervisor stops and restarts it with backoff. */
  crash(error: unknown): void;
};

export type JobContext = {
  id: number;
  runner: string;
  kind: string;
  /** This try, counting from 1. */
  attempt: number;
  maxAttempts: number;
  requestId: string | null;
  /** Aborted when the job times out or the process shuts down. */
  signal: AbortSignal;
  log: Logger;
};

export type JobHandler = (payload: Record<string, unknown>, job: JobContext) => Promise<unknown> | unknown;

export type RunnerHandle = {
  /** Mounted at `/<runner name>/`; build it with createRunnerRoutes() so errors keep the one JSON shape. */
  routes?: Hono;
  /**
   * WebSocket upgrades to `/<runner name>/<path>`, already signature-checked by the internal
   * server; `path` is relative to the mount, like routes. The hook owns the socket from here on.
   */
  sockets?: (path: string, url: URL, socket: WebSocket) => void | Promise<void>;
  /** Handlers by job kind, for rows of the jobs table with `runner = <name>`. */
  jobs?: Record<string, JobHandler>;
  /** Small JSON facts stored in runner_status.detail with every heartbeat. */
  detail?(): Record<string, unknown>;
  stop(): Promise<void> | void;
};

export type Runner = {
  name: string;
  start(ctx: RunnerContext): Promise<RunnerHandle>;
};
