/**
 * Where the compose project lives and what it is called, resolved the way `docker compose` does:
 * --project-name, then COMPOSE_PROJECT_NAME, then the compose file's top-level `name:`, then the folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type Project = { dir: string; composeFile: string; name: string; envFile: string };

const composeNames = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml'];

/** The first folder from `start` upwards that holds a compose file; `start` itself when none does. */
export function findProjectDir(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (composeNames.some((name) => existsSync(path.join(dir, name)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/** Compose's normalisation: lowercase, only [a-z0-9_-], starting with a letter or digit. */
export function normaliseProjectName(raw: string) {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z0-9]+/, '');
}

export function resolveProject(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  composeFile?: string;
  projectName?: string;
  envFile?: string;
}): Project {
  const dir = options.composeFile
    ? path.dirname(path.resolve(options.cwd, options.composeFile))
    : findProjectDir(options.cwd);
  const composeFile = options.composeFile
    ? path.resolve(options.cwd, options.composeFile)
    : path.join(dir, composeNames.find((name) => existsSync(path.join(dir, name))) ?? composeNames[0]!);
  const fromFile = existsSync(composeFile)
    ? /^name:\s*["']?([^"'\s#]+)/m.exec(readFileSync(composeFile, 'utf8'))?.[1]
    : undefined;
  const name = normaliseProjectName(
    options.projectName ?? options.env.COMPOSE_PROJECT_NAME ?? fromFile ?? path.basename(dir),
  );
  const envFile = options.envFile ? path.resolve(options.cwd, options.envFile) : path.join(dir, '.env');
  return { dir, composeFile, name, envFile };
}
