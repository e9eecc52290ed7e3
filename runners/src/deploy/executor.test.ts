import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DeployPhase, deployBranch, judgeHealth, parsePs } from './executor';
import { createTestRepo, type TestRepo } from './test-repo';

let repo: TestRepo;

beforeEach(() => {
  repo = createTestRepo();
});

afterEach(() => repo.remove());

async function deploy() {
  const phases: DeployPhase[] = [];
  let log = '';
  const result = await deployBranch(
    {
      repoDir: repo.checkout,
      branch: 'main',
      compose: repo.compose,
      healthIntervalMs: 10,
      timeouts: { health: 5_000 },
    },
    {
      begin: () => {},
      plan: () => {},
      phase: (phase) => {
        phases.push(phase);
      },
      output: (text) => {
        log += text;
      },
    },
  );
  return { result, phases, log };
}

const file = (path: string) => readFileSync(join(repo.checkout, path), 'utf8');

describe('deployBranch', () => {
  it('deploys a push to the branch, rebuilding and restarting only the changed services', async () => {
    const from = repo.head();
    const to = repo.commit({ 'functions/src/app.ts': 'v2' }, 'change functions');
    repo.push();

    const { result, phases, log } = await deploy();

    expect(result).toMatchObject({
      outcome: 'succeeded',
      fromCommit: from,
      toCommit: to,
      services: ['functions'],
    });
    expect(repo.head()).toBe(to);
    expect(file('functions/src/app.ts')).toBe('v2');
    expect(phases).toEqual(['building', 'restarting']);
    expect(repo.composeCalls()).toEqual([
      'build functions',
      'up -d --no-deps functions',
      'ps --all --format json functions',
    ]);
    expect(log).toContain('$ git fetch');
  });

  it('rolls back to the previous commit when the new services report unhealthy', async () => {
    const from = repo.head();
    repo.commit({ 'functions/src/app.ts': 'broken' }, 'break functions');
    repo.push();
    repo.reportUnhealthy();

    const { result } = await deploy();

    expect(result.outcome).toBe('rolled_back');
    expect(result.error).toMatch(/Health check failed: functions running \(unhealthy\)/);
    expect(repo.head()).toBe(from);
    expect(file('functions/src/app.ts')).toBe('v1');
    expect(repo.composeCalls().slice(-2)).toEqual(['build functions', 'up -d --no-deps functions']);
  });

  it('refuses a branch force-pushed to a commit that does not descend from the running one', async () => {
    const from = repo.head();
    repo.git(repo.seed, 'checkout', '--quiet', '--orphan', 'rewrite');
    repo.commit({ 'functions/src/app.ts': 'rewritten' }, 'rewritten history');
    repo.push('--force');

    const { result } = await deploy();

    expect(result.outcome).toBe('failed');
    expect(result.error).toMatch(/not a descendant/);
    expect(repo.head()).toBe(from);
    expect(repo.composeCalls()).toEqual([]);
  });

  it('restarts nothing for a docs-only change and still moves the checkout', async () => {
    const to = repo.commit({ 'docs/guide.md': 'v2' }, 'docs');
    repo.push();

    const { result } = await deploy();

    expect(result).toMatchObject({ outcome: 'succeeded', toCommit: to, services: [] });
    expect(repo.head()).toBe(to);
    expect(file('docs/guide.md')).toBe('v2');
    expect(repo.composeCalls()).toEqual([]);
  });

  it('reports up to date, touching nothing, when the branch has not moved', async () => {
    const { result } = await deploy();
    expect(result).toMatchObject({ outcome: 'succeeded', upToDate: true, services: [] });
    expect(repo.composeCalls()).toEqual([]);
  });

  it('refuses to deploy over local changes to tracked files', async () => {
    repo.commit({ 'functions/src/app.ts': 'v2' }, 'change');
    repo.push();
    writeFileSync(join(repo.checkout, 'functions/src/app.ts'), 'edited on the host');

    const { result } = await deploy();

    expect(result.outcome).toBe('failed');
    expect(result.error).toMatch(/local changes/);
    expect(file('functions/src/app.ts')).toBe('edited on the host');
  });

  it('runs migrations between the build and the restart when a migration changed', async () => {
    repo.commit({ 'db/migrations/0018_next.sql': 'select 1;' }, 'migration');
    repo.push();

    const { result, phases } = await deploy();

    expect(result.outcome).toBe('succeeded');
    expect(phases).toEqual(['building', 'migrating', 'restarting']);
    expect(repo.composeCalls().slice(0, 3)).toEqual([
      'build dbpool runners runners-engine',
      'run --rm --no-deps migrate',
      'up -d --no-deps dbpool runners runners-engine',
    ]);
  });
});

describe('health verdicts', () => {
  it('reads both the line-per-service and the array forms of compose ps', () => {
    const line = '{"Service":"functions","State":"running","Health":"healthy"}';
    expect(parsePs(`${line}\n`)).toEqual(parsePs(`[${line}]`));
  });

  it('waits while a service starts, passes a one-off that exited 0 and fails a crashed service', () => {
    const starting = [{ Service: 'functions', State: 'running', Health: 'starting' }];
    expect(judgeHealth(starting, ['functions']).state).toBe('waiting');
    const withMigrate = [
      { Service: 'functions', State: 'running', Health: 'healthy' },
      { Service: 'migrate', State: 'exited', ExitCode: 0 },
    ];
    expect(judgeHealth(withMigrate, []).state).toBe('healthy');
    expect(judgeHealth([{ Service: 'runners', State: 'exited', ExitCode: 1 }], ['runners']).state).toBe(
      'unhealthy',
    );
    expect(judgeHealth([], ['runners']).state).toBe('waiting');
  });
});
