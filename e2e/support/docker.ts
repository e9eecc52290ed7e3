/** The real container engine from the e2e side: test containers made directly, so the API can be checked against them. */
import { randomBytes } from 'node:crypto';
import type {} from '@homelab/infra/test/provided';
import Dockerode from 'dockerode';
import { inject } from 'vitest';

export function engine() {
  const host = inject('dockerHost');
  return new Dockerode({ socketPath: host.replace(/^unix:\/\//, '') });
}

export const containerName = (prefix = 'hle') => `${prefix}-${randomBytes(4).toString('hex')}`;

/** A busybox container that prints a numbered line every 200 ms (stderr every fifth) until stopped. */
export async function chattyContainer(docker: Dockerode, name = containerName(), start = true) {
  const container = await docker.createContainer({
    name,
    Image: inject('testImages').busybox,
    Cmd: [
      'sh',
      '-c',
      'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); if [ $((i % 5)) -eq 0 ]; then echo "warn $i" >&2; else echo "tick $i"; fi; sleep 0.2; done',
    ],
    Labels: { 'dev.homelab.test': 'true' },
    HostConfig: { NetworkMode: 'none' },
  });
  if (start) await container.start();
  return { id: container.id, name };
}

/** Removes the containers these tests made (named `hle-…`), never another run's. */
export async function removeTestContainers(docker: Dockerode) {
  const all = await docker.listContainers({ all: true, filters: { label: ['dev.homelab.test=true'] } });
  const ours = all.filter((c) => c.Names.some((name) => name.startsWith('/hle-')));
  await Promise.all(
    ours.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => {}),
    ),
  );
}

/** Reads Server-Sent Events until `until` says stop (or the time is up); returns them parsed. */
export async function collectEvents(
  res: Response,
  until: (events: { event: string; data: string }[]) => boolean,
  timeoutMs = 15_000,
) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: string }[] = [];
  let buffer = '';
  const timer = setTimeout(() => void reader.cancel(), timeoutMs);
  try {
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let index = buffer.indexOf('\n\n');
      while (index !== -1) {
        const block = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        const event = /^event: ?(.*)$/m.exec(block)?.[1];
        const data = /^data: ?(.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) events.push({ event, data });
        index = buffer.indexOf('\n\n');
      }
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => {});
  }
  return events;
}
