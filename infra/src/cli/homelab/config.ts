/**
 * The settings a command reads: `.env` beside the compose file, with the shell's environment winning
 * (as compose does), and the preflight that ends with exit code 3 while required values are empty.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv, requiredSecrets, requiredSettings } from './env-file';
import { CliError, ExitCode } from './exit-codes';
import type { Project } from './project';

export function loadSettings(project: Project, env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const file = existsSync(project.envFile) ? parseEnv(readFileSync(project.envFile, 'utf8')) : {};
  const merged: Record<string, string | undefined> = { ...file };
  for (const [name, value] of Object.entries(env)) if (value) merged[name] = value;
  return merged;
}

const optional = new Set(['AUTOMATION_INBOUND_SECRET']);

/** The values docker-compose.yml refuses to start without. */
export function requireConfigured(project: Project, env: NodeJS.ProcessEnv) {
  if (!existsSync(project.envFile)) {
    throw new CliError(
      `${project.envFile} does not exist`,
      ExitCode.notConfigured,
      'Run `homelab secrets` to create it, then set ACME_EMAIL in it.',
    );
  }
  const settings = loadSettings(project, env);
  const missing = [
    ...Object.keys(requiredSecrets).filter((n) => !optional.has(n)),
    ...requiredSettings,
  ].filter((name) => !settings[name]);
  if (missing.length > 0) {
    const secrets = missing.filter((name) => name in requiredSecrets);
    const fix = [
      secrets.length > 0 ? 'run `homelab secrets`' : null,
      ...missing
        .filter((name) => !(name in requiredSecrets))
        .map((name) => `set ${name} in ${project.envFile}`),
    ]
      .filter(Boolean)
      .join('; ');
    throw new CliError(`Not configured: ${missing.join(', ')} empty`, ExitCode.notConfigured, fix);
  }
  return settings;
}
