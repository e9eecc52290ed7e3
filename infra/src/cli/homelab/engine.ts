/**
 * The Docker-compatible engine the CLI talks to: DOCKER_HOST (unix:// or tcp://) or Docker's default
 * socket; Podman's Docker API works unchanged, and is detected because it needs help with healthchecks.
 */
import { existsSync } from 'node:fs';
import Dockerode from 'dockerode';
import { CliError, ExitCode } from './exit-codes';

export type Engine = { docker: Dockerode; host: string; podman: boolean };

const defaultSocket = '/var/run/docker.sock';

export function dockerFromHost(host: string | undefined): { docker: Dockerode; host: string } {
  const chosen = host && host.length > 0 ? host : `unix://${defaultSocket}`;
  if (chosen.startsWith('unix://')) {
    return { docker: new Dockerode({ socketPath: chosen.slice('unix://'.length) }), host: chosen };
  }
  const url = new URL(chosen.replace(/^tcp:/, 'http:'));
  return {
    docker: new Dockerode({ host: url.hostname, port: Number(url.port || 2375), protocol: 'http' }),
    host: chosen,
  };
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Connects and pings; an engine that does not answer ends the command with exit code 4. */
export async function connectEngine(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 5_000,
): Promise<Engine> {
  const { docker, host } = dockerFromHost(env.DOCKER_HOST);
  const fix =
    'Start Docker (`sudo systemctl start docker`) or point DOCKER_HOST at a running engine, e.g. ' +
    'DOCKER_HOST=unix:///run/podman/podman.sock after `podman system service --time=0`.';
  if (host === `unix://${defaultSocket}` && !existsSync(defaultSocket)) {
    throw new CliError(
      `No container engine: ${defaultSocket} does not exist`,
      ExitCode.engineUnreachable,
      fix,
    );
  }
  try {
    await withTimeout(docker.ping(), timeoutMs, `The engine at ${host}`);
    const version = await withTimeout(docker.version(), timeoutMs, `The engine at ${host}`);
    const podman = (version.Components ?? []).some((c) => /podman/i.test(c.Name));
    return { docker, host, podman };
  } catch (error) {
    throw new CliError(
      `The container engine at ${host} is unreachable: ${(error as Error).message}`,
      ExitCode.engineUnreachable,
      fix,
    );
  }
}
