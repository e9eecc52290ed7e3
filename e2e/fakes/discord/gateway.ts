/**
 * Discord's gateway over WebSocket (JSON encoding, no compression): HELLO, IDENTIFY with token
 * and intent checks, READY then GUILD_CREATE per guild, heartbeats, sequence numbers on every
 * dispatch, RESUME with replay, and the server-side moves a test needs to exercise a client:
 * op 7 reconnect, op 9 invalid session, closing sockets with a close code, presence updates.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { isRecord } from './http';
import {
  type DispatchScope,
  type FakePresence,
  guildCreatePayload,
  Intent,
  publicUser,
  type State,
} from './state';

const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;
const Close = {
  UnknownError: 4000,
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidShard: 4010,
  InvalidAPIVersion: 4012,
  InvalidIntents: 4013,
  DisallowedIntents: 4014,
} as const;
/** Close codes after which Discord does not let the session resume. */
const FATAL = new Set<number>([4004, 4010, 4011, 4012, 4013, 4014]);

export type PrivilegedIntent = 'GuildPresences' | 'GuildMembers' | 'MessageContent';
export type GatewayOptions = { heartbeatInterval: number; privilegedIntents: PrivilegedIntent[] };

type Frame = { op: number; d: unknown; s: number | null; t: string | null };
type Session = {
  id: string;
  intents: number;
  shard: [number, number];
  seq: number;
  buffer: Frame[];
  socket: WebSocket | null;
  identified: number;
  resumed: number;
  alive: boolean;
  lastHeartbeatAt: number | null;
  heartbeats: number;
};
export type SessionInfo = {
  id: string;
  identified: number;
  resumed: number;
  connected: boolean;
  intents: number;
  shard: [number, number];
  seq: number;
  lastHeartbeatAt: number | null;
  heartbeats: number;
};

