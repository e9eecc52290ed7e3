/**
 * `homelab up`, `down` and `logs`: compose for starting and stopping, the engine for output.
 */
import { composeArgv, composeCommands, requireCompose, runCommand } from '../compose';
import { requireConfigured } from '../config';
import { connectEngine } from '../engine';
import { CliError, ExitCode, type ExitCodeValue } from '../exit-codes';
import { waitHealthy } from '../health';
import { followLogs, readLogs, serviceContainer } from '../logs';
import { projectContainers } from '../services';
import { type Context, flag, seconds, str } from './context';

export const runOptions = (ctx: Context) => ({
  json: ctx.out.json,
  cwd: ctx.project.dir,
  env: ctx.env,
  stdout: ctx.out.io.stdout,
  stderr: ctx.out.io.stderr,
});

async function compose(ctx: Context, sub: string[], label: string) {
  const tool = requireCompose(ctx.env);
  await ctx.out.step(label, () => runCommand(composeArgv(tool, ctx.project, sub), runOptions(ctx)));
}

async function gateRunning(ctx: Context, services: string[]) {
  const engine = await connectEngine(ctx.env);
  const containers = (await projectContainers(engine.docker, ctx.project.name)).filter(
    (c) => c.state === 'running' && (services.length === 0 || services.includes(c.service)),
  );
  return ctx.out.step('Waiting for services to be healthy', () =>
    waitHealthy(
      engine.docker,
      containers.map((c) => c.id),
      { timeoutMs: seconds(ctx, 'health-timeout', 180), podman: engine.podman },
    ),
  );
}

export async function up(ctx: Context): Promise<ExitCodeValue> {
  seconds(ctx, 'health-timeout', 180);
  requireConfigured(ctx.project, ctx.env);
  await compose(
    ctx,
    composeCommands.up(ctx.positionals, { build: flag(ctx, 'build') }),
    'Starting the stack',
  );
  if (flag(ctx, 'no-wait')) {
    ctx.out.emit({ started: true, health: null });
    return ExitCode.ok;
  }
  const gate = await gateRunning(ctx, ctx.positionals);
  ctx.out.emit({ started: true, health: gate.containers });
  for (const c of gate.containers)
    ctx.out.line(`[${ctx.out.badge(c.status === 'healthy' ? 'ok' : 'fail')}] ${c.name}: ${c.detail}`);
  return gate.ok ? ExitCode.ok : ExitCode.failed;
}

export async function down(ctx: Context): Promise<ExitCodeValue> {
  await compose(ctx, composeCommands.down({ volumes: flag(ctx, 'volumes') }), 'Stopping the stack');
  ctx.out.emit({ stopped: true });
  return ExitCode.ok;
}

export async function logs(ctx: Context): Promise<ExitCodeValue> {
  const service = ctx.positionals[0];
  if (!service) throw new CliError('logs needs a service name, e.g. `homelab logs runners`', ExitCode.usage);
  const tail = Number(str(ctx, 'tail') ?? 200);
  if (!Number.isInteger(tail) || tail < 0) throw new CliError('--tail wants a whole number', ExitCode.usage);
  const engine = await connectEngine(ctx.env);
  const container = await serviceContainer(engine.docker, ctx.project.name, service);
  if (flag(ctx, 'follow')) {
    if (ctx.out.json) throw new CliError('--follow cannot be combined with --json', ExitCode.usage);
    await followLogs(engine.docker, container.id, tail, ctx.out.io.stdout, ctx.out.io.stderr, ctx.signal);
    return ExitCode.ok;
  }
  const text = await readLogs(engine.docker, container.id, tail);
  if (ctx.out.json) ctx.out.emit({ service, container: container.name, ...text });
  else {
    ctx.out.io.stdout.write(text.stdout);
    ctx.out.io.stderr.write(text.stderr);
  }
  return ExitCode.ok;
}
