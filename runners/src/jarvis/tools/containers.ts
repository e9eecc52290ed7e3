/**
 * Container tools: list, inspect and measure containers, restart/start/stop them (checked against
 * their state first, as the docker page does), and remove them. A restart or start counts as a
 * success only once the container stays up: running, healthy when it has a healthcheck, and its
 * restart count still for a few seconds.
 */
import type { ContainerSummary } from '@homelab/db/docker';
import { z } from 'zod';
import { inspectContainer, removeContainer, runContainerAction } from '../../docker/containers';
import { computeStats, type RawStats } from '../../docker/stats';
import { summaryFromInspect, summaryFromList } from '../../docker/summary';
import { HttpError } from '../../internal/errors';
import { clip, defineTool, errorText, pause } from './define';
import { dockerDeps, mapLimited } from './docker';
import type { ToolContext, Verification } from './types';

const containerRef = z
  .string()
  .min(1)
  .max(128)
  .describe('The container: its name (as list_containers shows it) or its id');
const oneContainer = z.object({ container: containerRef });
type OneContainer = z.infer<typeof oneContainer>;

const listCap = 100;

/** The fields the model needs of a container, without ports and mounts. */
function brief(c: ContainerSummary) {
  return {
    name: c.name,
    state: c.state,
    health: c.health,
    image: c.image,
    restartCount: c.restartCount,
    exitCode: c.exitCode,
    status: c.status,
    ...(c.project ? { project: c.project } : {}),
  };
}

