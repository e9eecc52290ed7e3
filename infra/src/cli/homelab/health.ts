/**
 * The health gate: waits until every given container is healthy (or, without a healthcheck, running)
 * and fails fast on one that is unhealthy or has exited. Podman started without systemd never runs
 * healthchecks by itself, so on Podman the gate asks it to run each pending one.
 */
import type Dockerode from 'dockerode';

export type HealthVerdict = {
  id: string;
  name: string;
  status: 'healthy' | 'pending' | 'failed';
  detail: string;
};

export type GateResult = { ok: boolean; containers: HealthVerdict[] };

async function runPodmanHealthcheck(docker: Dockerode, id: string) {
  await new Promise<void>((resolve) => {
    docker.modem.dial(
      {
        path: `/v4.0.0/libpod/containers/${id}/healthcheck?`,
        method: 'GET',
        statusCodes: { 200: true, 409: true, 500: true },
      },
      () => resolve(),
    );
  });
}

export async function judgeContainer(docker: Dockerode, id: string, podman: boolean): Promise<HealthVerdict> {
  let info = await docker.getContainer(id).inspect();
  const name = info.Name.replace(/^\//, '');
  if (!info.State.Running) {
    return { id, name, status: 'failed', detail: `${info.State.Status} (exit code ${info.State.ExitCode})` };
  }
  if (!info.Config.Healthcheck?.Test || info.Config.Healthcheck.Test[0] === 'NONE') {
    return { id, name, status: 'healthy', detail: 'running (no healthcheck)' };
  }
  if (podman && info.State.Health?.Status !== 'healthy' && info.State.Health?.Status !== 'unhealthy') {
    await runPodmanHealthcheck(docker, id);
    info = await docker.getContainer(id).inspect();
  }
  const health = info.State.Health?.Status ?? 'starting';
  if (health === 'healthy') return { id, name, status: 'healthy', detail: 'healthy' };
  if (health === 'unhealthy') {
    const last = info.State.Health?.Log?.at(-1);
    const output = last?.Output?.trim();
    return {
      id,
      name,
      status: 'failed',
      detail: `unhealthy${last ? ` (check exited ${last.ExitCode}${output ? `: ${output.slice(0, 200)}` : ''})` : ''}`,
    };
  }
  return { id, name, status: 'pending', detail: health };
}

export async function waitHealthy(
  docker: Dockerode,
  ids: string[],
  options: { timeoutMs: number; intervalMs?: number; podman: boolean; onPoll?: (v: HealthVerdict[]) => void },
): Promise<GateResult> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const verdicts = await Promise.all(ids.map((id) => judgeContainer(docker, id, options.podman)));
    options.onPoll?.(verdicts);
    if (verdicts.some((v) => v.status === 'failed')) return { ok: false, containers: verdicts };
    if (verdicts.every((v) => v.status === 'healthy')) return { ok: true, containers: verdicts };
    if (Date.now() >= deadline) {
      return {
        ok: false,
        containers: verdicts.map((v) =>
          v.status === 'pending'
            ? { ...v, status: 'failed', detail: `still ${v.detail} after ${options.timeoutMs / 1000}s` }
            : v,
        ),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 2_000));
  }
}
