/**
 * The docker runner's container functions, used from the jarvis runner: they take DockerDeps, whose
 * inventory is the docker runner's in-memory cache. Jarvis has no cache of its own (it may run in
 * another process), so it asks the engine each time; an empty inventory makes every lookup do that.
 */
import type { DockerDeps, Inventory } from '../../docker/deps';
import type { ToolContext } from './types';

const noCache: Inventory = {
  list: () => [],
  get: () => undefined,
  subscribe: () => () => {},
  refresh: async () => {},
};

export function dockerDeps(ctx: Pick<ToolContext, 'engine' | 'log'>): DockerDeps {
  return { engine: ctx.engine, log: ctx.log, inventory: noCache };
}

/** Runs `work` over `items`, at most `limit` at a time, keeping their order. */
export async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
