/**
 * `homelab`: install, run, update, back up and check a HomeLabHub server from one command.
 * run() parses the command line, dispatches, and maps every failure to a documented exit code.
 */
import { parseArgs } from 'node:util';
import * as commands from './commands';
import { CliError, ExitCode, type ExitCodeValue, exitCodeMeanings } from './exit-codes';
import { type Io, Output } from './output';
import { resolveProject } from './project';

type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

const globalOptions: Record<string, OptionSpec> = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  'env-file': { type: 'string' },
  'project-name': { type: 'string', short: 'p' },
  'compose-file': { type: 'string' },
};

const commandOptions: Record<string, Record<string, OptionSpec>> = {
  status: { url: { type: 'string' }, timeout: { type: 'string' } },
  up: { build: { type: 'boolean' }, 'no-wait': { type: 'boolean' }, 'health-timeout': { type: 'string' } },
  down: { volumes: { type: 'boolean' } },
  logs: { follow: { type: 'boolean', short: 'f' }, tail: { type: 'string' } },
  update: {
    build: { type: 'boolean' },
    source: { type: 'boolean' },
    'skip-migrate': { type: 'boolean' },
    'health-timeout': { type: 'string' },
  },
  deploy: { 'health-timeout': { type: 'string' } },
  backup: {
    'database-url': { type: 'string' },
    dir: { type: 'string' },
    volume: { type: 'string', multiple: true },
    plain: { type: 'boolean' },
  },
  restore: {
    'database-url': { type: 'string' },
    yes: { type: 'boolean' },
    drill: { type: 'boolean' },
    'no-verify': { type: 'boolean' },
  },
  doctor: { domain: { type: 'string', multiple: true }, timeout: { type: 'string' } },
  secrets: {},
};

const handlers: Record<string, (ctx: commands.Context) => Promise<ExitCodeValue>> = {
  status: commands.status,
  up: commands.up,
  down: commands.down,
  logs: commands.logs,
  update: commands.update,
  deploy: commands.deploy,
  backup: commands.backup,
  restore: commands.restore,
  doctor: commands.doctor,
  secrets: commands.secrets,
};

export const helpText = `homelab: run a HomeLabHub server

Usage: homelab <command> [options]

Commands:
  status                 services of the compose project (state, health, uptime, image)
                         and HomeLabHub's own /api/health   [--url URL] [--timeout S]
  up [service...]        docker compose up -d, then wait until healthy
                         [--build] [--no-wait] [--health-timeout S]
  down                   docker compose down   [--volumes]
  logs <service>         a service's output   [-f|--follow] [--tail N]
  update [service...]    pull images, migrate, recreate, gate on health; rolls back to the
                         previous images when unhealthy
                         [--build] [--source] [--skip-migrate] [--health-timeout S]
  deploy <service>       build, recreate that service (and the running services that share
                         its image), gate on health, roll back when unhealthy
                         [--health-timeout S]
  backup                 system archive of DATABASE_OWNER_URL's database (and chosen volumes),
                         encrypted when SYSTEM_BACKUP_KEY is set, with a .sha256 beside it
                         [--database-url URL] [--dir DIR] [--volume NAME...]
                         [--plain: a single pg_dump -Fc file instead]
  restore <file>         verify the .sha256, then restore into the database (an empty one for
                         system archives)   --yes [--database-url URL] [--no-verify]
                         [--drill: restore into a throwaway database, compare every table, drop it]
  doctor                 check env vars, engine, compose, disk, ports 80/443, DNS and
                         certificates, each with how to fix it   [--domain NAME...] [--timeout S]
  secrets                fill empty secrets in .env with random values (creates .env from
                         infra/env.example when missing); prints names, never values

Options for every command:
  --json                 one JSON document on stdout (no colour, no spinner)
  --env-file FILE        default: .env beside docker-compose.yml
  -p, --project-name N   default: COMPOSE_PROJECT_NAME, the compose file's name:, the folder
  --compose-file FILE    default: docker-compose.yml found from the current folder upwards
  -h, --help

Environment: DOCKER_HOST (default unix:///var/run/docker.sock), NO_COLOR, HOMELAB_COMPOSE
(e.g. "podman-compose"), PUBLIC_IP / PUBLIC_IP_URLS and HOMELAB_DOMAINS for doctor.

Exit codes:
${Object.entries(exitCodeMeanings)
  .map(([code, meaning]) => `  ${code}  ${meaning}`)
  .join('\n')}
`;

/** The first word that is not an option or the value of a global option that takes one. */
function commandIndex(argv: string[]) {
  const takesValue = new Set(['--env-file', '--project-name', '-p', '--compose-file']);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (takesValue.has(arg)) i += 1;
    else if (!arg.startsWith('-')) return i;
  }
  return -1;
}

export type RunOverrides = { signal?: AbortSignal };

export async function run(argv: string[], io: Io, overrides: RunOverrides = {}): Promise<ExitCodeValue> {
  const index = commandIndex(argv);
  const name = index >= 0 ? argv[index] : undefined;
  const wantsJson = argv.includes('--json');
  const out = new Output(io, { json: wantsJson });
  if (!name || name === 'help') {
    if (argv.includes('--help') || argv.includes('-h') || name === 'help') {
      io.stdout.write(helpText);
      return ExitCode.ok;
    }
    out.error('missing command', 'Run `homelab --help` for the list.');
    return ExitCode.usage;
  }
  const handler = handlers[name];
  if (!handler) {
    out.error(`unknown command "${name}"`, 'Run `homelab --help` for the list.');
    return ExitCode.usage;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv.filter((_, i) => i !== index),
      options: { ...globalOptions, ...commandOptions[name] },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    out.error((error as Error).message, `Run \`homelab --help\` for ${name}'s options.`);
    return ExitCode.usage;
  }
  if (parsed.values.help) {
    io.stdout.write(helpText);
    return ExitCode.ok;
  }
  try {
    const project = resolveProject({
      cwd: io.cwd,
      env: io.env,
      composeFile: parsed.values['compose-file'] as string | undefined,
      projectName: parsed.values['project-name'] as string | undefined,
      envFile: parsed.values['env-file'] as string | undefined,
    });
    return await handler({
      out,
      project,
      env: io.env,
      positionals: parsed.positionals,
      options: parsed.values as commands.Context['options'],
      signal: overrides.signal,
    });
  } catch (error) {
    if (error instanceof CliError) {
      out.error(error.message, error.fix);
      out.emit({ error: error.message, fix: error.fix ?? null, exitCode: error.code });
      return error.code;
    }
    out.error((error as Error).stack ?? String(error));
    out.emit({ error: (error as Error).message, exitCode: ExitCode.failed });
    return ExitCode.failed;
  }
}
