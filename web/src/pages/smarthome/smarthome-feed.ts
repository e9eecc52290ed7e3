/**
 * The Smart home page's live data: the connection status and the overview, patched by the
 * `/api/smarthome/events` stream, and service calls that show their outcome at once and fall back
 * to what Home Assistant last said when they fail.
 */
import type {
  ServiceCallInput,
  ServiceCallResult,
  SmartHomeEntity,
  SmartHomeEvent,
  SmartHomeOverview,
  SmartHomeStatus,
} from '@homelab/db/smarthome';
import { batch, createSignal, onCleanup } from 'solid-js';
import { createEventStream } from '../../lib/sse';
import { callService, getConnectionStatus, getOverview, smartHomeUrls } from './api';
import { expectedAfter } from './entities';

export function createSmartHomeFeed(options: { announce?: (message: string) => void } = {}) {
  const [status, setStatus] = createSignal<SmartHomeStatus | null>(null);
  const [statusError, setStatusError] = createSignal<unknown>(null);
  const [overview, setOverview] = createSignal<SmartHomeOverview | null>(null);
  const [overviewError, setOverviewError] = createSignal<unknown>(null);
  const [loading, setLoading] = createSignal(false);
  /** Calls in flight per entity: a live event for one of them must not undo the optimistic state. */
  const pending = new Map<string, number>();
  let disposed = false;

  const loadStatus = async () => {
    try {
      const answer = await getConnectionStatus();
      if (disposed) return;
      batch(() => {
        applyStatus(answer);
        setStatusError(null);
      });
    } catch (caught) {
      if (!disposed) setStatusError(caught);
    }
  };

  const loadOverview = async () => {
    try {
      const answer = await getOverview();
      if (disposed) return;
      batch(() => {
        setOverview(answer);
        setOverviewError(null);
      });
    } catch (caught) {
      if (!disposed) setOverviewError(caught);
    }
  };

  const reload = async () => {
    setLoading(true);
    await Promise.all([loadStatus(), loadOverview()]);
    setLoading(false);
  };

  const putEntity = (entity: SmartHomeEntity) =>
    setOverview((current) => {
      if (!current) return current;
      const index = current.entities.findIndex((e) => e.entityId === entity.entityId);
      const entities =
        index === -1
          ? [...current.entities, entity]
          : current.entities.map((e, i) => (i === index ? entity : e));
      const scenes =
        entity.domain === 'scene'
          ? current.scenes.map((s) => (s.entityId === entity.entityId ? entity : s))
          : current.scenes;
      return { ...current, entities, scenes };
    });

  const entityById = (entityId: string) => overview()?.entities.find((e) => e.entityId === entityId);

  const applyStatus = (next: SmartHomeStatus) => {
    const before = status()?.state;
    setStatus(next);
    if (before && before !== next.state) {
      if (next.state === 'offline') options.announce?.('Home Assistant is offline.');
      if (next.state === 'connected') {
        options.announce?.('Home Assistant is connected again.');
        // What changed while it was away arrives as a whole, not as events.
        void loadOverview();
      }
    }
  };

  const handle = (data: unknown) => {
    // The runner's own stream, already validated there; a shape check keeps zod out of the page.
    const event = data as SmartHomeEvent;
    if (event?.type === 'status' && event.status) return applyStatus(event.status);
    if (event?.type !== 'state' || typeof event.entity?.entityId !== 'string') return;
    if (!pending.has(event.entity.entityId)) putEntity(event.entity);
    else latestLive.set(event.entity.entityId, event.entity);
  };
  /** The live state that arrived while a call was in flight, applied when the call settles. */
  const latestLive = new Map<string, SmartHomeEntity>();

  const stream = createEventStream({
    url: () => smartHomeUrls.events,
    events: { state: handle, status: handle, message: handle },
    onReconnect: () => void reload(),
  });

  const settle = (entityId: string) => {
    const left = (pending.get(entityId) ?? 1) - 1;
    if (left > 0) {
      pending.set(entityId, left);
      return;
    }
    pending.delete(entityId);
    const live = latestLive.get(entityId);
    latestLive.delete(entityId);
    if (live) putEntity(live);
  };

  /**
   * Shows the expected state now and sends the call; on failure the entity goes back to what it
   * was and the error is thrown for the page to explain.
   */
  const call = async (input: ServiceCallInput): Promise<ServiceCallResult> => {
    const before = entityById(input.entityId);
    const expected = before ? expectedAfter(before, input) : null;
    pending.set(input.entityId, (pending.get(input.entityId) ?? 0) + 1);
    if (expected) putEntity(expected);
    try {
      const result = await callService(input);
      settle(input.entityId);
      return result;
    } catch (caught) {
      // A live state that arrived meanwhile is the truth; otherwise back to how it was.
      const heardLive = latestLive.has(input.entityId);
      settle(input.entityId);
      if (!heardLive && before && expected && !pending.has(input.entityId)) putEntity(before);
      throw caught;
    }
  };

  void reload();
  onCleanup(() => {
    disposed = true;
  });

  return {
    status,
    statusError,
    overview,
    overviewError,
    loading,
    stream: stream.state,
    reload,
    loadStatus,
    setStatus: applyStatus,
    call,
  };
}

export type SmartHomeFeed = ReturnType<typeof createSmartHomeFeed>;
