/**
 * The decisions of a container update, apart from the engine calls that carry them out: the names of
 * snapshots and of the container kept for rollback, the new container's create options, when the
 * new container counts as healthy, and what a rollback has to undo given how far the update got.
 */
import type Dockerode from 'dockerode';

/** A UTC time as 20261129T153000Z: sortable and valid in container and volume names. */
export function stamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Engine names are at most 128 characters; the suffix must survive, so the base is cut. */
function suffixed(base: string, suffix: string): string {
  return `${base.slice(0, 128 - suffix.length)}${suffix}`;
}

export const snapshotName = (volume: string, at: string) => suffixed(volume, `-snap-${at}`);
export const rollbackName = (container: string, at: string) => suffixed(container, `-rollback-${at}`);

/**
 * The tag an update pulls: a container started from an image id or a digest has none, and pulling
 * it again could never give a newer image.
 */
export function updatableTag(configImage: string | undefined): string | null {
  if (!configImage || configImage.includes('@')) return null;
  if (/^(sha256:)?[a-f0-9]{12,64}$/.test(configImage)) return null;
  return configImage;
}

/** Labels on a snapshot volume: which volume it copies, and when it may be pruned. */
export const snapshotLabels = {
  of: 'dev.homelab.update-snapshot-of',
  expires: 'dev.homelab.update-snapshot-expires',
} as const;

/** The named volumes a container mounts; bind mounts and anonymous tmpfs are not the engine's to copy. */
export function namedVolumes(mounts: Dockerode.ContainerInspectInfo['Mounts']): string[] {
  const names = (mounts ?? []).flatMap((mount) =>
    mount.Type === 'volume' && mount.Name ? [mount.Name] : [],
  );
  return [...new Set(names)];
}

type ImageConfig = Partial<Dockerode.ImageInspectInfo['Config']> & { Healthcheck?: unknown };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Create options for the new container: the old container's own settings over the new image. A
 * setting the old container only had because its image said so (env, command, labels, healthcheck,
 * workdir, user) is left out, so the new image's default applies; otherwise an update would keep
 * the old image's PATH or version variable forever.
 */