export const listContainers = defineTool('list_containers', {
  args: z.object({
    name: z.string().max(128).optional().describe('Only containers whose name contains this text'),
    state: z
      .enum(['running', 'exited', 'restarting', 'paused', 'created', 'dead'])
      .optional()
      .describe('Only containers in this state'),
  }),
  target: () => null,
  async run(args, ctx) {
    const docker = ctx.engine.require();
    const rows = await docker.listContainers({ all: true });
    // Inspected for the restart count, which the list rows lack; a row gone meanwhile still counts.
    const summaries = await mapLimited(rows, 8, (row) =>
      docker
        .getContainer(row.Id)
        .inspect()
        .then(summaryFromInspect, () => summaryFromList(row)),
    );
    const needle = args.name?.toLowerCase();
    const matching = summaries
      .filter(
        (c) => (!needle || c.name.toLowerCase().includes(needle)) && (!args.state || c.state === args.state),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    const counts: Record<string, number> = {};
    for (const c of matching) counts[c.state] = (counts[c.state] ?? 0) + 1;
    const unhealthy = matching.filter((c) => c.health === 'unhealthy').length;
    const summary = `${matching.length} containers (${Object.entries(counts)
      .map(([state, n]) => `${n} ${state}`)
      .join(', ')}${unhealthy ? `, ${unhealthy} unhealthy` : ''})`;
    return {
      ok: true,
      summary,
      data: {
        total: matching.length,
        containers: matching.slice(0, listCap).map(brief),
        ...(matching.length > listCap ? { omitted: matching.length - listCap } : {}),
      },
    };
  },
});

export const inspectContainerTool = defineTool('inspect_container', {
  args: oneContainer,
  target: (args) => args.container,
  async run(args, ctx) {
    const { inspect, summary } = await inspectContainer(dockerDeps(ctx), args.container);
    const state = inspect.State;
    const health = state.Health;
    const policy = inspect.HostConfig?.RestartPolicy;
    return {
      ok: true,
      summary: `${summary.name}: ${summary.status || summary.state}, ${summary.restartCount} restarts`,
      // The health log holds the container's own output.
      untrusted: true,
      data: {
        ...brief(summary),
        id: summary.id.slice(0, 12),
        startedAt: summary.startedAt,
        finishedAt: summary.finishedAt,
        exitCode: state.ExitCode,
        oomKilled: state.OOMKilled,
        error: state.Error || null,
        restartPolicy: policy?.Name
          ? `${policy.Name}${policy.MaximumRetryCount ? `:${policy.MaximumRetryCount}` : ''}`
          : 'no',
        healthLog: (health?.Log ?? []).slice(-3).map((entry) => ({
          at: entry.Start,
          exitCode: entry.ExitCode,
          output: clip(entry.Output.trim(), 400),
        })),
        ports: summary.ports,
        mounts: summary.mounts.map((m) => ({
          type: m.type,
          source: m.name ?? m.source,
          destination: m.destination,
        })),
        networks: summary.networks,
        createdAt: summary.createdAt,
      },
    };
  },
});

export const containerStats = defineTool('container_stats', {
  args: oneContainer,
  target: (args) => args.container,
  async run(args, ctx) {
    const { summary } = await inspectContainer(dockerDeps(ctx), args.container);
    if (summary.state !== 'running')
      return { ok: false, error: `${summary.name} is ${summary.state}; only a running container has stats.` };
    const container = ctx.engine.require().getContainer(summary.id);
    const read = async () => (await container.stats({ stream: false })) as unknown as RawStats;
    const first = await read();
    let stats = computeStats(first, summary, null);
    // Podman's one-shot has no previous CPU reading: a second sample a second later gives the delta.
    if (!stats) {
      const baseline = {
        total: first.cpu_stats?.cpu_usage?.total_usage ?? 0,
        system: first.cpu_stats?.system_cpu_usage ?? 0,
      };
      await pause(1_000, ctx.signal);
      stats = computeStats(await read(), summary, baseline);
    }
    if (!stats) return { ok: false, error: `The engine gave no usable stats for ${summary.name}.` };
    const mb = (bytes: number) => Math.round(bytes / 1e6);
    return {
      ok: true,
      summary: `${summary.name}: CPU ${stats.cpuPercent.toFixed(1)} %, memory ${mb(stats.memoryBytes)} MB (${stats.memoryPercent.toFixed(1)} %)`,
      data: {
        name: summary.name,
        cpuPercent: Math.round(stats.cpuPercent * 10) / 10,
        memoryMb: mb(stats.memoryBytes),
        memoryLimitMb: mb(stats.memoryLimitBytes),
        memoryPercent: Math.round(stats.memoryPercent * 10) / 10,
        netRxMb: mb(stats.netRxBytes),
        netTxMb: mb(stats.netTxBytes),
        pids: stats.pids,
      },
    };
  },
});

/** How long a remediation is watched before it is judged; exported so tests can shorten it. */
export const verifyTiming = { timeoutMs: 20_000, stableMs: 5_000, everyMs: 500 };

async function inspectNow(ctx: ToolContext, ref: string) {
  return (await inspectContainer(dockerDeps(ctx), ref)).summary;
}

/**
 * Whether the container stays up: running, healthy if it has a healthcheck, and no restart for
 * `stableMs`. A crash loop shows as a rising restart count or a state other than running.
 */
export async function verifyStaysUp(ctx: ToolContext, ref: string): Promise<Verification> {
  const deadline = Date.now() + verifyTiming.timeoutMs;
  let stable: { since: number; restarts: number } | null = null;
  let last: ContainerSummary | null = null;
  for (;;) {
    try {
      last = await inspectNow(ctx, ref);
    } catch (error) {
      return { ok: false, detail: `The container could not be inspected: ${errorText(error)}` };
    }
    const up = last.state === 'running' && (last.health === 'none' || last.health === 'healthy');
    if (!up || (stable && last.restartCount !== stable.restarts)) stable = null;
    else stable ??= { since: Date.now(), restarts: last.restartCount };
    if (stable && Date.now() - stable.since >= verifyTiming.stableMs) {
      const health = last.health === 'healthy' ? ' and healthy' : '';
      return {
        ok: true,
        detail: `${last.name} is running${health}; no restart in ${Math.round(verifyTiming.stableMs / 1000)} s (restart count ${last.restartCount}).`,
      };
    }
    if (Date.now() + verifyTiming.everyMs > deadline) break;
    await pause(verifyTiming.everyMs, ctx.signal);
  }
  const exit = last.exitCode !== null ? ` (exit code ${last.exitCode})` : '';
  const health = last.health !== 'none' ? `, health ${last.health}` : '';
  return {
    ok: false,
    detail: `${last.name} did not stay up within ${Math.round(verifyTiming.timeoutMs / 1000)} s: ${last.state}${exit}${health}, restart count ${last.restartCount}.`,
  };
}

async function verifyStopped(ctx: ToolContext, ref: string): Promise<Verification> {
  const deadline = Date.now() + verifyTiming.timeoutMs;
  for (;;) {
    const summary = await inspectNow(ctx, ref);
    if (summary.state === 'exited' || summary.state === 'created' || summary.state === 'dead')
      return { ok: true, detail: `${summary.name} is stopped (${summary.state}).` };
    if (Date.now() + verifyTiming.everyMs > deadline)
      return { ok: false, detail: `${summary.name} is still ${summary.state}.` };
    await pause(verifyTiming.everyMs, ctx.signal);
  }
}

function action(verb: 'restart' | 'start' | 'stop', ctx: ToolContext, args: OneContainer) {
  return runContainerAction(dockerDeps(ctx), args.container, verb);
}

export const restartContainer = defineTool('restart_container', {
  args: oneContainer,
  target: (args) => args.container,
  async run(args, ctx) {
    const summary = await action('restart', ctx, args);
    return { ok: true, summary: `Restarted ${summary.name}`, data: brief(summary) };
  },
  verify: (args, ctx) => verifyStaysUp(ctx, args.container),
});

export const startContainer = defineTool('start_container', {
  args: oneContainer,
  target: (args) => args.container,
  async run(args, ctx) {
    const summary = await action('start', ctx, args);
    return { ok: true, summary: `Started ${summary.name}`, data: brief(summary) };
  },
  verify: (args, ctx) => verifyStaysUp(ctx, args.container),
  async rollback(args, ctx) {
    await action('stop', ctx, args);
  },
});

export const stopContainer = defineTool('stop_container', {
  args: oneContainer,
  target: (args) => args.container,
  async run(args, ctx) {
    const summary = await action('stop', ctx, args);
    return { ok: true, summary: `Stopped ${summary.name}`, data: brief(summary) };
  },
  verify: (args, ctx) => verifyStopped(ctx, args.container),
  async rollback(args, ctx) {
    await action('start', ctx, args);
  },
});

export const removeContainerTool = defineTool('remove_container', {
  args: z.object({
    container: containerRef,
    force: z.boolean().default(false).describe('Remove it even while it runs (it is killed first)'),
  }),
  target: (args) => args.container,
  async run(args, ctx) {
    const { summary } = await inspectContainer(dockerDeps(ctx), args.container);
    await removeContainer(dockerDeps(ctx), summary.id, { volumes: false, force: args.force });
    return {
      ok: true,
      summary: `Removed ${summary.name}; its volumes stay`,
      data: { removed: summary.name },
    };
  },
  async verify(args, ctx) {
    try {
      await inspectNow(ctx, args.container);
      return { ok: false, detail: `${args.container} still exists.` };
    } catch (error) {
      if (error instanceof HttpError && error.status === 404)
        return { ok: true, detail: `${args.container} is gone.` };
      return { ok: false, detail: `Could not check that ${args.container} is gone: ${errorText(error)}` };
    }
  },
});

export const containerTools = [
  listContainers,
  inspectContainerTool,
  containerStats,
  restartContainer,
  startContainer,
  stopContainer,
  removeContainerTool,
];
