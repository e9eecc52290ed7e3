/**
 * Kick chat, per channel: a channel whose streamer chose webhooks (chat_mode 'webhook', the
 * default) is read by functions from Kick's webhooks; one that chose the socket is read here from
 * kick.com's own chat socket, the protocol @retconned/kick-js speaks, with its addresses
 * configurable. A channel's chatroom id comes from `GET {web}/api/v2/channels/{slug}`, which
 * kick.com keeps behind Cloudflare, so it is read through a headless system Chromium as a page's
 * body text. All chatrooms share one Pusher (protocol 7) WebSocket, subscribed to
 * `chatrooms.{id}.v2`, pinged after `activity_timeout` of silence and reconnected with backoff.
 * Chromium starts and the socket opens only once a socket-mode channel is joined. Sending and
 * lookups stay on the official API (the webhook connection's): the socket only reads.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import type { ChatEvent } from '@homelab/db/stream/events';
import type { Sql } from 'postgres';
import WebSocket from 'ws';
import { z } from 'zod';
import type { ConnectionDeps, JoinedChannel, PlatformConnection } from '../types';
import { createKickConnection, type KickConnectionConfig } from './kick';
import { normalizeKickSocketEvent } from './kick-socket-normalize';

export const defaultKickPusherUrl =
  'wss://ws-us2.pusher.com/app/32cbd69e4b950bf97679?protocol=7&client=js&version=8.4.0&flash=false';

export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type KickSocketConfig = KickConnectionConfig & {
  sql: Sql;
  webBaseUrl: string;
  pusherUrl: string;
  executablePath: string;
  /** Chatroom id of a slug; by default read through Chromium. */
  lookupChatroom?: (slug: string) => Promise<number>;
  /** Wait for a pong this long before the socket counts as dead. */
  pongTimeoutMs?: number;
  backoff?: { minMs: number; maxMs: number };
  lookupTimeoutMs?: number;
};

const channelJson = z.object({ chatroom: z.object({ id: z.number().int() }) });

