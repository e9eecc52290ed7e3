/**
 * A real container engine for tests: the DOCKER_HOST already set, Docker's default socket, or
 * Podman's Docker-compatible API service started here (the recipe in ARCHITECTURE.md). The engine
 * is left running for the next run; it costs nothing while idle.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';

const podmanSocket = '/run/podman/podman.sock';

/** True when the socket answers Docker's /_ping. */
export function pingSocket(socketPath: string, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

const socketOf = (host: string) => (host.startsWith('unix://') ? host.slice('unix://'.length) : null);

/** Returns a DOCKER_HOST value that answers, starting Podman's service when nothing else does. */
export async function ensureEngine(logDir: string): Promise<string> {
  const candidates = [process.env.DOCKER_HOST, 'unix:///var/run/docker.sock', `unix://${podmanSocket}`];
  for (const host of candidates) {
    const socket = host && socketOf(host);
    if (socket && existsSync(socket) && (await pingSocket(socket))) return host as string;
  }
  if (spawnSync('podman', ['--version']).status !== 0) {
    throw new Error(
      'No container engine: set DOCKER_HOST, or install podman (`.ci/run` does) so tests can start its Docker API.',
    );
  }
  mkdirSync(path.dirname(podmanSocket), { recursive: true });
  mkdirSync(logDir, { recursive: true });
  const log = openSync(path.join(logDir, 'podman-service.log'), 'a');
  const child = spawn('podman', ['system', 'service', '--time=0', `unix://${podmanSocket}`], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  for (let i = 0; i < 100; i += 1) {
    if (existsSync(podmanSocket) && (await pingSocket(podmanSocket))) return `unix://${podmanSocket}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `Podman's API service did not answer on ${podmanSocket}; see ${logDir}/podman-service.log.`,
  );
}
