/**
 * Carries out one deploy in the checkout on the host: fetch the branch, refuse anything but a
 * fast-forward, check out the new commit, build and restart only the services the planner names,
 * run migrations when they changed, and wait for compose to report them healthy. When a step after
 * the checkout fails, the previous commit is checked out and the same services rebuilt and restarted.
 */
import { type RunOptions, runCommand, StepError } from './command';
import { type DeployPlan, planDeploy, plannedServices } from './planner';

export type StepTimeouts = { git: number; build: number; migrate: number; up: number; health: number };

export type DeployTarget = {
  repoDir: string;
  branch: string;
  /** argv prefix that runs compose for this project, e.g. `docker compose -f /srv/homelab/docker-compose.yml`. */
  compose: readonly string[];
  remote?: string;
  timeouts?: Partial<StepTimeouts>;
  /** How often the health gate asks compose. */
  healthIntervalMs?: number;
  signal?: AbortSignal;
};

export type DeployPhase = 'building' | 'migrating' | 'restarting';
export type DeployOutcome = 'succeeded' | 'rolled_back' | 'failed';

/** What the executor tells its caller as it goes; the service writes each to the deployments row. */
export type DeployProgress = {
  /** The commits are known (after fetch); `services` once the plan is made. */
  begin(info: { fromCommit: string; toCommit: string }): Promise<void> | void;
  plan(services: string[]): Promise<void> | void;
  phase(phase: DeployPhase): Promise<void> | void;
  output(text: string): void;
};

export type DeployResult = {
  outcome: DeployOutcome;
  fromCommit: string | null;
  toCommit: string | null;
  services: string[];
  error: string | null;
  /** The branch had not moved: nothing was done. */
  upToDate: boolean;
};