/** The chatroom id of a Kick channel, read as kick-js does: the JSON shown as a page's body. */
export async function lookupChatroomWithChromium(
  o: { webBaseUrl: string; executablePath: string; timeoutMs?: number },
  slug: string,
): Promise<number> {
  const { default: puppeteer } = await import('puppeteer-core');
  const userDataDir = await mkdtemp(joinPath(tmpdir(), 'kick-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: o.executablePath,
    headless: true,
    args: chromiumFlags,
    userDataDir,
    timeout: o.timeoutMs ?? 30_000,
  });
  try {
    const page = await browser.newPage();
    const url = `${o.webBaseUrl.replace(/\/+$/, '')}/api/v2/channels/${encodeURIComponent(slug)}`;
    const response = await page.goto(url, { timeout: o.timeoutMs ?? 30_000, waitUntil: 'load' });
    const status = response?.status() ?? 0;
    if (status === 403) throw new Error(`Kick's channel page for ${slug} was blocked by Cloudflare (403)`);
    if (status === 404) throw new Error(`Kick has no channel ${slug}`);
    if (status < 200 || status >= 300) throw new Error(`Kick answered ${status} for channel ${slug}`);
    const text = await page.evaluate(() => document.body?.textContent ?? '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`Kick's channel page for ${slug} was not JSON`);
    }
    const parsed = channelJson.safeParse(body);
    if (!parsed.success) throw new Error(`Kick's channel ${slug} has no chatroom id`);
    return parsed.data.chatroom.id;
  } finally {
    await browser.close().catch(() => {});
    await rm(userDataDir, { recursive: true, force: true });
  }
}

/**
 * What the socket adds to Kick's webhooks: chat, and hosts (Kick has no webhook for them). Follows,
 * subs, gifts and stream status keep arriving by webhook in both modes, so the socket's would be doubles.
 */
const socketKinds = new Set<ChatEvent['kind']>(['message', 'command', 'raid']);

const frameSchema = z.object({ event: z.string(), channel: z.string().optional(), data: z.unknown() });

export function createKickSocketConnection(
  deps: ConnectionDeps,
  config: KickSocketConfig,
): PlatformConnection {
  const log = deps.log.child({ platform: 'kick', transport: 'socket' });
  const sender = createKickConnection(deps, config);
  const pongTimeoutMs = config.pongTimeoutMs ?? 30_000;
  const backoff = config.backoff ?? { minMs: 1_000, maxMs: 60_000 };
  const chatroomOf = new Map<string, number>();
  // Lookups run one at a time: one Chromium, not one per joining channel.
  let lookups: Promise<unknown> = Promise.resolve();
  const lookup =
    config.lookupChatroom ??
    ((slug: string) =>
      lookupChatroomWithChromium(
        {
          webBaseUrl: config.webBaseUrl,
          executablePath: config.executablePath,
          timeoutMs: config.lookupTimeoutMs,
        },
        slug,
      ));

  const rooms = new Map<number, JoinedChannel>();
  /** Socket-mode channels held now, joined or still being looked up. */
  const wanted = new Map<string, JoinedChannel>();
  const byChannel = new Map<string, { chatroomId: number; subscribed: boolean }>();
  let socket: WebSocket | null = null;
  let state: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'stopped' = 'idle';
  let attempt = 0;
  let reconnects = 0;
  let lastError: string | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let activityTimer: NodeJS.Timeout | null = null;
  let pongTimer: NodeJS.Timeout | null = null;
  let activityMs = 120_000;

  const room = (id: number) => `chatrooms.${id}.v2`;
  const sendFrame = (frame: Record<string, unknown>) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  };
  const subscribe = (chatroomId: number) =>
    sendFrame({ event: 'pusher:subscribe', data: { auth: '', channel: room(chatroomId) } });

  function clearTimers() {
    if (activityTimer) clearTimeout(activityTimer);
    if (pongTimer) clearTimeout(pongTimer);
    activityTimer = pongTimer = null;
  }

  /** Pusher: after activity_timeout without a frame, ping; no pong in time means the socket is dead. */
  function armActivity() {
    if (activityTimer) clearTimeout(activityTimer);
    activityTimer = setTimeout(() => {
      sendFrame({ event: 'pusher:ping', data: {} });
      pongTimer = setTimeout(() => {
        lastError = 'Kick chat socket answered no ping';
        log.warn('kick chat socket answered no ping; reconnecting');
        socket?.terminate();
      }, pongTimeoutMs);
    }, activityMs);
  }

  function connect() {
    if (state === 'stopped' || rooms.size === 0) return;
    state = attempt === 0 ? 'connecting' : 'reconnecting';
    const ws = new WebSocket(config.pusherUrl);
    socket = ws;
    ws.on('message', (raw) => {
      if (socket !== ws) return;
      if (pongTimer) clearTimeout(pongTimer);
      pongTimer = null;
      armActivity();
      void onFrame(raw.toString());
    });
    ws.on('error', (error) => {
      lastError = `Kick chat socket: ${error.message}`;
    });
    ws.on('close', () => {
      if (socket !== ws) return;
      socket = null;
      clearTimers();
      for (const entry of byChannel.values()) entry.subscribed = false;
      if (state === 'stopped' || rooms.size === 0) {
        if (state !== 'stopped') state = 'idle';
        return;
      }
      const delay = Math.min(backoff.maxMs, backoff.minMs * 2 ** attempt);
      attempt++;
      reconnects++;
      state = 'reconnecting';
      log.info('kick chat socket closed; reconnecting', { inMs: delay });
      reconnectTimer = setTimeout(connect, delay);
    });
  }

  async function onFrame(text: string) {
    let frame: z.infer<typeof frameSchema>;
    try {
      frame = frameSchema.parse(JSON.parse(text));
    } catch {
      return;
    }
    switch (frame.event) {
      case 'pusher:connection_established': {
        const data = z
          .object({ activity_timeout: z.number().positive().optional() })
          .safeParse(typeof frame.data === 'string' ? JSON.parse(frame.data) : frame.data);
        if (data.success && data.data.activity_timeout) activityMs = data.data.activity_timeout * 1000;
        armActivity();
        state = 'connected';
        attempt = 0;
        lastError = null;
        for (const id of rooms.keys()) subscribe(id);
        return;
      }
      case 'pusher:ping':
        sendFrame({ event: 'pusher:pong', data: {} });
        return;
      case 'pusher:pong':
        return;
      case 'pusher_internal:subscription_succeeded': {
        const id = Number(/^chatrooms\.(\d+)\.v2$/.exec(frame.channel ?? '')?.[1]);
        const channel = rooms.get(id);
        const entry = channel && byChannel.get(channel.channelId);
        if (entry) entry.subscribed = true;
        return;
      }
      case 'pusher:error':
        lastError = `Kick chat socket error: ${JSON.stringify(frame.data).slice(0, 200)}`;
        log.warn('kick chat socket error', { data: frame.data });
        return;
    }
    const id = Number(/^chatrooms\.(\d+)\.v2$/.exec(frame.channel ?? '')?.[1]);
    const channel = rooms.get(id);
    if (!channel) return;
    const event = normalizeKickSocketEvent(frame.event, frame.data, channel);
    if (!event || !socketKinds.has(event.kind)) return;
    if (await arrivedByWebhook(event)) return;
    deps.emit(event);
  }

  /** A chat line a webhook already stored (same Kick message id) is not emitted twice. */
  async function arrivedByWebhook(event: ChatEvent) {
    if (!event.platformEventId) return false;
    try {
      const rows = await config.sql`
        select 1 from chat_events
        where channel_id = ${event.channelId} and platform_event_id = ${event.platformEventId}
        limit 1`;
      return rows.length > 0;
    } catch (error) {
      log.debug('checking a kick message against webhook events failed', { err: error });
      return false;
    }
  }

  async function chatroomFor(slug: string) {
    const cached = chatroomOf.get(slug);
    if (cached !== undefined) return cached;
    const next = lookups.then(() => lookup(slug));
    lookups = next.catch(() => {});
    const id = await next;
    chatroomOf.set(slug, id);
    return id;
  }

  /** Reads a socket-mode channel's chatroom; a lookup outlived by a leave or a mode change is dropped. */
  async function subscribeChannel(channel: JoinedChannel) {
    wanted.set(channel.channelId, channel);
    if (byChannel.has(channel.channelId)) return;
    let chatroomId: number;
    try {
      chatroomId = await chatroomFor(channel.login);
    } catch (error) {
      lastError = `Kick chatroom of ${channel.login}: ${(error as Error).message}`;
      throw error;
    }
    if (wanted.get(channel.channelId) !== channel || byChannel.has(channel.channelId)) return;
    rooms.set(chatroomId, channel);
    byChannel.set(channel.channelId, { chatroomId, subscribed: false });
    if (!socket && state !== 'reconnecting') connect();
    else if (state === 'connected') subscribe(chatroomId);
  }

  function unsubscribeChannel(channelId: string) {
    wanted.delete(channelId);
    const entry = byChannel.get(channelId);
    if (!entry) return;
    byChannel.delete(channelId);
    rooms.delete(entry.chatroomId);
    sendFrame({ event: 'pusher:unsubscribe', data: { channel: room(entry.chatroomId) } });
    if (rooms.size === 0) disconnect();
  }

  /** No socket-mode channel left: no socket either. */
  function disconnect() {
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    clearTimers();
    const ws = socket;
    socket = null;
    attempt = 0;
    if (state !== 'stopped') state = 'idle';
    ws?.close();
  }

  return {
    platform: 'kick',
    async join(channel) {
      await sender.join(channel);
      if (channel.chatMode === 'socket') await subscribeChannel(channel);
      else unsubscribeChannel(channel.channelId);
    },
    async leave(channelId) {
      await sender.leave(channelId);
      unsubscribeChannel(channelId);
    },
    async update(channel) {
      if (channel.chatMode === 'socket') await subscribeChannel(channel);
      else unsubscribeChannel(channel.channelId);
    },
    send: (channelId, text, replyTo) => sender.send(channelId, text, replyTo),
    // Live facts and lookups come from the official API in both modes.
    channelInfo: sender.channelInfo,
    followedAt: sender.followedAt,
    broadcaster: sender.broadcaster,
    status() {
      return {
        ...sender.status(),
        socket: { state, reconnects, lastError },
        chatrooms: Object.fromEntries([...byChannel].map(([id, e]) => [id, e])),
      };
    },
    async stop() {
      state = 'stopped';
      rooms.clear();
      byChannel.clear();
      wanted.clear();
      disconnect();
      await sender.stop();
    },
  };
}
