/**
 * Chosen Docker volumes into the archive: a short-lived helper container mounts the volume read-only
 * and tars it to stdout, which streams to a file at disk speed (the engine's framing is split by
 * the databases runner's demuxer). Works the same on Docker and Podman.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type Dockerode from 'dockerode';
import { demuxer } from '../databases/exec';
import { ensureImage } from '../databases/image';

export const defaultHelperImage = 'docker.io/library/busybox:1.37';
export const volumeName = /^[A-Za-z0-9][\w.-]*$/;

export async function dumpVolume(
  docker: Dockerode,
  volume: string,
  outFile: string,
  options: { image?: string; signal?: AbortSignal } = {},
) {
  if (!volumeName.test(volume)) throw new Error(`not a volume name: ${volume}`);
  try {
    await docker.getVolume(volume).inspect();
  } catch {
    throw new Error(`The volume ${volume} does not exist on the container engine.`);
  }
  const image = options.image ?? defaultHelperImage;
  await ensureImage(docker, image, () => {}, options.signal);
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['tar', '-C', '/volume', '-cf', '-', '.'],
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    Labels: { 'homelab.role': 'system-backup-helper' },
    HostConfig: { Binds: [`${volume}:/volume:ro`], NetworkMode: 'none' },
  });
  try {
    const stream = (await container.attach({
      stream: true,
      stdout: true,
      stderr: true,
    })) as NodeJS.ReadableStream;
    let stderr = '';
    const copied = pipeline(
      stream,
      demuxer((chunk) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-2_000);
      }),
      createWriteStream(outFile, { flags: 'wx', mode: 0o600 }),
      { signal: options.signal },
    );
    await container.start();
    const [{ StatusCode }] = await Promise.all([container.wait() as Promise<{ StatusCode: number }>, copied]);
    if (StatusCode !== 0)
      throw new Error(`tar of volume ${volume} exited with ${StatusCode}: ${stderr.trim()}`);
  } finally {
    await container.remove({ force: true }).catch(() => {});
  }
}
