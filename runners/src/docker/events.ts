/**
 * The live change feed the container pages follow instead of polling: every change the inventory
 * applies (as DockerEvent, with the container as it now is), and the engine's connection state.
 */
import type { DockerEvent } from '@homelab/db/docker';
import type { Context } from 'hono';
import { openSse, untilAborted } from '../internal/sse';
import type { DockerDeps } from './deps';
import type { EngineState } from './engine';

export function engineEvent(state: EngineState): DockerEvent {
  return {
    type: 'engine',
    action: state.status,
    id: 'engine',
    name: state.status === 'connected' ? state.engine : null,
    at: new Date().toISOString(),
    engine: state,
  };
}

export function streamEvents(c: Context, deps: DockerDeps, heartbeatMs: number) {
  return openSse(
    c,
    async (channel, signal) => {
      const send = (event: DockerEvent) => void channel.send('event', event);
      // Subscribed before the first write: a change published while that write waits is queued after it.
      const offInventory = deps.inventory.subscribe(send);
      const offEngine = deps.engine.onState((state) => send(engineEvent(state)));
      send(engineEvent(deps.engine.state()));
      await untilAborted(signal);
      offInventory();
      offEngine();
    },
    { heartbeatMs, first: 'events', log: deps.log },
  );
}
