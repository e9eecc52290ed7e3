/**
 * For the deploy tests: a real bare "remote", a clone that pushes to it, the host's checkout, and a
 * stand-in compose command that records its calls and reports health as told.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type TestRepo = ReturnType<typeof createTestRepo>;

export function createTestRepo() {
  const root = mkdtempSync(join(tmpdir(), 'deploy-repo-'));
  const remote = join(root, 'remote.git');
  const seed = join(root, 'seed');
  const checkout = join(root, 'checkout');
  const composeLog = join(root, 'compose.log');
  const composeScript = join(root, 'compose.sh');

  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();

  const commit = (files: Record<string, string>, message: string) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(seed, path)), { recursive: true });
      writeFileSync(join(seed, path), text);
    }
    git(seed, 'add', '-A');
    git(seed, 'commit', '--quiet', '-m', message);
    return git(seed, 'rev-parse', 'HEAD');
  };
  const push = (...extra: string[]) => git(seed, 'push', '--quiet', ...extra, 'origin', 'HEAD:main');

  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  git(root, 'clone', '--quiet', remote, seed);
  git(seed, 'checkout', '--quiet', '-b', 'main');
  commit({ 'functions/src/app.ts': 'v1', 'docs/guide.md': 'v1', 'runners/src/main.ts': 'v1' }, 'first');
  push();
  git(root, 'clone', '--quiet', '--branch', 'main', remote, checkout);
  // `ps` lists the services it is asked about, unhealthy while the file "unhealthy" exists.
  writeFileSync(
    composeScript,
    `#!/bin/sh
echo "$*" >> "${composeLog}"
if [ "$1" = "ps" ]; then
  shift 4
  health=healthy
  [ -f "${root}/unhealthy" ] && health=unhealthy
  for s in "$@"; do echo "{\\"Service\\":\\"$s\\",\\"State\\":\\"running\\",\\"Health\\":\\"$health\\"}"; done
fi
exit 0
`,
  );

  return {
    root,
    seed,
    checkout,
    compose: ['sh', composeScript],
    git,
    commit,
    push,
    head: () => git(checkout, 'rev-parse', 'HEAD'),
    composeCalls: () =>
      existsSync(composeLog) ? readFileSync(composeLog, 'utf8').trim().split('\n').filter(Boolean) : [],
    reportUnhealthy: () => writeFileSync(join(root, 'unhealthy'), ''),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
