/**
 * Pruning images on both engines. Docker prunes every unused image with the filter dangling=false;
 * Podman's compat API rejects that filter next to its own implicit dangling=true, so there "all"
 * goes through Podman's native endpoint, which has an `all` flag for exactly this.
 */
import type { pruneResultSchema } from '@homelab/db/docker';
import type Dockerode from 'dockerode';
import type { z } from 'zod';

export type PruneResult = z.infer<typeof pruneResultSchema>;

export type ImagePruneOptions = {
  all: boolean;
  engine: 'docker' | 'podman';
  /** Only images with this label (`key` or `key=value`). */
  label?: string;
};

export async function pruneImages(docker: Dockerode, options: ImagePruneOptions): Promise<PruneResult> {
  const label = options.label ? { label: [options.label] } : {};
  if (options.all && options.engine === 'podman') {
    const reports = await new Promise<{ Id: string; Size?: number; Err?: string }[]>((resolve, reject) =>
      docker.modem.dial(
        {
          path: '/v4.0.0/libpod/images/prune?',
          method: 'POST',
          options: { all: true, filters: JSON.stringify(label) },
          statusCodes: { 200: true, 500: 'server error' },
        },
        (error: unknown, result: unknown) => (error ? reject(error) : resolve((result ?? []) as never)),
      ),
    );
    const removed = reports.filter((report) => !report.Err);
    return {
      removed: removed.map((report) => report.Id),
      reclaimedBytes: removed.reduce((sum, report) => sum + (report.Size ?? 0), 0),
    };
  }
  const filters = options.all ? { ...label, dangling: ['false'] } : label;
  const result = (await docker.pruneImages({ filters })) as {
    ImagesDeleted?: { Deleted?: string; Untagged?: string }[] | null;
    SpaceReclaimed?: number;
  };
  return {
    removed: (result.ImagesDeleted ?? []).flatMap((entry) => {
      const removed = entry.Deleted ?? entry.Untagged;
      return removed ? [removed] : [];
    }),
    reclaimedBytes: result.SpaceReclaimed ?? 0,
  };
}
