/**
 * The deploy runner: deploys the configured branch of the checkout on the host when a webhook or
 * a person asks (through functions) or when polling sees the branch move; one deploy at a time
 * across processes (a PostgreSQL advisory lock), each written to the deployments table as it runs.
 */
import { join } from 'node:path';
import type { Deployment, DeploymentSummary, DeployStatus } from '@homelab/db/deploy';
import type { Sql } from 'postgres';
import type { Logger } from '../log';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { runCommand } from './command';
import { type DeployTarget, deployBranch } from './executor';
import { createDeployQueue, type DeployQueue, type DeployTrigger } from './queue';
import { createDeployRoutes } from './routes';
import {
  closeInterrupted,
  commitFailedBefore,
  cutLog,
  findDeployment,
  insertDeployment,
  listDeployments,
  updateDeployment,
} from './store';

export type DeployRunnerOptions = {
  /** The compose command as an argv prefix; default `docker compose -f <DEPLOY_COMPOSE_FILE>`. */
  compose?: string[];
  healthIntervalMs?: number;
};

export type DeploySettings = { repoDir?: string; branch: string; pollSeconds: number; composeFile?: string };

// Any number the other users of advisory locks do not take: they hash text keys.
const deployLock = 0x64_65_70_6c;

export function createDeployRunner(options: DeployRunnerOptions = {}): Runner {
  return { name: 'deploy', start: (ctx) => startDeploy(ctx, options) };
}

export type DeployService = {
  settings: DeploySettings;
  queue: DeployQueue | null;
  status(): Promise<DeployStatus>;
};

async function startDeploy(ctx: RunnerContext, options: DeployRunnerOptions): Promise<RunnerHandle> {
  const settings: DeploySettings = ctx.config.deploy ?? { branch: 'main', pollSeconds: 300 };
  const service = createDeployService(ctx.pool.sql, ctx.log, settings, options);
  const { repoDir } = settings;
  let timer: NodeJS.Timeout | undefined;

  if (repoDir) {
    const head = await readHead(repoDir).catch(() => null);
    await closeInterrupted(ctx.pool.sql, head?.commit ?? null);
    if (settings.pollSeconds > 0) {
      let checking = false;
      timer = setInterval(() => {
        if (checking) return;
        checking = true;
        pollOnce(ctx.pool.sql, settings, service.queue!)
          .catch((error) => ctx.log.warn('could not poll the deploy branch', { err: error }))
          .finally(() => {
            checking = false;
          });
      }, settings.pollSeconds * 1000);
      timer.unref();
    }
  } else {
    ctx.log.info('deploys from git are off: DEPLOY_REPO_DIR is not set');
  }

  return {
    routes: createDeployRoutes({ sql: ctx.pool.sql, service }),
    detail: () => ({ configured: Boolean(repoDir), busy: service.queue?.busy() ?? false }),
    // A deploy that restarts this runner's own process (runners-engine in compose) stops it
    // mid-deploy, so stopping must not wait for it; the next start finishes or fails its row
    // (closeInterrupted).
    stop() {
      clearInterval(timer);
    },
  };
}

export function createDeployService(
  sql: Sql,
  log: Logger,
  settings: DeploySettings,
  options: DeployRunnerOptions = {},
): DeployService {
  const { repoDir } = settings;
  let current: string | null = null;
  const queue = repoDir
    ? createDeployQueue(
        async (trigger, started) => {
          const target: DeployTarget = {
            repoDir,
            branch: settings.branch,
            compose: options.compose ?? [
              'docker',
              'compose',
              '-f',
              settings.composeFile ?? join(repoDir, 'docker-compose.yml'),
            ],
            healthIntervalMs: options.healthIntervalMs,
          };
          const connection = await sql.reserve();
          try {
            // Blocks while another process (the homelab CLI) deploys, so the two never interleave.
            await connection`select pg_advisory_lock(${deployLock})`;
            try {
              await runOne(sql, log, target, trigger, (id) => {
                current = id;
                started(id);
              });
            } finally {
              current = null;
              await connection`select pg_advisory_unlock(${deployLock})`;
            }
          } finally {
            connection.release();
          }
        },
        (error) => log.error('a deploy failed to run', { err: error }),
      )
    : null;

  return {
    settings,
    queue,
    async status() {
      const [last] = await listDeployments(sql, 1);
      const running = current ? await findDeployment(sql, current) : null;
      let head: { commit: string; subject: string } | null = null;
      let problem: string | null = null;
      if (repoDir) {
        head = await readHead(repoDir).catch((error: Error) => {
          problem = `Could not read the checkout at ${repoDir}: ${error.message}`;
          return null;
        });
      }
      return {
        configured: Boolean(repoDir),
        repoDir: repoDir ?? null,
        branch: settings.branch,
        currentCommit: head?.commit ?? null,
        currentSubject: head?.subject ?? null,
        pollSeconds: repoDir ? settings.pollSeconds : 0,
        running: running ? withoutLog(running) : null,
        queued: queue?.queued() ?? false,
        lastDeployment: last ?? null,
        problem,
      };
    },
  };
}

