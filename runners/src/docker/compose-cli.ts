/**
 * The compose command line that redeploys a stack: Docker's `docker compose` plugin, the standalone
 * `docker-compose`, or `podman-compose`, whichever this machine has. Always an argument array and
 * never a shell, so nothing in a stack's name or labels can become a command.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';

export type ComposeCli = { command: string; prefix: string[]; label: string };
export type ComposeRun = { exitCode: number; output: string };

async function onPath(name: string, searchPath = process.env.PATH ?? ''): Promise<string | null> {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}

/** Docker's CLI is often installed without its compose plugin, so `docker` alone proves nothing. */
async function hasComposePlugin(docker: string): Promise<boolean> {
  const result = await runCommand(docker, ['compose', 'version'], {
    timeoutMs: 10_000,
    maxOutputBytes: 4096,
  });
  return result.exitCode === 0;
}

/** The first compose CLI found, checked on each call so one installed later is picked up. */
export async function findComposeCli(): Promise<ComposeCli | null> {
  const docker = await onPath('docker');
  if (docker && (await hasComposePlugin(docker)))
    return { command: docker, prefix: ['compose'], label: 'docker compose' };
  const standalone = await onPath('docker-compose');
  if (standalone) return { command: standalone, prefix: [], label: 'docker-compose' };
  const podman = await onPath('podman-compose');
  if (podman) return { command: podman, prefix: [], label: 'podman-compose' };
  return null;
}

/** `up -d --remove-orphans` for the project and files, in the arguments every compose CLI accepts. */
export function redeployArgs(cli: ComposeCli, project: string, files: readonly string[]): string[] {
  return [
    ...cli.prefix,
    '-p',
    project,
    ...files.flatMap((file) => ['-f', file]),
    'up',
    '-d',
    '--remove-orphans',
  ];
}

export type RunOptions = { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number; maxOutputBytes: number };

/**
 * Runs a command and gives its exit code and interleaved stdout/stderr, keeping the last
 * `maxOutputBytes` (where compose prints its errors). spawn rather than execFile: execFile kills
 * the child once its buffer is full, which would abort a deploy halfway for being chatty.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<ComposeRun> {
  return new Promise((resolve) => {
    let output = Buffer.alloc(0);
    let dropped = false;
    let timedOut = false;
    const keep = (chunk: Buffer) => {
      output = Buffer.concat([output, chunk]);
      if (output.length > options.maxOutputBytes) {
        output = output.subarray(output.length - options.maxOutputBytes);
        dropped = true;
      }
    };
    const text = () => (dropped ? '[earlier output cut]\n' : '') + output.toString('utf8');
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: 127, output: `${text()}${error.message}\n` });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const finish = () => {
        if (timedOut)
          resolve({ exitCode: 124, output: `${text()}\n[stopped after ${options.timeoutMs / 1000} s]\n` });
        else if (code !== null) resolve({ exitCode: code, output: text() });
        else resolve({ exitCode: 128, output: `${text()}\n[killed by ${signal}]\n` });
      };
      // Output still in the pipes is read, but a grandchild that keeps them open is not waited for.
      const drain = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, 200);
      child.once('close', () => {
        clearTimeout(drain);
        finish();
      });
    });
  });
}
