/**
 * What a container's labels say about the compose project it belongs to, and how containers add up
 * to stacks. Docker Compose, Portainer, Dockge and podman-compose all write the
 * com.docker.compose.* labels; podman-compose also writes io.podman.compose.project.
 */
import type { ContainerSummary, stackSchema } from '@homelab/db/docker';
import type { z } from 'zod';

export type Stack = z.infer<typeof stackSchema>;

export type ComposeLabels = {
  project: string | null;
  service: string | null;
  workingDir: string | null;
  configFiles: string[];
};

export function composeLabels(labels: Record<string, string> | null | undefined): ComposeLabels {
  const value = (key: string) => labels?.[key]?.trim() || null;
  return {
    project: value('com.docker.compose.project') ?? value('io.podman.compose.project'),
    service: value('com.docker.compose.service'),
    workingDir: value('com.docker.compose.project.working_dir'),
    configFiles: (value('com.docker.compose.project.config_files') ?? '')
      .split(',')
      .map((file) => file.trim())
      .filter(Boolean),
  };
}

export function stackStatus(containers: readonly Pick<ContainerSummary, 'state'>[]): Stack['status'] {
  const running = containers.filter((container) => container.state === 'running').length;
  if (running === 0) return 'stopped';
  return running === containers.length ? 'running' : 'partial';
}

/**
 * Containers grouped by project, sorted by name. The project comes from the container summary, or
 * from its labels when only podman-compose's label names it; working dir and files come from the
 * first container (the newest, in inventory order) that has them.
 */
export function groupStacks(
  containers: readonly ContainerSummary[],
  labelsOf: (id: string) => ComposeLabels | undefined,
): Stack[] {
  const stacks = new Map<string, Stack>();
  for (const container of containers) {
    const labels = labelsOf(container.id);
    const name = container.project ?? labels?.project;
    if (!name) continue;
    let stack = stacks.get(name);
    if (!stack) {
      stack = { name, status: 'stopped', workingDir: null, configFiles: [], containers: [] };
      stacks.set(name, stack);
    }
    stack.containers.push(container);
    stack.workingDir ??= labels?.workingDir ?? null;
    if (!stack.configFiles.length && labels?.configFiles.length) stack.configFiles = labels.configFiles;
  }
  return [...stacks.values()]
    .map((stack) => ({
      ...stack,
      status: stackStatus(stack.containers),
      containers: stack.containers.sort(
        (a, b) => (a.service ?? '').localeCompare(b.service ?? '') || a.name.localeCompare(b.name),
      ),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
