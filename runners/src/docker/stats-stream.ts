/**
 * The two live stats views: one container's samples as they come, and every running container in
 * one `stats` batch about once a second, with containers joining and leaving as they start and stop.
 */
import type { ContainerStats } from '@homelab/db/docker';
import type { Context } from 'hono';
import { HttpError } from '../internal/errors';
import { openSse, untilAborted } from '../internal/sse';
import { inspectContainer } from './containers';
import type { DockerDeps } from './deps';
import type { StatsHub } from './stats';

export type StatsStreamOptions = { heartbeatMs: number; batchMs: number };

export async function streamContainerStats(
  c: Context,
  deps: DockerDeps,
  hub: StatsHub,
  ref: string,
  options: StatsStreamOptions,
) {
  const { summary } = await inspectContainer(deps, ref);
  if (summary.state !== 'running')
    throw new HttpError(409, 'wrong_state', 'The container is not running, so it has no live stats.');
  return openSse(
    c,
    async (channel, signal) => {
      let unsubscribe = () => {};
      let ended: string | null = null;
      await untilAborted(signal, (done) => {
        unsubscribe = hub.subscribe(summary.id, summary.name, {
          sample: (stats) => void channel.send('stats', stats),
          end: (reason) => {
            ended = reason;
            done();
          },
        });
      });
      unsubscribe();
      if (ended && !signal.aborted) await channel.send('end', { reason: ended });
    },
    { heartbeatMs: options.heartbeatMs, first: 'stats', log: deps.log },
  );
}

// A collector that ended while its container still runs (engine reconnect) is retried after this.
const retryEndedMs = 5_000;

export function streamAllStats(c: Context, deps: DockerDeps, hub: StatsHub, options: StatsStreamOptions) {
  deps.engine.require();
  return openSse(
    c,
    async (channel, signal) => {
      const members = new Map<string, string>();
      const subscriptions = new Map<string, () => void>();
      const latest = new Map<string, ContainerStats>();
      const endedAt = new Map<string, number>();

      const leave = (id: string) => {
        members.delete(id);
        subscriptions.get(id)?.();
        subscriptions.delete(id);
        latest.delete(id);
        endedAt.delete(id);
      };
      const watch = (id: string, name: string) => {
        subscriptions.set(
          id,
          hub.subscribe(id, name, {
            sample: (stats) => latest.set(id, stats),
            end: () => {
              subscriptions.delete(id);
              latest.delete(id);
              endedAt.set(id, Date.now());
            },
          }),
        );
      };

      for (const container of deps.inventory.list())
        if (container.state === 'running') members.set(container.id, container.name);
      const off = deps.inventory.subscribe((event) => {
        if (event.type !== 'container') return;
        if (event.container?.state === 'running') members.set(event.id, event.container.name);
        else leave(event.id);
      });

      const tick = () => {
        const now = Date.now();
        for (const [id, name] of members) {
          if (subscriptions.has(id) || now - (endedAt.get(id) ?? 0) < retryEndedMs) continue;
          endedAt.delete(id);
          watch(id, name);
        }
        void channel.send('stats', { at: new Date(now).toISOString(), containers: [...latest.values()] });
      };
      // Collectors start now, so the first batch (a beat later) already has numbers.
      for (const [id, name] of members) watch(id, name);
      const timer = setInterval(tick, options.batchMs);
      await untilAborted(signal);
      clearInterval(timer);
      off();
      for (const id of [...subscriptions.keys()]) leave(id);
    },
    { heartbeatMs: options.heartbeatMs, first: 'stats', log: deps.log },
  );
}
