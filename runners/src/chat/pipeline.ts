/**
 * The chat event pipeline: events read by this process's connections are written to chat_events in
 * batches and then published to the tenant's subscribers (the studio's live stream, chat features);
 * events other writers insert (webhooks in functions) arrive by NOTIFY 'chat_events' with the tenant
 * id and are read back from the table and published the same way.
 */
import type { ChatEvent } from '@homelab/db/stream/events';
import type { Sql } from 'postgres';
import { createFeed, type Feed } from '../internal/feed';
import type { Logger } from '../log';
import { chatEventsAfter, insertChatEvents, lastChatEventId, type StoredChatEvent } from './store';

export type ChatPipelineOptions = {
  sql: Sql;
  log: Logger;
  /** A batch is written at most this long after its first event; 100 ms by default. */
  flushMs?: number;
  /** ...or as soon as it holds this many events; 500 by default. */
  batchSize?: number;
  /** Events kept while PostgreSQL is unreachable; past it the oldest are dropped with a warning. */
  maxBuffered?: number;
};

type TenantCursor = {
  /** Every row up to here has been published (or was this process's own, published on insert). */
  readUpTo: number;
  /** This process's own rows above readUpTo, already published: a read-back skips them. */
  own: Set<number>;
  reading: boolean;
  again: boolean;
};

const readSlice = 500;
// Own ids waiting to be passed by a read-back are bounded by catching up once this many pile up.
const ownCatchUp = 2_000;

