/**
 * Container monitors: a container on this host is up while it runs and its health check (when it
 * has one) does not say unhealthy. The engine is asked through deps so the check stays free of Docker.
 */
import type { CheckResult, MonitorConfig } from '@homelab/db/monitoring';
import { type CheckOptions, deadline, describeError, down, elapsedSince, untilAborted, up } from './outcome';

type ContainerConfig = Extract<MonitorConfig, { type: 'container' }>;

export async function checkContainer(config: ContainerConfig, options: CheckOptions): Promise<CheckResult> {
  const limit = deadline(options);
  const startedAt = performance.now();
  try {
    const found = await untilAborted(options.deps.container(config.container), limit.signal);
    const latencyMs = elapsedSince(startedAt);
    if (!found) return down(`container ${config.container} not found`, {}, latencyMs);
    const detail = { state: found.state, health: found.health, restartCount: found.restartCount };
    if (found.state !== 'running') return down(`container is ${found.state}`, detail, latencyMs);
    if (found.health === 'unhealthy') return down('container is running but unhealthy', detail, latencyMs);
    const health = ['', 'none'].includes(found.health) ? 'no health check' : found.health;
    return up(latencyMs, `running, ${health}`, detail);
  } catch (error) {
    return down(`could not ask the container engine: ${describeError(error, limit.reason)}`);
  }
}
