/**
 * `homelab logs <service>`: a service's container output straight from the engine (no compose needed),
 * the last N lines or followed. The engine multiplexes stdout and stderr unless the container has a TTY.
 */
import type { Writable } from 'node:stream';
import type Dockerode from 'dockerode';
import { CliError, ExitCode } from './exit-codes';
import { projectContainers } from './services';

/** Splits Docker's multiplexed log stream (8-byte frame headers) into stdout and stderr text. */
export function demuxLogs(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    if (kind === undefined || kind > 2 || buffer.readUIntBE(offset + 1, 3) !== 0) break;
    const frame = buffer.subarray(offset + 8, offset + 8 + size);
    (kind === 2 ? err : out).push(frame);
    offset += 8 + size;
  }
  if (offset === 0 && buffer.length > 0) return { stdout: buffer.toString('utf8'), stderr: '' };
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

export async function serviceContainer(docker: Dockerode, project: string, service: string) {
  const containers = await projectContainers(docker, project, service);
  const chosen = containers.find((c) => c.state === 'running') ?? containers[0];
  if (!chosen) {
    throw new CliError(
      `No container of service "${service}" in compose project "${project}"`,
      ExitCode.failed,
      'Check the name with `homelab status`, or start it with `homelab up`.',
    );
  }
  return chosen;
}

export async function readLogs(docker: Dockerode, id: string, tail: number) {
  const container = docker.getContainer(id);
  const info = await container.inspect();
  const raw = (await container.logs({
    stdout: true,
    stderr: true,
    tail,
    follow: false,
  })) as unknown as Buffer;
  const buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
  return info.Config.Tty ? { stdout: buffer.toString('utf8'), stderr: '' } : demuxLogs(buffer);
}

/** Streams new lines until the container stops or `signal` aborts. */
export async function followLogs(
  docker: Dockerode,
  id: string,
  tail: number,
  stdout: Writable,
  stderr: Writable,
  signal?: AbortSignal,
) {
  const container = docker.getContainer(id);
  const info = await container.inspect();
  const stream = await container.logs({ stdout: true, stderr: true, tail, follow: true });
  if (info.Config.Tty) stream.pipe(stdout, { end: false });
  else docker.modem.demuxStream(stream, stdout, stderr);
  await new Promise<void>((resolve) => {
    const stop = () => {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      resolve();
    };
    signal?.addEventListener('abort', stop, { once: true });
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', resolve);
  });
}
