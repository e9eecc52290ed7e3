/**
 * A fake of kick.com's web side that the chat socket connection reads: the channel JSON at
 * `GET /api/v2/channels/{slug}` (what kick.com serves behind Cloudflare) and a Pusher protocol 7
 * WebSocket at `/app/{key}` like ws-us2.pusher.com's: connection_established with an
 * activity_timeout, subscribe / subscription_succeeded, ping / pong, and events pushed into a
 * chatroom channel by the test.
 *
 *   const web = await startFakeKickWeb({ activityTimeoutSeconds: 1 });
 *   const room = web.addChannel('ada');                       // chatroom id
 *   await web.subscribed(room);
 *   web.push(room, 'App\\Events\\ChatMessageEvent', kickChatMessage({ chatroomId: room, content: 'hi' }));
 *   web.dropSockets();                                        // the client must reconnect
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export type FakeKickWebOptions = {
  /** Sent in connection_established; the client pings after this much silence. */
  activityTimeoutSeconds?: number;
  appKey?: string;
};

export function kickChatMessage(o: {
  chatroomId: number;
  content: string;
  id?: string;
  userId?: number;
  username?: string;
  badges?: { type: string; text?: string; count?: number }[];
  color?: string;
}) {
  return {
    id: o.id ?? randomUUID(),
    chatroom_id: o.chatroomId,
    content: o.content,
    type: 'message',
    created_at: new Date().toISOString(),
    sender: {
      id: o.userId ?? 1001,
      username: o.username ?? 'viewer',
      slug: (o.username ?? 'viewer').toLowerCase(),
      identity: { color: o.color ?? '#31D6C2', badges: o.badges ?? [] },
    },
  };
}

export async function startFakeKickWeb(options: FakeKickWebOptions = {}) {
  const appKey = options.appKey ?? '32cbd69e4b950bf97679';
  const channels = new Map<string, { id: number; user_id: number; slug: string; chatroom: { id: number } }>();
  let nextId = 4_000_000;
  /** Channel lookups as the browser made them (path and user agent). */
  const requests: { path: string; userAgent: string }[] = [];
  const pings: number[] = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/api\/v2\/channels\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && match) {
      requests.push({ path: url.pathname, userAgent: String(req.headers['user-agent'] ?? '') });
      const channel = channels.get(decodeURIComponent(match[1]!).toLowerCase());
      res.writeHead(channel ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(channel ?? { message: 'Not Found' }));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });

  const wss = new WebSocketServer({ noServer: true });
  const members = new Map<WebSocket, Set<string>>();
  const waiting: { channel: string; resolve: () => void }[] = [];

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== `/app/${appKey}` || url.searchParams.get('protocol') !== '7') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  const frame = (event: string, data: unknown, channel?: string) =>
    JSON.stringify({
      event,
      data: typeof data === 'string' ? data : JSON.stringify(data),
      ...(channel ? { channel } : {}),
    });

  wss.on('connection', (ws) => {
    members.set(ws, new Set());
    ws.send(
      frame('pusher:connection_established', {
        socket_id: `${Math.floor(Math.random() * 1e6)}.${Math.floor(Math.random() * 1e6)}`,
        activity_timeout: options.activityTimeoutSeconds ?? 120,
      }),
    );
    ws.on('message', (raw) => {
      let msg: { event?: string; data?: { channel?: string } };
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        return;
      }
      if (msg.event === 'pusher:ping') {
        pings.push(Date.now());
        ws.send(JSON.stringify({ event: 'pusher:pong', data: {} }));
      } else if (msg.event === 'pusher:subscribe' && msg.data?.channel) {
        const channel = msg.data.channel;
        members.get(ws)?.add(channel);
        ws.send(frame('pusher_internal:subscription_succeeded', {}, channel));
        for (const w of waiting.filter((w) => w.channel === channel)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve();
        }
      } else if (msg.event === 'pusher:unsubscribe' && msg.data?.channel) {
        members.get(ws)?.delete(msg.data.channel);
      }
    });
    ws.on('close', () => members.delete(ws));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const room = (chatroomId: number) => `chatrooms.${chatroomId}.v2`;
  const isSubscribed = (channel: string) => [...members.values()].some((set) => set.has(channel));

  return {
    webBaseUrl: `http://127.0.0.1:${port}`,
    pusherUrl: `ws://127.0.0.1:${port}/app/${appKey}?protocol=7&client=js&version=8.4.0&flash=false`,
    requests,
    pings,
    /** A channel by slug; returns its chatroom id. */
    addChannel(slug: string) {
      const id = nextId++;
      channels.set(slug.toLowerCase(), {
        id,
        user_id: id + 1,
        slug: slug.toLowerCase(),
        chatroom: { id: id + 2 },
      });
      return id + 2;
    },
    /** Resolves once some socket has subscribed to the chatroom (now, or when it does). */
    subscribed(chatroomId: number) {
      const channel = room(chatroomId);
      if (isSubscribed(channel)) return Promise.resolve();
      return new Promise<void>((resolve) => waiting.push({ channel, resolve }));
    },
    /** Sends an event (e.g. App\Events\ChatMessageEvent) to every socket subscribed to the chatroom. */
    push(chatroomId: number, event: string, data: unknown) {
      const channel = room(chatroomId);
      let sent = 0;
      for (const [ws, set] of members)
        if (set.has(channel) && ws.readyState === WebSocket.OPEN) {
          ws.send(frame(event, data, channel));
          sent++;
        }
      return sent;
    },
    /** Closes every socket abruptly, as a network drop would. */
    dropSockets() {
      for (const ws of members.keys()) ws.terminate();
      members.clear();
    },
    connections: () => members.size,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
export type FakeKickWeb = Awaited<ReturnType<typeof startFakeKickWeb>>;