function withoutLog({ log: _log, ...summary }: Deployment): DeploymentSummary {
  return summary;
}

/** One deploy, written to its row as it goes. */
async function runOne(
  sql: Sql,
  log: Logger,
  target: DeployTarget,
  trigger: DeployTrigger,
  started: (id: string | null) => void,
): Promise<void> {
  let text = '';
  let id: string | null = null;
  let flushing: Promise<void> = Promise.resolve();
  // Output arrives in many small chunks; the row is written at most every second while it streams.
  let lastFlush = 0;
  const flush = (force = false) => {
    if (!id || (!force && Date.now() - lastFlush < 1_000)) return flushing;
    lastFlush = Date.now();
    const rowId = id;
    const snapshot = text;
    flushing = flushing.then(() => updateDeployment(sql, rowId, { log: snapshot })).catch(() => {});
    return flushing;
  };

  const result = await deployBranch(target, {
    async begin({ fromCommit, toCommit }) {
      id = await insertDeployment(sql, {
        source: trigger.source,
        branch: target.branch,
        fromCommit,
        toCommit,
        triggeredBy: trigger.triggeredBy,
      });
      started(id);
    },
    async plan(services) {
      if (id) await updateDeployment(sql, id, { services });
    },
    async phase(phase) {
      if (id) await updateDeployment(sql, id, { status: phase, log: text });
    },
    output(chunk) {
      text = cutLog(text + chunk);
      void flush();
    },
  });

  // Polling only starts a deploy when the branch moved; the others record even "already up to date".
  if (!id && result.toCommit === null) {
    id = await insertDeployment(sql, {
      source: trigger.source,
      branch: target.branch,
      fromCommit: result.fromCommit,
      toCommit: result.fromCommit ?? 'unknown',
      triggeredBy: trigger.triggeredBy,
    });
    started(id);
  }
  if (!id) return;
  await flushing;
  await updateDeployment(sql, id, {
    status: result.outcome,
    services: result.services,
    log: text,
    error: result.error,
    finished: true,
  });
  if (result.outcome !== 'succeeded')
    log.warn('deploy did not succeed', { deployment: id, outcome: result.outcome, error: result.error });
}

export async function readHead(repoDir: string): Promise<{ commit: string; subject: string }> {
  const out = await runCommand(['git', 'log', '-1', '--format=%H%n%s'], { cwd: repoDir, timeoutMs: 10_000 });
  const [commit = '', subject = ''] = out.split('\n');
  return { commit: commit.trim(), subject: subject.trim() };
}

/** Deploys when the remote branch points somewhere new that has not already failed to deploy. */
export async function pollOnce(sql: Sql, settings: DeploySettings, queue: DeployQueue): Promise<boolean> {
  if (!settings.repoDir || queue.busy()) return false;
  const out = await runCommand(['git', 'ls-remote', 'origin', `refs/heads/${settings.branch}`], {
    cwd: settings.repoDir,
    timeoutMs: 60_000,
  });
  const remote = out.split(/\s/)[0]?.trim();
  if (!remote) return false;
  const head = await readHead(settings.repoDir);
  if (remote === head.commit || (await commitFailedBefore(sql, remote))) return false;
  queue.trigger({ source: 'poll', triggeredBy: null });
  return true;
}
