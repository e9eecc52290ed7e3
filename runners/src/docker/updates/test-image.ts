/**
 * For the update tests and the self-hosting bench: a small image built on an image the engine has,
 * with extra Dockerfile instructions (a HEALTHCHECK that fails, an ENV a new version sets), and a
 * "pull" that tags whichever image the registry serves now.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';
import type { FetchImage } from './executor';

export type TestImageOptions = {
  /** The image built on, e.g. the test busybox. */
  from: string;
  tag: string;
  /** Extra Dockerfile instructions. */
  lines: string[];
};

/** Builds the image and answers its id; a label of its own makes every build a new image. */
export async function buildTestImage(docker: Dockerode, { from, tag, lines }: TestImageOptions) {
  const dockerfile = [
    `FROM ${from}`,
    `LABEL dev.homelab.test=true build=${randomBytes(4).toString('hex')}`,
    ...lines,
  ];
  const context = await mkdtemp(path.join(tmpdir(), 'hlt-upd-'));
  try {
    await writeFile(path.join(context, 'Dockerfile'), `${dockerfile.join('\n')}\n`);
    const stream = await docker.buildImage({ context, src: ['Dockerfile'] }, { t: tag });
    await new Promise((resolve, reject) =>
      docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result))),
    );
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  return (await docker.getImage(tag).inspect()).Id;
}

/** Fetches by tagging `published()` as the reference, as a pull of a newer image would. */
export function tagAsPulled(published: () => string): FetchImage {
  return async (docker, reference) => {
    const colon = reference.lastIndexOf(':');
    await docker
      .getImage(published())
      .tag({ repo: reference.slice(0, colon), tag: reference.slice(colon + 1) });
  };
}