export function recreateOptions(
  inspect: Dockerode.ContainerInspectInfo,
  oldImage: ImageConfig,
  image: string,
): Dockerode.ContainerCreateOptions {
  const config = inspect.Config as Dockerode.ContainerInspectInfo['Config'] & {
    Healthcheck?: unknown;
    StopSignal?: string;
    StopTimeout?: number;
  };
  const own = <T>(value: T, imageValue: unknown): T | undefined =>
    same(value, imageValue) ? undefined : value;
  const imageEnv = new Set(oldImage.Env ?? []);
  const env = (config.Env ?? []).filter((entry) => !imageEnv.has(entry));
  const imageLabels = oldImage.Labels ?? {};
  const labels = Object.fromEntries(
    Object.entries(config.Labels ?? {}).filter(([key, value]) => imageLabels[key] !== value),
  );
  const networks = inspect.NetworkSettings?.Networks ?? {};
  const mode = inspect.HostConfig?.NetworkMode ?? '';
  const shortId = inspect.Id.slice(0, 12);
  const endpoints = Object.fromEntries(
    Object.entries(networks)
      .filter(([name]) => !['none', 'host'].includes(name) && !mode.startsWith('container:'))
      .map(([name, endpoint]) => [
        name,
        {
          Aliases: ((endpoint.Aliases ?? []) as string[]).filter(
            (alias) => alias !== shortId && alias !== inspect.Id,
          ),
          ...(endpoint.IPAMConfig ? { IPAMConfig: endpoint.IPAMConfig } : {}),
          ...(endpoint.Links?.length ? { Links: endpoint.Links } : {}),
        },
      ]),
  );
  const options: Dockerode.ContainerCreateOptions = {
    name: inspect.Name.replace(/^\//, ''),
    Image: image,
    Env: env,
    Labels: labels,
    Cmd: own(config.Cmd, oldImage.Cmd) as string[] | undefined,
    Entrypoint: own(config.Entrypoint, oldImage.Entrypoint) as string[] | undefined,
    WorkingDir: own(config.WorkingDir, oldImage.WorkingDir),
    User: own(config.User, oldImage.User),
    Healthcheck: own(
      config.Healthcheck,
      oldImage.Healthcheck,
    ) as Dockerode.ContainerCreateOptions['Healthcheck'],
    ExposedPorts: own(config.ExposedPorts, oldImage.ExposedPorts),
    StopSignal: own(config.StopSignal, (oldImage as { StopSignal?: string }).StopSignal),
    Hostname: config.Hostname && config.Hostname !== shortId ? config.Hostname : undefined,
    Domainname: config.Domainname || undefined,
    Tty: config.Tty,
    OpenStdin: config.OpenStdin,
    StdinOnce: config.StdinOnce,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    HostConfig: withAnonymousVolumes(inspect),
    ...(Object.keys(endpoints).length ? { NetworkingConfig: { EndpointsConfig: endpoints } } : {}),
  };
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Dockerode.ContainerCreateOptions;
}

/**
 * The host config, plus a mount for each volume the container got without asking (an image's
 * VOLUME): Docker lists those in neither Binds nor Mounts, and the new container would get an empty
 * one instead of the data.
 */
function withAnonymousVolumes(inspect: Dockerode.ContainerInspectInfo): Dockerode.HostConfig {
  const host = inspect.HostConfig ?? {};
  const declared = new Set([
    ...(host.Binds ?? []).map((bind) => bind.split(':')[1]),
    ...((host as { Mounts?: { Target?: string }[] }).Mounts ?? []).map((mount) => mount.Target),
  ]);
  const anonymous = (inspect.Mounts ?? []).filter(
    (mount) => mount.Type === 'volume' && mount.Name && !declared.has(mount.Destination),
  );
  if (!anonymous.length) return host;
  const mounts = (host as { Mounts?: Dockerode.MountSettings[] }).Mounts ?? [];
  return {
    ...host,
    Mounts: [
      ...mounts,
      ...anonymous.map((mount) => ({
        Type: 'volume' as const,
        Source: mount.Name!,
        Target: mount.Destination,
      })),
    ],
  };
}

export type HealthOptions = {
  /** How long the new container has to report healthy. */
  timeoutMs: number;
  /** Without a healthcheck: how long it must run without restarting. */
  stableMs: number;
};

export type HealthVerdict =
  | { verdict: 'healthy' }
  | { verdict: 'waiting' }
  | { verdict: 'failed'; reason: string };

type StateFacts = {
  Status?: string;
  Running?: boolean;
  ExitCode?: number;
  Health?: { Status?: string; Log?: { Output?: string }[] | null } | null;
};

/**
 * Whether the new container is good, from one inspect: with a healthcheck it must say "healthy";
 * without one it must keep running, without a restart, for `stableMs`. Out of time is a failure.
 */
export function healthVerdict(
  state: StateFacts,
  restarts: number,
  hasHealthcheck: boolean,
  elapsedMs: number,
  options: HealthOptions,
): HealthVerdict {
  if (!state.Running)
    return {
      verdict: 'failed',
      reason: `The new container stopped (exit code ${state.ExitCode ?? 'unknown'}).`,
    };
  if (restarts > 0) return { verdict: 'failed', reason: 'The new container restarted.' };
  const health = state.Health?.Status;
  if (hasHealthcheck) {
    if (health === 'healthy') return { verdict: 'healthy' };
    if (health === 'unhealthy') {
      const output = state.Health?.Log?.at(-1)?.Output?.trim();
      return {
        verdict: 'failed',
        reason: `The healthcheck failed${output ? `: ${output.slice(0, 200)}` : '.'}`,
      };
    }
  } else if (elapsedMs >= options.stableMs) return { verdict: 'healthy' };
  if (elapsedMs >= options.timeoutMs)
    return {
      verdict: 'failed',
      reason: hasHealthcheck
        ? `The healthcheck did not pass within ${Math.round(options.timeoutMs / 1000)} s.`
        : 'The new container did not stay up.',
    };
  return { verdict: 'waiting' };
}

/** How far an update got; each flag is set once the engine has done that step. */
export type Reached = {
  stopped: boolean;
  renamed: boolean;
  created: boolean;
  started: boolean;
};

export type RollbackAction = 'remove-new' | 'restore-volumes' | 'rename-old-back' | 'start-old';

/**
 * What to undo, in order. Volumes are restored only if the new container ran: it may have migrated
 * the data, and before that the volumes are untouched, so restoring would only cost time.
 */
export function rollbackPlan(reached: Reached, snapshots: number): RollbackAction[] {
  const plan: RollbackAction[] = [];
  if (reached.created) plan.push('remove-new');
  if (reached.started && snapshots > 0) plan.push('restore-volumes');
  if (reached.renamed) plan.push('rename-old-back');
  if (reached.stopped) plan.push('start-old');
  return plan;
}
