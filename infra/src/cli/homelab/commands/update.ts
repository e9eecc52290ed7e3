/**
 * `homelab update` and `homelab deploy <service>`: the update executor driven by compose (pull or
 * build, migrate, recreate), reported with exit 5 when the health gate failed and it rolled back.
 */
import { composeArgv, composeCommands, requireCompose, runCommand } from '../compose';
import { requireConfigured } from '../config';
import { connectEngine } from '../engine';
import { CliError, ExitCode, type ExitCodeValue } from '../exit-codes';
import { runUpdate, type UpdateActions, updateExitCode } from '../update';
import { type Context, flag, seconds } from './context';
import { runOptions } from './stack';

function composeActions(ctx: Context, options: { build: boolean; source: boolean }): UpdateActions {
  const tool = requireCompose(ctx.env);
  const run = (sub: string[]) => runCommand(composeArgv(tool, ctx.project, sub), runOptions(ctx));
  return {
    async pull(services) {
      await run(composeCommands.pull(services, tool));
      if (options.build) await run(composeCommands.build(services));
    },
    async migrate() {
      if (options.source) await runCommand(['npm', 'run', 'migrate', '-w', 'db'], runOptions(ctx));
      else await run(composeCommands.migrate());
    },
    restart: (services, { force }) =>
      run(force ? composeCommands.recreate(services) : composeCommands.apply(services)),
  };
}

function reportUpdate(
  ctx: Context,
  result: Awaited<ReturnType<typeof runUpdate>>,
  verb: string,
  migrated: boolean,
) {
  const out = ctx.out;
  out.emit(result);
  for (const change of result.changes) {
    out.line(
      `${change.service}: ${change.from.replace(/^sha256:/, '').slice(0, 12)} → ${change.to.replace(/^sha256:/, '').slice(0, 12)}`,
    );
  }
  for (const c of result.health)
    if (c.status !== 'healthy') out.line(`[${out.badge('fail')}] ${c.name}: ${c.detail}`);
  const messages = {
    updated: out.paint('green', `${verb} finished; every gated service is healthy.`),
    'rolled-back': out.paint(
      'yellow',
      `${verb} failed its health gate and was rolled back to the previous images.`,
    ),
    'rollback-failed': out.paint(
      'red',
      `${verb} failed its health gate and the rollback did not become healthy either.`,
    ),
    failed: out.paint('red', `${verb} stopped: ${result.error ?? 'a step failed'}`),
  };
  out.line(messages[result.outcome]);
  if (result.outcome !== 'updated' && result.outcome !== 'failed') {
    out.line(
      out.paint(
        'dim',
        `${migrated ? 'Database migrations are not undone. ' : ''}See \`homelab logs <service>\` for why it was unhealthy.`,
      ),
    );
  }
  return updateExitCode(result.outcome);
}

export async function update(ctx: Context): Promise<ExitCodeValue> {
  const healthTimeoutMs = seconds(ctx, 'health-timeout', 180);
  requireConfigured(ctx.project, ctx.env);
  const engine = await connectEngine(ctx.env);
  const actions = composeActions(ctx, { build: flag(ctx, 'build'), source: flag(ctx, 'source') });
  const result = await runUpdate({
    docker: engine.docker,
    podman: engine.podman,
    project: ctx.project.name,
    actions,
    services: ctx.positionals.length > 0 ? ctx.positionals : undefined,
    migrate: !flag(ctx, 'skip-migrate'),
    healthTimeoutMs,
    progress: (message) => ctx.out.progress(message),
  });
  return reportUpdate(ctx, result, 'Update', !flag(ctx, 'skip-migrate'));
}

export async function deploy(ctx: Context): Promise<ExitCodeValue> {
  const service = ctx.positionals[0];
  if (!service || ctx.positionals.length > 1)
    throw new CliError('deploy needs exactly one service, e.g. `homelab deploy functions`', ExitCode.usage);
  requireConfigured(ctx.project, ctx.env);
  const engine = await connectEngine(ctx.env);
  const tool = requireCompose(ctx.env);
  const run = (sub: string[]) => runCommand(composeArgv(tool, ctx.project, sub), runOptions(ctx));
  const result = await runUpdate({
    docker: engine.docker,
    podman: engine.podman,
    project: ctx.project.name,
    services: [service],
    migrate: false,
    healthTimeoutMs: seconds(ctx, 'health-timeout', 180),
    progress: (message) => ctx.out.progress(message.replace(/^Pulling images/, 'Building')),
    actions: {
      pull: (services) => run(composeCommands.build(services)),
      migrate: async () => {},
      restart: (services, { force }) =>
        run(force ? composeCommands.recreate(services) : composeCommands.apply(services)),
    },
  });
  return reportUpdate(ctx, result, `Deploy of ${service}`, false);
}
