/** The prune_images tool: removes images no container uses, on Docker and Podman alike. */
import { z } from 'zod';
import { pruneImages } from '../../docker/image-prune';
import { defineTool } from './define';

export const pruneImagesTool = defineTool('prune_images', {
  args: z.object({
    all: z
      .boolean()
      .default(true)
      .describe('true: every image no container uses; false: only dangling (untagged) layers'),
  }),
  target: () => null,
  async run(args, ctx) {
    const state = ctx.engine.state();
    const engine = state.status === 'connected' ? state.engine : 'docker';
    const result = await pruneImages(ctx.engine.require(), {
      all: args.all,
      engine: engine === 'podman' ? 'podman' : 'docker',
    });
    const mb = Math.round(result.reclaimedBytes / 1e6);
    return {
      ok: true,
      summary: `Removed ${result.removed.length} images, ${mb} MB reclaimed`,
      data: { removed: result.removed.length, reclaimedMb: mb, images: result.removed.slice(0, 30) },
    };
  },
});