const defaultTimeouts: StepTimeouts = {
  git: 120_000,
  build: 30 * 60_000,
  migrate: 10 * 60_000,
  up: 5 * 60_000,
  health: 3 * 60_000,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function deployBranch(target: DeployTarget, progress: DeployProgress): Promise<DeployResult> {
  const timeouts = { ...defaultTimeouts, ...target.timeouts } satisfies StepTimeouts;
  const remote = target.remote ?? 'origin';
  const say = (line: string) => progress.output(`${line}\n`);
  const run = (argv: readonly string[], timeoutMs: number, extra: Partial<RunOptions> = {}) => {
    say(`$ ${argv.join(' ')}`);
    return runCommand(argv, {
      cwd: target.repoDir,
      timeoutMs,
      onOutput: progress.output,
      signal: target.signal,
      ...extra,
    });
  };
  const git = (...args: string[]) => run(['git', ...args], timeouts.git).then((out) => out.trim());
  const compose = (args: string[], timeoutMs: number) => run([...target.compose, ...args], timeoutMs);

  const result: DeployResult = {
    outcome: 'failed',
    fromCommit: null,
    toCommit: null,
    services: [],
    error: null,
    upToDate: false,
  };
  const fail = (error: unknown) => {
    result.error = error instanceof Error ? error.message : String(error);
    say(`! ${result.error}`);
    return result;
  };

  // Before the checkout nothing has changed on the host, so a failure here is simply "failed".
  let fromCommit: string;
  let toCommit: string;
  try {
    fromCommit = await git('rev-parse', 'HEAD');
    result.fromCommit = fromCommit;
    const dirty = await git('status', '--porcelain', '--untracked-files=no');
    if (dirty)
      throw new StepError(
        `The checkout has local changes to tracked files; commit or discard them first:\n${dirty}`,
      );
    const tracking = `refs/remotes/${remote}/${target.branch}`;
    await git('fetch', '--quiet', remote, `+refs/heads/${target.branch}:${tracking}`);
    toCommit = await git('rev-parse', `${tracking}^{commit}`);
    result.toCommit = toCommit;
  } catch (error) {
    return fail(error);
  }
  await progress.begin({ fromCommit, toCommit });

  if (toCommit === fromCommit) {
    say(`Already at ${short(toCommit)}: nothing to deploy.`);
    return { ...result, outcome: 'succeeded', upToDate: true };
  }

  let plan: DeployPlan;
  try {
    const ancestor = await runCommand(['git', 'merge-base', '--is-ancestor', fromCommit, toCommit], {
      cwd: target.repoDir,
      timeoutMs: timeouts.git,
    }).then(
      () => true,
      () => false,
    );
    if (!ancestor)
      throw new StepError(
        `Refused: ${short(toCommit)} on ${target.branch} is not a descendant of the running ${short(fromCommit)} (was the branch force-pushed?). Deploy it by hand after checking.`,
      );
    const changed = (await git('diff', '--name-only', fromCommit, toCommit)).split('\n').filter(Boolean);
    plan = planDeploy(changed);
    result.services = plannedServices(plan);
    say(`${changed.length} files changed; services: ${result.services.join(', ') || 'none'}`);
    await progress.plan(result.services);
  } catch (error) {
    return fail(error);
  }

  const apply = async (commit: string) => {
    await git('checkout', '--quiet', '-B', target.branch, commit);
    if (plan.all) {
      await compose(['build'], timeouts.build);
    } else if (plan.services.length) {
      await compose(['build', ...plan.services], timeouts.build);
    }
  };
  const restart = async () => {
    if (plan.all) await compose(['up', '-d', '--remove-orphans'], timeouts.up);
    else if (plan.services.length) await compose(['up', '-d', '--no-deps', ...plan.services], timeouts.up);
    if (plan.reloadCaddy && !plan.all)
      await compose(
        ['exec', '-T', 'caddy', 'caddy', 'reload', '--config', '/etc/caddy/Caddyfile'],
        timeouts.up,
      );
  };

  try {
    await progress.phase('building');
    await apply(toCommit);
    if (plan.migrate) {
      await progress.phase('migrating');
      await compose(['run', '--rm', '--no-deps', 'migrate'], timeouts.migrate);
    }
    await progress.phase('restarting');
    await restart();
    const gated = plan.all ? [] : [...plan.services, ...(plan.reloadCaddy ? ['caddy'] : [])];
    if (gated.length || plan.all) await waitHealthy(gated);
    say(`Deployed ${short(toCommit)}.`);
    return { ...result, outcome: 'succeeded' };
  } catch (error) {
    fail(error);
  }

  // Roll back: the previous commit, the same services. Migrations are forward-only and stay applied.
  say(`Rolling back to ${short(fromCommit)}.`);
  try {
    await apply(fromCommit);
    await restart();
    say(`Rolled back to ${short(fromCommit)}.`);
    return { ...result, outcome: 'rolled_back' };
  } catch (rollbackError) {
    const message = rollbackError instanceof Error ? rollbackError.message : String(rollbackError);
    say(`! Rollback failed: ${message}`);
    return { ...result, outcome: 'failed', error: `${result.error}; rollback failed: ${message}` };
  }

  /** Until every named service (every service, when none is named) is running and not unhealthy. */
  async function waitHealthy(services: string[]) {
    const deadline = Date.now() + timeouts.health;
    const interval = target.healthIntervalMs ?? 2_000;
    say(`Waiting for ${services.join(', ') || 'all services'} to be healthy.`);
    for (;;) {
      const out = await runCommand([...target.compose, 'ps', '--all', '--format', 'json', ...services], {
        cwd: target.repoDir,
        timeoutMs: timeouts.git,
      });
      const states = parsePs(out);
      const verdict = judgeHealth(states, services);
      if (verdict.state === 'healthy') {
        say(`Healthy: ${states.map((s) => s.Service).join(', ')}`);
        return;
      }
      if (verdict.state === 'unhealthy') throw new StepError(`Health check failed: ${verdict.detail}`);
      if (Date.now() >= deadline)
        throw new StepError(
          `Health check timed out after ${Math.round(timeouts.health / 1000)} s: ${verdict.detail}`,
        );
      await sleep(interval);
    }
  }
}

type PsEntry = { Service: string; State: string; Health?: string; ExitCode?: number };

/** `compose ps --format json` prints one object per line (v2.21+) or one array (older releases). */
export function parsePs(out: string): PsEntry[] {
  const text = out.trim();
  if (!text) return [];
  if (text.startsWith('[')) return JSON.parse(text) as PsEntry[];
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as PsEntry);
}

/**
 * Healthy when every named service runs and none reports unhealthy; with none named, every service
 * of the project, where a one-off that exited 0 (migrate) is fine.
 */
export function judgeHealth(
  all: PsEntry[],
  services: string[],
): { state: 'healthy' | 'unhealthy' | 'waiting'; detail: string } {
  const describe = (s: PsEntry) => `${s.Service} ${s.State}${s.Health ? ` (${s.Health})` : ''}`;
  const states = all.filter(
    (s) => services.includes(s.Service) || !(s.State === 'exited' && (s.ExitCode ?? 0) === 0),
  );
  const bad = states.filter((s) => s.Health === 'unhealthy' || ['exited', 'dead'].includes(s.State));
  if (bad.length) return { state: 'unhealthy', detail: bad.map(describe).join(', ') };
  const missing = services.filter((name) => !states.some((s) => s.Service === name));
  const pending = states.filter(
    (s) => s.State !== 'running' || (s.Health !== undefined && s.Health !== '' && s.Health !== 'healthy'),
  );
  if (missing.length || pending.length || states.length === 0)
    return {
      state: 'waiting',
      detail:
        [...missing.map((m) => `${m} not created`), ...pending.map(describe)].join(', ') || 'no services',
    };
  return { state: 'healthy', detail: states.map(describe).join(', ') };
}

export const short = (commit: string) => commit.slice(0, 7);