export function createChatPipeline(options: ChatPipelineOptions) {
  const opts = { flushMs: 100, batchSize: 500, maxBuffered: 100_000, ...options };
  const { sql, log } = opts;
  let buffer: ChatEvent[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;
  const feeds = new Map<string, Feed<StoredChatEvent>>();
  const everyTenant = createFeed<StoredChatEvent>();
  // What the chat features act on: this process's events as they are read (before the batch is
  // written, so a command's reply never waits for the flush) and other writers' rows as read back.
  const incoming = createFeed<ChatEvent & { id?: number }>();
  const cursors = new Map<string, TenantCursor>();
  let startId: number | null = null;
  let listening: { unlisten(): Promise<void> } | null = null;
  let stopped = false;
  const rate = createRate();
  const counts = { inserted: 0, readBack: 0, dropped: 0 };

  function publish(event: StoredChatEvent) {
    feeds.get(event.tenantId)?.publish(event);
    everyTenant.publish(event);
  }

  function emit(event: ChatEvent) {
    if (stopped) return;
    buffer.push(event);
    incoming.publish(event);
    if (buffer.length >= opts.batchSize) void flush();
    else if (!timer) timer = setTimeout(() => void flush(), opts.flushMs);
  }

  async function flush(): Promise<void> {
    if (flushing) {
      await flushing;
      if (buffer.length === 0) return;
    }
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (buffer.length === 0) return;
    flushing = writeBatches().finally(() => {
      flushing = null;
    });
    await flushing;
  }

  // Writing a batch and reading back a tenant's rows never overlap: a read-back then knows every
  // row this process wrote (its own set) and cannot publish one twice.
  let lock: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = lock.then(fn);
    lock = run.catch(() => {});
    return run;
  }

  async function writeBatches() {
    while (buffer.length > 0) {
      const batch = buffer.slice(0, opts.batchSize);
      buffer = buffer.slice(batch.length);
      const written = await exclusive(async () => {
        try {
          const ids = await insertChatEvents(sql, batch);
          for (const [i, event] of batch.entries()) publishOwn({ ...event, id: ids[i]! });
          return ids.length;
        } catch (error) {
          log.warn('writing chat events failed; retrying', {
            err: error,
            buffered: buffer.length + batch.length,
          });
          return null;
        }
      });
      if (written === null) {
        requeue(batch);
        return;
      }
      counts.inserted += written;
      rate.add(written);
    }
  }

  function requeue(batch: ChatEvent[]) {
    buffer = batch.concat(buffer);
    if (buffer.length > opts.maxBuffered) {
      const excess = buffer.length - opts.maxBuffered;
      buffer = buffer.slice(excess);
      counts.dropped += excess;
      log.warn('chat events dropped: PostgreSQL is unreachable and the buffer is full', { dropped: excess });
    }
    if (!timer && !stopped) timer = setTimeout(() => void flush(), Math.max(opts.flushMs, 1_000));
  }

  function publishOwn(event: StoredChatEvent) {
    let cursor = cursors.get(event.tenantId);
    if (!cursor) {
      // Rows of this tenant before its first own row were never asked for; webhooks' rows notify.
      cursor = { readUpTo: event.id - 1, own: new Set(), reading: false, again: false };
      cursors.set(event.tenantId, cursor);
    }
    cursor.own.add(event.id);
    if (cursor.own.size >= ownCatchUp) void readBack(event.tenantId);
    publish(event);
  }

  /** Publishes a tenant's rows this process did not write itself, after its last read. */
  async function readBack(tenantId: string) {
    if (!cursors.has(tenantId)) {
      startId ??= await lastChatEventId(sql);
      if (!cursors.has(tenantId))
        cursors.set(tenantId, { readUpTo: startId, own: new Set(), reading: false, again: false });
    }
    const cursor = cursors.get(tenantId)!;
    if (cursor.reading) {
      cursor.again = true;
      return;
    }
    cursor.reading = true;
    try {
      do {
        cursor.again = false;
        let more = true;
        while (more) {
          more = await exclusive(async () => {
            const rows = await chatEventsAfter(sql, tenantId, cursor.readUpTo, readSlice, [...cursor.own]);
            for (const row of rows) {
              counts.readBack++;
              publish(row);
              incoming.publish(row);
            }
            if (rows.length === readSlice) {
              cursor.readUpTo = rows[rows.length - 1]!.id;
            } else {
              // Everything this tenant has up to now was seen: the own rows are passed too.
              cursor.readUpTo = Math.max(cursor.readUpTo, rows.at(-1)?.id ?? 0, ...cursor.own);
            }
            for (const id of cursor.own) if (id <= cursor.readUpTo) cursor.own.delete(id);
            return rows.length === readSlice;
          });
        }
      } while (cursor.again);
    } catch (error) {
      log.warn('reading notified chat events failed', { tenantId, err: error });
    } finally {
      cursor.reading = false;
    }
  }

  return {
    /** Where connections put what they read (through the manager, which vouches for the tenant). */
    emit,
    /** Writes what is buffered now. */
    flush,
    /** Starts LISTEN 'chat_events'; a (re)connect reads back every tenant seen so far. */
    async listen() {
      startId ??= await lastChatEventId(sql);
      listening = await sql.listen(
        'chat_events',
        (tenantId) => {
          if (/^[0-9a-f-]{36}$/i.test(tenantId)) void readBack(tenantId);
        },
        () => {
          for (const tenantId of cursors.keys()) void readBack(tenantId);
        },
      );
      if (stopped) await listening.unlisten();
    },
    /** A tenant's live events, for streamFeed(). */
    feed(tenantId: string) {
      return {
        subscribe(listener: (event: StoredChatEvent) => void, onClose?: () => void) {
          let feed = feeds.get(tenantId);
          if (!feed) {
            feed = createFeed<StoredChatEvent>();
            feeds.set(tenantId, feed);
          }
          const off = feed.subscribe(listener, onClose);
          const current = feed;
          return () => {
            off();
            if (current.subscribers === 0 && feeds.get(tenantId) === current) feeds.delete(tenantId);
          };
        },
      };
    },
    /** Every tenant's stored events, in id order per tenant. */
    subscribeAll: everyTenant.subscribe,
    /** Every event once, as soon as this process has it: read by its connections or read back. */
    subscribeIncoming: incoming.subscribe,
    stats: () => ({
      eventsPerSecond: rate.perSecond(),
      buffered: buffer.length,
      subscribers: [...feeds.values()].reduce((n, f) => n + f.subscribers, 0) + everyTenant.subscribers,
      ...counts,
    }),
    async stop() {
      stopped = true;
      await flush().catch(() => {});
      if (timer) clearTimeout(timer);
      await listening?.unlisten().catch(() => {});
      for (const feed of feeds.values()) feed.close();
      everyTenant.close();
      incoming.close();
      feeds.clear();
    },
  };
}
export type ChatPipeline = ReturnType<typeof createChatPipeline>;

/** Events written per second over the last ten seconds. */
function createRate(seconds = 10) {
  const buckets = new Map<number, number>();
  return {
    add(n: number) {
      const second = Math.floor(Date.now() / 1000);
      buckets.set(second, (buckets.get(second) ?? 0) + n);
      for (const key of buckets.keys()) if (key <= second - seconds) buckets.delete(key);
    },
    perSecond() {
      const now = Math.floor(Date.now() / 1000);
      let total = 0;
      for (const [second, n] of buckets) if (second > now - seconds && second < now) total += n;
      return Math.round(total / (seconds - 1));
    },
  };
}
