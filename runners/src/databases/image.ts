/**
 * Makes a database image available before deploying: the local image when the engine has it (an
 * offline homelab, or an image built or loaded by hand), otherwise a pull with progress.
 */
import type Dockerode from 'dockerode';
import { engineMessage } from '../docker/engine-failure';
import { pullLines, toPullEvent } from '../docker/image-pull';

export async function hasImage(docker: Dockerode, reference: string) {
  try {
    await docker.getImage(reference).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/**
 * Resolves once `reference` is on the engine. `onProgress` gets a short line at most once a second
 * while pulling, so a slow pull shows it is alive without flooding the event stream.
 */
export async function ensureImage(
  docker: Dockerode,
  reference: string,
  onProgress: (message: string) => void,
  signal?: AbortSignal,
): Promise<'local' | 'pulled'> {
  if (await hasImage(docker, reference)) return 'local';
  onProgress(`${reference} is not on this machine; pulling it`);
  let lastReport = 0;
  try {
    const stream = (await docker.pull(reference, { abortSignal: signal })) as AsyncIterable<Buffer>;
    for await (const line of pullLines(stream)) {
      const event = toPullEvent(line);
      if (!event) continue;
      if (event.type === 'error') throw new Error(event.message);
      const now = Date.now();
      if (now - lastReport < 1_000) continue;
      lastReport = now;
      const { id, status, current, total } = event.progress;
      const percent = current !== null && total ? ` ${Math.floor((current / total) * 100)}%` : '';
      onProgress(`${id ? `${id}: ` : ''}${status}${percent}`);
    }
  } catch (error) {
    throw new Error(
      `The image ${reference} is not on this machine and pulling it failed (${engineMessage(error)}). Load it with \`docker load\` or connect the server to its registry.`,
    );
  }
  if (!(await hasImage(docker, reference)))
    throw new Error(`Pulling ${reference} finished, but the engine does not have the image.`);
  return 'pulled';
}
