/**
 * Compose stacks, Portainer/Dockge style: every container that carries a compose project label is
 * shown with its project, however it was deployed, and can be started, stopped, restarted, read
 * and redeployed as one.
 */
import path from 'node:path';
import { engineNameSchema, type stackComposeSchema, type stackRedeploySchema } from '@homelab/db/docker';
import type Dockerode from 'dockerode';
import type { z } from 'zod';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { parseInput } from '../internal/request-input';
import { findComposeCli, redeployArgs, runCommand } from './compose-cli';
import { readComposeFile } from './compose-files';
import { type ComposeLabels, composeLabels, groupStacks, type Stack } from './compose-project';
import type { DockerDeps } from './deps';
import { engineFailure, engineMessage } from './engine-failure';

const redeployTimeoutMs = 5 * 60_000;
const maxOutputBytes = 64 * 1024;

type StackAction = 'start' | 'stop' | 'restart';

export function createStackRoutes(deps: DockerDeps) {
  const { engine, inventory, log } = deps;
  const app = createRunnerRoutes();
  // Labels never change after a container is created, so each container's are fetched once.
  const labelsById = new Map<string, ComposeLabels>();
  const redeploying = new Set<string>();

  async function loadLabels(ids: string[]) {
    if (ids.every((id) => labelsById.has(id))) return;
    try {
      const all = await engine.require().listContainers({ all: true });
      for (const info of all) labelsById.set(info.Id, composeLabels(info.Labels));
    } catch (error) {
      // The inventory still names each container's project; only the files are missing meanwhile.
      log.warn('could not read container labels for stacks', { error: engineMessage(error) });
      return;
    }
    // A container the list did not show (just removed, or skipped while the engine held its lock)
    // is not remembered: the next listing asks again instead of keeping it out of its stack for good.
  }

  async function listStacks(): Promise<Stack[]> {
    const containers = inventory.list();
    const ids = containers.map((container) => container.id);
    await loadLabels(ids);
    const known = new Set(ids);
    for (const id of labelsById.keys()) if (!known.has(id)) labelsById.delete(id);
    return groupStacks(containers, (id) => labelsById.get(id));
  }

  async function findStack(rawName: string): Promise<Stack> {
    const name = parseInput(engineNameSchema, rawName, 'stack name');
    const stack = (await listStacks()).find((candidate) => candidate.name === name);
    if (!stack)
      throw new HttpError(
        404,
        'not_found',
        `No stack named "${name}": no container has that compose project label.`,
      );
    return stack;
  }

  app.get('/stacks', async (c) => c.json(await listStacks()));

  app.get('/stacks/:name', async (c) => c.json(await findStack(c.req.param('name'))));

  app.get('/stacks/:name/compose', async (c) => {
    const stack = await findStack(c.req.param('name'));
    const files = await Promise.all(stack.configFiles.map((file) => readComposeFile(file, stack.workingDir)));
    return c.json({ files } satisfies z.infer<typeof stackComposeSchema>);
  });

  app.post('/stacks/:name/redeploy', async (c) => {
    const stack = await findStack(c.req.param('name'));
    if (!stack.configFiles.length)
      throw new HttpError(
        409,
        'no_compose_files',
        `Stack "${stack.name}" has no compose files in its labels (com.docker.compose.project.config_files), so there is nothing to redeploy it from.`,
      );
    const files = await Promise.all(stack.configFiles.map((file) => readComposeFile(file, stack.workingDir)));
    const unusable = files.filter((file) => file.content === null);
    if (unusable.length)
      throw new HttpError(
        409,
        'compose_files_unusable',
        `Stack "${stack.name}" cannot be redeployed: ${unusable.map((file) => `${file.path}: ${file.error}`).join('; ')}`,
      );
    const cli = await findComposeCli();
    if (!cli)
      throw new HttpError(
        409,
        'compose_unavailable',
        'No compose command line is installed where the docker runner runs. Install the Docker Compose plugin (`docker compose`), docker-compose or podman-compose to redeploy stacks.',
      );
    const docker = engine.require();
    if (redeploying.has(stack.name))
      throw new HttpError(409, 'redeploy_running', `Stack "${stack.name}" is already being redeployed.`);
    redeploying.add(stack.name);
    try {
      log.info('redeploying stack', { stack: stack.name, cli: cli.label, files: stack.configFiles });
      const result = await runCommand(cli.command, redeployArgs(cli, stack.name, stack.configFiles), {
        cwd: stack.workingDir ?? path.dirname(stack.configFiles[0]!),
        env: { ...process.env, DOCKER_HOST: dockerHostOf(docker) ?? process.env.DOCKER_HOST },
        timeoutMs: redeployTimeoutMs,
        maxOutputBytes,
      });
      if (result.exitCode !== 0)
        log.warn('stack redeploy failed', { stack: stack.name, exitCode: result.exitCode });
      await inventory.refresh().catch(() => {});
      return c.json(result satisfies z.infer<typeof stackRedeploySchema>);
    } finally {
      redeploying.delete(stack.name);
    }
  });

  app.post('/stacks/:name/:action{start|stop|restart}', async (c) => {
    const action = c.req.param('action') as StackAction;
    const stack = await findStack(c.req.param('name'));
    const docker = engine.require();
    const results = await Promise.allSettled(
      stack.containers.map((container) => act(docker, container, action)),
    );
    await Promise.all(stack.containers.map((container) => inventory.refresh(container.id).catch(() => {})));
    const failed = results.flatMap((result, index) =>
      result.status === 'rejected'
        ? [`${stack.containers[index]!.name} (${engineMessage(result.reason)})`]
        : [],
    );
    if (failed.length)
      throw new HttpError(
        409,
        'stack_action_failed',
        `Could not ${action} every container of "${stack.name}": ${failed.join(', ')}.`,
      );
    return c.json(await findStack(stack.name));
  });

  return app;
}

async function act(docker: Dockerode, container: Stack['containers'][number], action: StackAction) {
  const target = docker.getContainer(container.id);
  try {
    if (action === 'restart') await target.restart();
    else if (action === 'start') {
      if (container.state === 'paused') await target.unpause();
      else if (container.state !== 'running') await target.start();
    } else if (['running', 'paused', 'restarting'].includes(container.state)) await target.stop();
  } catch (error) {
    // 304: it already was in the wanted state, which is what was asked for.
    if ((error as { statusCode?: number }).statusCode === 304) return;
    throw engineFailure(error, `Container ${container.name} no longer exists.`);
  }
}

/** The runner's own engine address, so compose deploys to the engine this runner shows. */
function dockerHostOf(docker: Dockerode): string | undefined {
  const modem = docker.modem as { socketPath?: string; host?: string; port?: number | string };
  if (modem.socketPath) return `unix://${modem.socketPath}`;
  if (modem.host) return `tcp://${modem.host}:${modem.port ?? 2375}`;
  return undefined;
}
