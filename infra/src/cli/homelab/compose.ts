/**
 * `docker compose` command lines. Which compose exists is detected once per run: the Docker CLI
 * plugin, Podman's `podman compose`, then the standalone docker-compose or podman-compose.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { Writable } from 'node:stream';
import { CliError, ExitCode } from './exit-codes';
import type { Project } from './project';

export type ComposeTool = { command: string; args: string[] };

export const composeCandidates: ComposeTool[] = [
  { command: 'docker', args: ['compose'] },
  { command: 'podman', args: ['compose'] },
  { command: 'docker-compose', args: [] },
  { command: 'podman-compose', args: [] },
];

export type Probe = (tool: ComposeTool) => boolean;

const probeVersion: Probe = (tool) =>
  spawnSync(tool.command, [...tool.args, 'version'], { stdio: 'ignore', timeout: 10_000 }).status === 0;

let detected: ComposeTool | null | undefined;

/** HOMELAB_COMPOSE (e.g. "podman-compose") wins; otherwise the first candidate that answers, probed once. */
export function detectCompose(probe: Probe = probeVersion, env: NodeJS.ProcessEnv = process.env) {
  const forced = env.HOMELAB_COMPOSE?.trim();
  if (forced) return { command: forced.split(/\s+/)[0]!, args: forced.split(/\s+/).slice(1) };
  if (probe !== probeVersion) return composeCandidates.find(probe) ?? null;
  if (detected === undefined) detected = composeCandidates.find(probe) ?? null;
  return detected;
}

export function requireCompose(env: NodeJS.ProcessEnv = process.env): ComposeTool {
  const tool = detectCompose(probeVersion, env);
  if (!tool) {
    throw new CliError(
      'No compose found (tried docker compose, podman compose, docker-compose, podman-compose)',
      ExitCode.engineUnreachable,
      'Install the Docker Compose plugin (`sudo apt install docker-compose-plugin`) or podman-compose.',
    );
  }
  return tool;
}

/** The project, file and env file are always explicit, so the CLI works from any folder. */
export function composeArgv(tool: ComposeTool, project: Project, sub: string[]): string[] {
  return [
    tool.command,
    ...tool.args,
    '--project-name',
    project.name,
    '--file',
    project.composeFile,
    '--env-file',
    project.envFile,
    ...sub,
  ];
}

export const composeCommands = {
  up: (services: string[], options: { build: boolean }) => [
    'up',
    '--detach',
    ...(options.build ? ['--build'] : []),
    ...services,
  ],
  down: (options: { volumes: boolean }) => ['down', ...(options.volumes ? ['--volumes'] : [])],
  /** Images built from this repository cannot be pulled; each compose says "skip those" its own way. */
  pull: (services: string[], tool: ComposeTool) => [
    'pull',
    ...(tool.args[0] === 'compose'
      ? ['--ignore-buildable']
      : tool.command === 'docker-compose'
        ? ['--ignore-pull-failures']
        : []),
    ...services,
  ],
  build: (services: string[]) => ['build', ...services],
  recreate: (services: string[]) => ['up', '--detach', '--no-deps', '--force-recreate', ...services],
  /** Recreates a service only when its image or configuration changed. */
  apply: (services: string[]) => ['up', '--detach', '--no-deps', ...services],
  /** The compose file's one-shot migrate service: db/dist/migrate-cli.mjs in the runners image. */
  migrate: () => ['run', '--rm', '--no-deps', 'migrate'],
};

/**
 * Runs a command with the CLI's environment. On the real terminal the child inherits it (compose
 * keeps its progress bars); with --json its stdout goes to stderr so stdout stays one JSON document.
 */
export function runCommand(
  argv: string[],
  options: { json: boolean; cwd: string; env: NodeJS.ProcessEnv; stdout: Writable; stderr: Writable },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onTerminal = options.stdout === process.stdout && options.stderr === process.stderr;
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      stdio: onTerminal ? ['inherit', options.json ? 2 : 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    });
    if (!onTerminal) {
      child.stdout?.pipe(options.json ? options.stderr : options.stdout, { end: false });
      child.stderr?.pipe(options.stderr, { end: false });
    }
    child.on('error', (error) =>
      reject(new CliError(`${argv[0]} could not start: ${error.message}`, ExitCode.engineUnreachable)),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new CliError(`\`${argv.slice(0, 6).join(' ')} …\` exited with ${code}`, ExitCode.failed)),
    );
  });
}
