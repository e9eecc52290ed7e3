/**
 * The overlay feed of each tenant, served to its OBS pages by SSE: alerts and chat lines from the
 * tenant's chat events (every process's, as the chat pipeline publishes them, so any process can
 * serve a page whichever one holds the channel), and what functions and other features announce
 * by NOTIFY 'overlay' {tenantId, event} (test alerts, giveaway winners, now playing). Events go out
 * in order and at once; the page queues alerts so simultaneous ones never overlap.
 */
import { type OverlayEvent, overlayEventFor, overlayNotificationSchema } from '@homelab/db/stream/overlays';
import type { Sql } from 'postgres';
import type { StoredChatEvent } from '../chat/store';
import { createFeed, type Feed } from '../internal/feed';
import type { Logger } from '../log';

type Subscribable<T> = { subscribe(listener: (value: T) => void, onClose?: () => void): () => void };

export type OverlayHubOptions = {
  sql: Sql;
  log: Logger;
  /** A tenant's chat events as stored (the chat pipeline). */
  chatEvents(tenantId: string): Subscribable<StoredChatEvent>;
};

type TenantFeed = { feed: Feed<OverlayEvent>; offChat: () => void };

export function createOverlayHub(options: OverlayHubOptions) {
  const { sql, log } = options;
  const tenants = new Map<string, TenantFeed>();
  let listening: { unlisten(): Promise<void> } | null = null;
  let stopped = false;

  function onNotify(payload: string) {
    let parsed: ReturnType<typeof overlayNotificationSchema.parse>;
    try {
      parsed = overlayNotificationSchema.parse(JSON.parse(payload));
    } catch {
      log.debug('ignored a malformed overlay notification');
      return;
    }
    tenants.get(parsed.tenantId)?.feed.publish(parsed.event);
  }

  /** Follows and subs of the last day, for the goal widget's starting count. */
  async function goalCounts(tenantId: string): Promise<OverlayEvent> {
    const [row] = await sql<{ follows: number; subs: number }[]>`
      select count(*) filter (where kind = 'follow')::int as follows,
             count(*) filter (where kind in ('sub', 'gift'))::int as subs
      from chat_events
      where tenant_id = ${tenantId} and kind in ('follow', 'sub', 'gift') and at > now() - interval '1 day'`;
    const counts = { follows: row?.follows ?? 0, subs: row?.subs ?? 0 };
    return {
      id: `goal:${Date.now()}`,
      kind: 'goal',
      user: null,
      amount: counts.follows,
      message: null,
      tier: null,
      viewers: null,
      counts,
      at: new Date().toISOString(),
    };
  }

  function tenantFeed(tenantId: string): TenantFeed {
    let entry = tenants.get(tenantId);
    if (!entry) {
      const feed = createFeed<OverlayEvent>();
      const offChat = options.chatEvents(tenantId).subscribe(
        (event) => {
          const overlay = overlayEventFor(event);
          if (overlay) feed.publish(overlay);
        },
        () => feed.close(),
      );
      entry = { feed, offChat };
      tenants.set(tenantId, entry);
    }
    return entry;
  }

  return {
    /** Starts LISTEN 'overlay'. */
    async start() {
      listening = await sql.listen('overlay', onNotify);
      if (stopped) await listening.unlisten();
    },
    /** A tenant's overlay events for streamFeed(); the first is the goal count. */
    feed(tenantId: string): Subscribable<OverlayEvent> {
      return {
        subscribe(listener, onClose) {
          const entry = tenantFeed(tenantId);
          const off = entry.feed.subscribe(listener, onClose);
          let open = true;
          goalCounts(tenantId).then(
            (goal) => open && listener(goal),
            (error) => log.debug('goal counts not read', { tenantId, err: error }),
          );
          return () => {
            open = false;
            off();
            if (entry.feed.subscribers === 0 && tenants.get(tenantId) === entry) {
              entry.offChat();
              tenants.delete(tenantId);
            }
          };
        },
      };
    },
    /** Subscribed pages (the runner's status). */
    stats: () => ({
      tenants: tenants.size,
      pages: [...tenants.values()].reduce((n, t) => n + t.feed.subscribers, 0),
    }),
    async stop() {
      stopped = true;
      await listening?.unlisten().catch(() => {});
      for (const entry of tenants.values()) {
        entry.offChat();
        entry.feed.close();
      }
      tenants.clear();
    },
  };
}
export type OverlayHub = ReturnType<typeof createOverlayHub>;