export function createGateway(
  state: State,
  app: { botToken: string; applicationId: string; wsUrl: () => string },
  options: GatewayOptions,
) {
  const wss = new WebSocketServer({ noServer: true });
  const sessions = new Map<string, Session>();
  const sockets = new Set<WebSocket>();
  let connections = 0;

  const inShard = (session: Session, guildId: string) =>
    Number((BigInt(guildId) >> 22n) % BigInt(session.shard[1])) === session.shard[0];

  function send(socket: WebSocket | null, frame: Frame) {
    if (socket && socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  }

  function push(session: Session, t: string, d: unknown) {
    session.seq++;
    const frame: Frame = { op: Op.Dispatch, d, s: session.seq, t };
    session.buffer.push(frame);
    if (session.buffer.length > 5000) session.buffer.shift();
    send(session.socket, frame);
  }

  /** Without MESSAGE_CONTENT Discord blanks content of messages not from or aimed at the bot. */
  function visible(session: Session, t: string, d: unknown): unknown {
    if (
      !t.startsWith('MESSAGE_') ||
      t === 'MESSAGE_DELETE' ||
      session.intents & Intent.MessageContent ||
      !isRecord(d)
    )
      return d;
    const author = isRecord(d.author) ? d.author.id : null;
    const mentions = Array.isArray(d.mentions) ? d.mentions : [];
    if (!d.guild_id || author === state.bot.id || mentions.some((m) => isRecord(m) && m.id === state.bot.id))
      return d;
    return { ...d, content: '', embeds: [], attachments: [], components: [] };
  }

  function dispatch(event: string, data: unknown, scope: DispatchScope) {
    for (const session of sessions.values()) {
      if (!session.alive) continue;
      if (scope.intent !== undefined && !(session.intents & scope.intent)) continue;
      if (scope.guildId) {
        if (!state.members.get(scope.guildId)?.has(state.bot.id) || !inShard(session, scope.guildId))
          continue;
      } else if (session.shard[0] !== 0) continue;
      const payload =
        event === 'GUILD_CREATE' && data === null
          ? guildCreatePayload(state, state.guilds.get(scope.guildId!)!, session.intents)
          : data;
      push(session, event, visible(session, event, payload));
    }
  }

  function identify(socket: WebSocket, d: unknown) {
    if (!isRecord(d) || typeof d.token !== 'string') return socket.close(Close.DecodeError, 'Decode error');
    if (d.token.replace(/^Bot /, '') !== app.botToken)
      return socket.close(Close.AuthenticationFailed, 'Authentication failed.');
    const intents = Number(d.intents);
    if (!Number.isInteger(intents) || intents < 0 || intents >= 1 << 26)
      return socket.close(Close.InvalidIntents, 'Invalid intent(s).');
    const privileged: Record<PrivilegedIntent, number> = {
      GuildPresences: Intent.GuildPresences,
      GuildMembers: Intent.GuildMembers,
      MessageContent: Intent.MessageContent,
    };
    for (const [name, bit] of Object.entries(privileged))
      if (intents & bit && !options.privilegedIntents.includes(name as PrivilegedIntent))
        return socket.close(Close.DisallowedIntents, 'Disallowed intent(s).');
    const shard =
      Array.isArray(d.shard) && d.shard.length === 2
        ? ([Number(d.shard[0]), Number(d.shard[1])] as [number, number])
        : ([0, 1] as [number, number]);
    if (shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1])
      return socket.close(Close.InvalidShard, 'Invalid shard.');
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      intents,
      shard,
      seq: 0,
      buffer: [],
      socket,
      identified: 1,
      resumed: 0,
      alive: true,
      lastHeartbeatAt: null,
      heartbeats: 0,
    };
    sessions.set(session.id, session);
    socketSession.set(socket, session);
    const guilds = [...state.guilds.values()].filter(
      (g) => state.members.get(g.id)?.has(state.bot.id) && inShard(session, g.id),
    );
    push(session, 'READY', {
      v: 10,
      user_settings: {},
      user: { ...publicUser(state.bot), verified: true, mfa_enabled: false, flags: 0, email: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: app.wsUrl(),
      shard,
      application: { id: app.applicationId, flags: privilegedFlags(options.privilegedIntents) },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
    });
    for (const guild of guilds) push(session, 'GUILD_CREATE', guildCreatePayload(state, guild, intents));
  }

  function resume(socket: WebSocket, d: unknown) {
    if (!isRecord(d)) return socket.close(Close.DecodeError, 'Decode error');
    if (String(d.token).replace(/^Bot /, '') !== app.botToken)
      return socket.close(Close.AuthenticationFailed, 'Authentication failed.');
    const session = sessions.get(String(d.session_id));
    if (!session?.alive) return send(socket, { op: Op.InvalidSession, d: false, s: null, t: null });
    if (session.socket && session.socket !== socket) session.socket.close(4000, 'Session resumed elsewhere');
    session.socket = socket;
    session.resumed++;
    socketSession.set(socket, session);
    const after = Number(d.seq) || 0;
    for (const frame of session.buffer) if ((frame.s ?? 0) > after) send(socket, frame);
    push(session, 'RESUMED', { _trace: ['fake-discord'] });
  }

  const socketSession = new WeakMap<WebSocket, Session>();

  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    connections++;
    sockets.add(socket);
    const params = new URL(req.url ?? '/', 'http://fake.invalid').searchParams;
    socket.on('close', () => {
      sockets.delete(socket);
      const session = socketSession.get(socket);
      if (session?.socket === socket) session.socket = null;
    });
    if (params.get('v') !== null && params.get('v') !== '10')
      return socket.close(Close.InvalidAPIVersion, 'Invalid API version');
    if ((params.get('encoding') ?? 'json') !== 'json' || params.has('compress'))
      return socket.close(Close.DecodeError, 'Only encoding=json without compression is served here');
    send(socket, {
      op: Op.Hello,
      d: { heartbeat_interval: options.heartbeatInterval, _trace: ['fake-discord'] },
      s: null,
      t: null,
    });
    socket.on('message', (raw) => {
      let frame: { op?: unknown; d?: unknown };
      try {
        frame = JSON.parse(raw.toString());
      } catch {
        return socket.close(Close.DecodeError, 'Decode error');
      }
      const session = socketSession.get(socket);
      switch (frame.op) {
        case Op.Heartbeat:
          if (session) {
            session.lastHeartbeatAt = Date.now();
            session.heartbeats++;
          }
          return send(socket, { op: Op.HeartbeatAck, d: null, s: null, t: null });
        case Op.Identify:
          if (session) return socket.close(Close.AlreadyAuthenticated, 'Already authenticated.');
          return identify(socket, frame.d);
        case Op.Resume:
          if (session) return socket.close(Close.AlreadyAuthenticated, 'Already authenticated.');
          return resume(socket, frame.d);
        case Op.PresenceUpdate:
        case Op.VoiceStateUpdate:
          if (!session) return socket.close(Close.NotAuthenticated, 'Not authenticated.');
          return;
        case Op.RequestGuildMembers: {
          if (!session) return socket.close(Close.NotAuthenticated, 'Not authenticated.');
          const d = isRecord(frame.d) ? frame.d : {};
          const guildId = String(d.guild_id);
          const ids = Array.isArray(d.user_ids)
            ? d.user_ids.map(String)
            : [...(state.members.get(guildId)?.keys() ?? [])];
          const members = ids.flatMap((id) =>
            state.members.get(guildId)?.has(id)
              ? [
                  guildCreatePayload(state, state.guilds.get(guildId)!, Intent.GuildMembers).members.find(
                    (m) => m?.user.id === id,
                  ),
                ]
              : [],
          );
          return push(session, 'GUILD_MEMBERS_CHUNK', {
            guild_id: guildId,
            members,
            chunk_index: 0,
            chunk_count: 1,
            ...(d.nonce ? { nonce: d.nonce } : {}),
          });
        }
        default:
          return socket.close(Close.UnknownOpcode, 'Unknown opcode.');
      }
    });
  });

  return {
    dispatch,
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      for (const socket of sockets) socket.terminate();
      wss.close();
    },
    api: {
      /** Sends op 7: the client should reconnect and RESUME. */
      reconnect() {
        for (const session of sessions.values())
          send(session.socket, { op: Op.Reconnect, d: null, s: null, t: null });
      },
      /** Sends op 9; with `resumable` false the sessions are forgotten and the client must IDENTIFY again. */
      invalidate(resumable = false) {
        for (const session of sessions.values()) {
          send(session.socket, { op: Op.InvalidSession, d: resumable, s: null, t: null });
          if (!resumable) session.alive = false;
        }
      },
      /** Closes every socket with `code` (4000 lets clients resume; 4004 and 4010–4014 end sessions). */
      disconnect(code = 4000, reason = 'Disconnected by the server') {
        for (const session of sessions.values()) if (FATAL.has(code)) session.alive = false;
        for (const socket of sockets) socket.close(code, reason);
      },
      sessions(): SessionInfo[] {
        return [...sessions.values()].map((s) => ({
          id: s.id,
          identified: s.identified,
          resumed: s.resumed,
          connected: s.socket !== null && s.alive,
          intents: s.intents,
          shard: s.shard,
          seq: s.seq,
          lastHeartbeatAt: s.lastHeartbeatAt,
          heartbeats: s.heartbeats,
        }));
      },
      /** How many WebSocket connections were opened (identify + resume attempts). */
      connections: () => connections,
      /** Stores a member's presence and sends PRESENCE_UPDATE (needs the GUILD_PRESENCES intent). */
      presence(
        guildId: string,
        userId: string,
        presence:
          | (Partial<Pick<FakePresence, 'status' | 'activities'>> & { clientStatus?: Record<string, string> })
          | Record<string, unknown>[],
      ) {
        const p = Array.isArray(presence) ? { activities: presence } : presence;
        const status = p.status ?? 'online';
        const stored: FakePresence = {
          status,
          activities: (p.activities ?? []).map((a) => ({ created_at: Date.now(), ...a })),
          client_status:
            'clientStatus' in p && p.clientStatus
              ? p.clientStatus
              : status === 'offline'
                ? {}
                : { desktop: status },
        };
        state.presences.set(`${guildId}:${userId}`, stored);
        dispatch(
          'PRESENCE_UPDATE',
          { user: { id: userId }, guild_id: guildId, ...stored },
          { guildId, intent: Intent.GuildPresences },
        );
      },
      /** Sends any dispatch to the sessions entitled to it. */
      dispatch(event: string, data: unknown, scope: DispatchScope = {}) {
        dispatch(event, data, scope);
      },
    },
  };
}
export type Gateway = ReturnType<typeof createGateway>;

function privilegedFlags(enabled: PrivilegedIntent[]) {
  // Application flags: GATEWAY_PRESENCE_LIMITED 1<<13, GATEWAY_GUILD_MEMBERS_LIMITED 1<<15, GATEWAY_MESSAGE_CONTENT_LIMITED 1<<19.
  let flags = 0;
  if (enabled.includes('GuildPresences')) flags |= 1 << 13;
  if (enabled.includes('GuildMembers')) flags |= 1 << 15;
  if (enabled.includes('MessageContent')) flags |= 1 << 19;
  return flags;
}

/** A Twitch stream as Discord shows it in a member's presence. */
export function twitchActivity(login: string, title: string, game: string) {
  return {
    type: 1,
    name: 'Twitch',
    url: `https://www.twitch.tv/${login}`,
    details: title,
    state: game,
    assets: { large_image: `twitch:${login}` },
  };
}
/** A YouTube live stream as Discord shows it in a member's presence. */
export function youtubeActivity(videoId: string, title: string) {
  return { type: 1, name: 'YouTube', url: `https://www.youtube.com/watch?v=${videoId}`, details: title };
}
