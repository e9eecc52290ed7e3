/**
 * The compose project's containers as the engine sees them (by compose's labels), so `status`, `logs`
 * and the update's health gate work even where no compose binary is installed.
 */
import type Dockerode from 'dockerode';

export const projectLabel = 'com.docker.compose.project';
export const serviceLabel = 'com.docker.compose.service';

export type ServiceContainer = {
  id: string;
  name: string;
  service: string;
  state: string;
  health: string | null;
  startedAt: string | null;
  exitCode: number;
  image: string;
  imageId: string;
};

export async function projectContainers(
  docker: Dockerode,
  project: string,
  service?: string,
): Promise<ServiceContainer[]> {
  const labels = [`${projectLabel}=${project}`];
  if (service) labels.push(`${serviceLabel}=${service}`);
  const listed = await docker.listContainers({ all: true, filters: { label: labels } });
  const containers = await Promise.all(
    listed.map(async (summary) => {
      const info = await docker.getContainer(summary.Id).inspect();
      return {
        id: info.Id,
        name: info.Name.replace(/^\//, ''),
        service: info.Config.Labels?.[serviceLabel] ?? info.Name.replace(/^\//, ''),
        state: info.State.Status,
        // Podman reports an empty status for containers without a healthcheck.
        health: info.State.Health?.Status || null,
        startedAt: info.State.Running ? info.State.StartedAt : null,
        exitCode: info.State.ExitCode,
        image: info.Config.Image,
        imageId: info.Image,
      } satisfies ServiceContainer;
    }),
  );
  return containers.sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name));
}

/** "3d 4h", "12m", "45s": how long a container has been up. */
export function formatUptime(startedAt: string | null, now = Date.now()): string {
  if (!startedAt) return '-';
  const seconds = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
