/**
 * The docker runner's own memory: a runners process with only the docker runner enabled, idle
 * for ten seconds against the engine (whatever containers it holds), then stopped.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../support/ports';

const root = path.resolve(import.meta.dirname, '../..');

export async function dockerRunnerAloneMb(options: { databaseUrl: string; dockerHost: string }) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'runners/dist/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      DOCKER_HOST: options.dockerHost,
      RUNNER_SECRET: 'bench-'.repeat(8),
      RUNNERS_PORT: String(port),
      RUNNERS_ENABLED: 'docker',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    await new Promise((r) => setTimeout(r, 10_000));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } finally {
    child.kill('SIGTERM');
  }
}
