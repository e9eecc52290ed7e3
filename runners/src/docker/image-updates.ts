/**
 * The "update available" badge of the images page. Registries are slow, rate-limited and sometimes
 * unreachable, so the check runs in the background, two at a time, and each tag's answer is kept
 * for hours; listing images only ever reads what is known so far.
 */
import type { imageSchema } from '@homelab/db/docker';
import type { z } from 'zod';
import type { Logger } from '../log';
import {
  canonicalRepository,
  fetchRemoteDigest,
  type ImageReference,
  parseImageReference,
  type RegistryOptions,
} from './image-registry';

export type UpdateStatus = z.infer<typeof imageSchema>['update'];
export type ImageNames = { tags: readonly string[]; digests: readonly string[] };
export type UpdateCandidate = { key: string; image: ImageReference; localDigests: string[] };

/**
 * The tags of an image that came from a registry, each with the digests the image has in that
 * repository. A tag without such a digest was built or imported here, and so was anything named
 * `localhost/…`: Podman gives imported images that name and a digest of its own making.
 */
export function updateCandidates(names: ImageNames): UpdateCandidate[] {
  const candidates: UpdateCandidate[] = [];
  for (const tag of names.tags) {
    const image = parseImageReference(tag);
    if (!image || image.registry === 'localhost') continue;
    const repository = `${image.registry}/${image.repository}`;
    const localDigests = names.digests.flatMap((entry) => {
      const at = entry.indexOf('@');
      return at > 0 && canonicalRepository(entry.slice(0, at)) === repository ? [entry.slice(at + 1)] : [];
    });
    if (localDigests.length) candidates.push({ key: `${repository}:${image.tag}`, image, localDigests });
  }
  return candidates;
}

type Checked = { remoteDigest: string | null; checkedAt: string; expiresAt: number };

export type UpdateCheckerOptions = Pick<RegistryOptions, 'fetch' | 'resolveRegistry'> & {
  log: Logger;
  ttlMs?: number;
  /** A failed check is retried sooner than a good answer expires: the registry may be back. */
  failureTtlMs?: number;
  concurrency?: number;
  timeoutMs?: number;
};

export type UpdateChecker = ReturnType<typeof createUpdateChecker>;

export function createUpdateChecker(options: UpdateCheckerOptions) {
  const opts = {
    ...options,
    ttlMs: options.ttlMs ?? 6 * 3_600_000,
    failureTtlMs: options.failureTtlMs ?? 30 * 60_000,
    concurrency: options.concurrency ?? 2,
    timeoutMs: options.timeoutMs ?? 5_000,
  };
  const checked = new Map<string, Checked>();
  const pending = new Set<string>();
  const queue: UpdateCandidate[] = [];
  let running = 0;

  function pump() {
    while (running < opts.concurrency && queue.length) {
      const candidate = queue.shift()!;
      running += 1;
      void check(candidate).finally(() => {
        running -= 1;
        pending.delete(candidate.key);
        pump();
      });
    }
  }

  async function check({ key, image }: UpdateCandidate) {
    let remoteDigest: string | null = null;
    try {
      remoteDigest = await fetchRemoteDigest(image, {
        fetch: opts.fetch,
        resolveRegistry: opts.resolveRegistry,
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
    } catch (error) {
      opts.log.debug('image update check failed', { image: key, error: (error as Error).message });
    }
    const ttl = remoteDigest ? opts.ttlMs : opts.failureTtlMs;
    checked.set(key, { remoteDigest, checkedAt: new Date().toISOString(), expiresAt: Date.now() + ttl });
  }

  return {
    /** What is known now; never waits for a registry. */
    statusOf(names: ImageNames): { update: UpdateStatus; checkedAt: string | null } {
      const candidates = updateCandidates(names);
      if (!candidates.length) return { update: 'local', checkedAt: null };
      const results = candidates.map((candidate) => {
        const entry = checked.get(candidate.key);
        const update: UpdateStatus = !entry?.remoteDigest
          ? 'unknown'
          : candidate.localDigests.includes(entry.remoteDigest)
            ? 'current'
            : 'available';
        return { update, checkedAt: entry?.checkedAt ?? null };
      });
      const update = results.some((result) => result.update === 'available')
        ? 'available'
        : results.every((result) => result.update === 'current')
          ? 'current'
          : 'unknown';
      const times = results.flatMap((result) => (result.checkedAt ? [result.checkedAt] : [])).sort();
      return { update, checkedAt: times.at(-1) ?? null };
    },

    /**
     * Queues the images' tags whose answer is missing or expired (all of them with `force`); returns
     * how many tags are now waiting for or under a check.
     */
    schedule(images: readonly ImageNames[], force = false): number {
      const now = Date.now();
      const keys = new Set<string>();
      for (const candidate of images.flatMap(updateCandidates)) {
        if (keys.has(candidate.key)) continue;
        const entry = checked.get(candidate.key);
        if (!force && entry && entry.expiresAt > now) continue;
        keys.add(candidate.key);
        if (pending.has(candidate.key)) continue;
        pending.add(candidate.key);
        queue.push(candidate);
      }
      pump();
      return keys.size;
    },
  };
}
