/** The remove_volume tool: removes a volume and its data, refused while a container mounts it. */
import { z } from 'zod';
import { engineFailure } from '../../docker/engine-failure';
import { defineTool, errorText } from './define';

const volumeArgs = z.object({
  volume: z.string().min(1).max(255).describe('The volume name'),
});

export const removeVolume = defineTool('remove_volume', {
  args: volumeArgs,
  target: (args) => args.volume,
  async run(args, ctx) {
    const docker = ctx.engine.require();
    // Stopped containers count too: the engine refuses, but naming them is clearer than its message.
    const users = await docker.listContainers({ all: true, filters: { volume: [args.volume] } });
    if (users.length > 0)
      return {
        ok: false,
        error: `The volume ${args.volume} is used by ${users.map((c) => (c.Names?.[0] ?? c.Id).replace(/^\//, '')).join(', ')}; remove those containers first.`,
      };
    try {
      await docker.getVolume(args.volume).remove();
    } catch (error) {
      return { ok: false, error: errorText(engineFailure(error, `No volume named "${args.volume}".`)) };
    }
    return { ok: true, summary: `Removed the volume ${args.volume}`, data: { removed: args.volume } };
  },
  async verify(args, ctx) {
    try {
      await ctx.engine.require().getVolume(args.volume).inspect();
      return { ok: false, detail: `The volume ${args.volume} still exists.` };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404)
        return { ok: true, detail: `The volume ${args.volume} is gone.` };
      return { ok: false, detail: `Could not check the volume: ${errorText(error)}` };
    }
  },
});
