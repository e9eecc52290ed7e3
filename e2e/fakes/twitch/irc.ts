/**
 * Twitch chat over IRC-on-WebSocket (irc-ws.chat.twitch.tv): CAP REQ for twitch.tv/tags,
 * /commands and /membership, PASS oauth:<token> + NICK checked against the fake's OAuth grants
 * (justinfan<digits> reads anonymously), JOIN with NAMES, USERSTATE and ROOMSTATE, PART,
 * PING/PONG both ways, tagged PRIVMSG, USERNOTICE, CLEARCHAT, CLEARMSG and RECONNECT.
 * Like Twitch, chat limits are enforced by dropping: a sender over 20 PRIVMSG per 30 s in a
 * channel (100 as broadcaster or moderator), over 20 JOINs per 10 s, a message over 500
 * characters or a non-moderator repeating itself within 30 s is simply not delivered.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { OAuth } from './oauth';
import {
  chatSettingsOf,
  ensureUser,
  type FakeTwitchUser,
  isModerator,
  isPrivileged,
  type State,
  userByLogin,
  uuid,
} from './state';

const HOST = 'tmi.twitch.tv';
const CAPS = ['twitch.tv/tags', 'twitch.tv/commands', 'twitch.tv/membership'];

export type IrcLimits = {
  /** PRIVMSG per window in a channel where the sender is neither broadcaster nor moderator (Twitch: 20). */
  messages: number;
  /** PRIVMSG per window as broadcaster or moderator (Twitch: 100). */
  modMessages: number;
  messageWindowMs: number;
  /** JOINs per window per connection (Twitch: 20 per 10 s). */
  joins: number;
  joinWindowMs: number;
  /** Longest message in characters (Twitch: 500). */
  maxLength: number;
  /** Non-moderators may not repeat the same message within this many ms (Twitch: 30 s). */
  duplicateWindowMs: number;
};
export const TWITCH_LIMITS: IrcLimits = {
  messages: 20,
  modMessages: 100,
  messageWindowMs: 30_000,
  joins: 20,
  joinWindowMs: 10_000,
  maxLength: 500,
  duplicateWindowMs: 30_000,
};

export type SentMessage = {
  id: string;
  channel: string;
  login: string;
  userId: string;
  text: string;
  /** reply-parent-msg-id the client tagged the message with, when it replied to a message. */
  replyTo: string | null;
  at: number;
};
export type DropReason = 'rate_limit' | 'join_rate_limit' | 'too_long' | 'duplicate' | 'missing_scope';
export type DroppedCommand = {
  command: 'PRIVMSG' | 'JOIN';
  channel: string;
  login: string;
  text: string | null;
  reason: DropReason;
  at: number;
};

export type ViewerMessage = {
  login: string;
  displayName?: string;
  userId?: string;
  /** Badge name → version, e.g. { subscriber: '12', vip: '1' }. */
  badges?: Record<string, string | number>;
  mod?: boolean;
  /** true or the number of months subscribed. */
  subscriber?: boolean | number;
  color?: string;
  text: string;
  id?: string;
  bits?: number;
  /** Extra tags, e.g. { 'custom-reward-id': '…', 'first-msg': '1' }. */
  tags?: Record<string, string>;
};

export type UserNotice =
  | { msgId: 'sub'; login: string; plan?: SubPlan; months?: number; text?: string }
  | { msgId: 'resub'; login: string; plan?: SubPlan; months: number; streak?: number; text?: string }
  | { msgId: 'subgift'; login: string; recipient: string; plan?: SubPlan; months?: number }
  | { msgId: 'raid'; login: string; viewers: number };
export type SubPlan = 'Prime' | '1000' | '2000' | '3000';

type Connection = {
  socket: WebSocket;
  caps: Set<string>;
  pass: string | null;
  user: FakeTwitchUser | null;
  /** justinfan logins read chat without an account. */
  anonymous: string | null;
  scopes: string[];
  channels: Set<string>;
  joinBucket: { resetAt: number; used: number };
  pongs: number;
};

/** IRCv3 tag values escape ; space \ CR LF. */
const escapeTag = (value: string) =>
  value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\:')
    .replace(/ /g, '\\s')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n');

function formatTags(tags: Record<string, string | number | boolean>) {
  return `@${Object.entries(tags)
    .map(([k, v]) => `${k}=${escapeTag(typeof v === 'boolean' ? (v ? '1' : '0') : String(v))}`)
    .join(';')}`;
}

function parseLine(line: string) {
  let rest = line;
  const tags: Record<string, string> = {};
  if (rest.startsWith('@')) {
    const space = rest.indexOf(' ');
    for (const pair of rest.slice(1, space).split(';')) {
      const eq = pair.indexOf('=');
      tags[eq < 0 ? pair : pair.slice(0, eq)] = eq < 0 ? '' : pair.slice(eq + 1);
    }
    rest = rest.slice(space + 1).trimStart();
  }
  if (rest.startsWith(':')) rest = rest.slice(rest.indexOf(' ') + 1).trimStart();
  const trailingAt = rest.indexOf(' :');
  const trailing = trailingAt >= 0 ? rest.slice(trailingAt + 2) : null;
  const head = (trailingAt >= 0 ? rest.slice(0, trailingAt) : rest).split(' ').filter(Boolean);
  const params = trailing === null ? head.slice(1) : [...head.slice(1), trailing];
  return { tags, command: (head[0] ?? '').toUpperCase(), params };
}

const channelName = (value: string) => `#${value.replace(/^#/, '').toLowerCase()}`;

export function createIrc(state: State, oauth: OAuth, limits: IrcLimits) {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('irc') ? 'irc' : false),
  });
  const connections = new Set<Connection>();
  const sent: SentMessage[] = [];
  const dropped: DroppedCommand[] = [];
  /** `${userId}|${channel}` → the sender's message bucket and last message there. */
  const buckets = new Map<
    string,
    { resetAt: number; used: number; last: { text: string; at: number } | null }
  >();
  const received: { login: string; line: string }[] = [];
  /** Message id → what a CLEARMSG about it names; bounded like a chat backlog. */
  const messages = new Map<string, { channel: string; login: string; userId: string; text: string }>();
  function remember(id: string, message: { channel: string; login: string; userId: string; text: string }) {
    messages.set(id, message);
    if (messages.size > 10_000) messages.delete(messages.keys().next().value!);
  }

  const loginOf = (c: Connection) => c.user?.login ?? c.anonymous ?? '*';

  function write(c: Connection, line: string) {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(`${line}\r\n`);
  }

  /** Sends a server line, keeping tags only for connections that asked for twitch.tv/tags. */
  function emit(c: Connection, tags: Record<string, string | number | boolean> | null, line: string) {
    write(c, tags && c.caps.has('twitch.tv/tags') ? `${formatTags(tags)} ${line}` : line);
  }

  const joined = (channel: string) => [...connections].filter((c) => c.channels.has(channel));

  function broadcaster(channel: string) {
    const user = userByLogin(state, channel);
    if (!user) throw new Error(`no twitch channel ${channel}`);
    return user;
  }

  function badgesOf(room: FakeTwitchUser, user: FakeTwitchUser, extra: Record<string, string | number> = {}) {
    const badges: Record<string, string | number> = {};
    if (room.id === user.id) badges.broadcaster = 1;
    else if (isModerator(state, room.id, user.id)) badges.moderator = 1;
    Object.assign(badges, extra);
    return badges;
  }
  const badgeString = (badges: Record<string, string | number>) =>
    Object.entries(badges)
      .map(([k, v]) => `${k}/${v}`)
      .join(',');

  function userstateTags(room: FakeTwitchUser, user: FakeTwitchUser) {
    const mod = isModerator(state, room.id, user.id);
    const badges = badgesOf(room, user);
    return {
      'badge-info': '',
      badges: badgeString(badges),
      color: user.color,
      'display-name': user.display_name,
      'emote-sets': '0',
      mod: mod ? '1' : '0',
      subscriber: '0',
      'user-type': mod ? 'mod' : '',
    };
  }

  function roomstateTags(room: FakeTwitchUser) {
    const settings = chatSettingsOf(state, room.id);
    return {
      'emote-only': settings.emote_mode ? '1' : '0',
      'followers-only': settings.follower_mode ? String(settings.follower_mode_duration ?? 0) : '-1',
      r9k: settings.unique_chat_mode ? '1' : '0',
      'room-id': room.id,
      slow: settings.slow_mode ? String(settings.slow_mode_wait_time ?? 0) : '0',
      'subs-only': settings.subscriber_mode ? '1' : '0',
    };
  }

  function welcome(c: Connection, nick: string) {
    write(c, `:${HOST} 001 ${nick} :Welcome, GLHF!`);
    write(c, `:${HOST} 002 ${nick} :Your host is ${HOST}`);
    write(c, `:${HOST} 003 ${nick} :This server is rather new`);
    write(c, `:${HOST} 004 ${nick} :-`);
    write(c, `:${HOST} 375 ${nick} :-`);
    write(c, `:${HOST} 372 ${nick} :You are in a maze of twisty passages, all alike.`);
    write(c, `:${HOST} 376 ${nick} :>`);
    if (c.user && c.caps.has('twitch.tv/commands'))
      emit(
        c,
        {
          'badge-info': '',
          badges: '',
          color: c.user.color,
          'display-name': c.user.display_name,
          'emote-sets': '0',
          'user-id': c.user.id,
          'user-type': '',
        },
        `:${HOST} GLOBALUSERSTATE`,
      );
  }

  function refuse(c: Connection, message: string) {
    write(c, `:${HOST} NOTICE * :${message}`);
    c.socket.close();
  }

  function login(c: Connection, nickParam: string | undefined) {
    const nick = (nickParam ?? '').toLowerCase();
    if (/^justinfan\d+$/.test(nick)) {
      c.anonymous = nick;
      return welcome(c, nick);
    }
    if (!c.pass?.startsWith('oauth:')) return refuse(c, 'Improperly formatted auth');
    const grant = oauth.grantFor(c.pass.slice(6));
    const user = grant?.userId ? state.users.get(grant.userId) : undefined;
    const canChat = grant?.scopes.some((s) => s === 'chat:read' || s === 'chat:edit' || s === 'chat_login');
    if (!grant || !user || !canChat || user.login !== nick) return refuse(c, 'Login authentication failed');
    c.user = user;
    c.scopes = grant.scopes;
    welcome(c, nick);
  }

  function join(c: Connection, channel: string) {
    const now = Date.now();
    if (c.joinBucket.resetAt <= now) c.joinBucket = { resetAt: now + limits.joinWindowMs, used: 0 };
    if (c.joinBucket.used >= limits.joins) {
      dropped.push({
        command: 'JOIN',
        channel,
        login: loginOf(c),
        text: null,
        reason: 'join_rate_limit',
        at: now,
      });
      return;
    }
    c.joinBucket.used++;
    const room = userByLogin(state, channel);
    if (!room) {
      emit(
        c,
        { 'msg-id': 'msg_channel_suspended' },
        `:${HOST} NOTICE ${channel} :This channel does not exist or has been suspended.`,
      );
      return;
    }
    if (c.channels.has(channel)) return;
    c.channels.add(channel);
    const nick = loginOf(c);
    const joinLine = `:${nick}!${nick}@${nick}.${HOST} JOIN ${channel}`;
    write(c, joinLine);
    for (const other of joined(channel))
      if (other !== c && other.caps.has('twitch.tv/membership')) write(other, joinLine);
    const names = c.caps.has('twitch.tv/membership') ? [...new Set(joined(channel).map(loginOf))] : [nick];
    write(c, `:${nick}.${HOST} 353 ${nick} = ${channel} :${names.join(' ')}`);
    write(c, `:${nick}.${HOST} 366 ${nick} ${channel} :End of /NAMES list`);
    if (!c.caps.has('twitch.tv/commands')) return;
    if (c.user) emit(c, userstateTags(room, c.user), `:${HOST} USERSTATE ${channel}`);
    emit(c, roomstateTags(room), `:${HOST} ROOMSTATE ${channel}`);
  }

  function part(c: Connection, channel: string) {
    if (!c.channels.has(channel)) return;
    const nick = loginOf(c);
    const line = `:${nick}!${nick}@${nick}.${HOST} PART ${channel}`;
    for (const other of joined(channel))
      if (other === c || other.caps.has('twitch.tv/membership')) write(other, line);
    c.channels.delete(channel);
  }

  function privmsg(c: Connection, channel: string, text: string, clientTags: Record<string, string>) {
    if (!c.user) return; // anonymous readers cannot talk; Twitch ignores them
    const user = c.user;
    const room = userByLogin(state, channel);
    if (!room) return;
    const now = Date.now();
    const drop = (reason: DropReason) =>
      dropped.push({ command: 'PRIVMSG', channel, login: user.login, text, reason, at: now });
    if (!c.scopes.includes('chat:edit') && !c.scopes.includes('chat_login')) return drop('missing_scope');
    if ([...text].length > limits.maxLength) return drop('too_long');
    const privileged = isPrivileged(state, room.id, user.id);
    const key = `${user.id}|${channel}`;
    let bucket = buckets.get(key);
    if (!bucket || bucket.resetAt <= now) {
      bucket = { resetAt: now + limits.messageWindowMs, used: 0, last: bucket?.last ?? null };
      buckets.set(key, bucket);
    }
    if (bucket.used >= (privileged ? limits.modMessages : limits.messages)) return drop('rate_limit');
    if (!privileged && bucket.last?.text === text && now - bucket.last.at < limits.duplicateWindowMs) {
      emit(
        c,
        { 'msg-id': 'msg_duplicate' },
        `:${HOST} NOTICE ${channel} :Your message was not sent because it is identical to the previous one you sent, less than 30 seconds ago.`,
      );
      return drop('duplicate');
    }
    bucket.used++;
    bucket.last = { text, at: now };
    const id = uuid();
    const replyTo = clientTags['reply-parent-msg-id'] ?? null;
    sent.push({ id, channel, login: user.login, userId: user.id, text, replyTo, at: now });
    remember(id, { channel, login: user.login, userId: user.id, text });
    const mod = isModerator(state, room.id, user.id);
    const tags: Record<string, string | number> = {
      'badge-info': '',
      badges: badgeString(badgesOf(room, user)),
      color: user.color,
      'display-name': user.display_name,
      emotes: '',
      'first-msg': '0',
      flags: '',
      id,
      mod: mod ? 1 : 0,
      ...(replyTo ? { 'reply-parent-msg-id': replyTo } : {}),
      'returning-chatter': '0',
      'room-id': room.id,
      subscriber: 0,
      'tmi-sent-ts': now,
      turbo: 0,
      'user-id': user.id,
      'user-type': mod ? 'mod' : '',
    };
    const line = `:${user.login}!${user.login}@${user.login}.${HOST} PRIVMSG ${channel} :${text}`;
    for (const other of joined(channel)) if (other !== c) emit(other, tags, line);
    if (c.caps.has('twitch.tv/commands'))
      emit(c, { ...userstateTags(room, user), id }, `:${HOST} USERSTATE ${channel}`);
  }

  function onLine(c: Connection, line: string) {
    received.push({ login: loginOf(c), line });
    const { tags, command, params } = parseLine(line);
    const registered = c.user !== null || c.anonymous !== null;
    switch (command) {
      case 'CAP': {
        const sub = (params[0] ?? '').toUpperCase();
        if (sub === 'LS') return write(c, `:${HOST} CAP * LS :${CAPS.join(' ')}`);
        if (sub !== 'REQ') return;
        const wanted = (params[1] ?? '').split(' ').filter(Boolean);
        if (wanted.some((cap) => !CAPS.includes(cap)))
          return write(c, `:${HOST} CAP * NAK :${wanted.join(' ')}`);
        for (const cap of wanted) c.caps.add(cap);
        return write(c, `:${HOST} CAP * ACK :${wanted.join(' ')}`);
      }
      case 'PASS':
        c.pass = params[0] ?? null;
        return;
      case 'NICK':
        if (!registered) login(c, params[0]);
        return;
      case 'PING':
        if (params[0]) return write(c, `:${HOST} PONG ${HOST} :${params[0]}`);
        return write(c, `PONG :${HOST}`);
      case 'PONG':
        c.pongs++;
        return;
    }
    if (!registered) return;
    switch (command) {
      case 'JOIN':
        for (const channel of (params[0] ?? '').split(',').filter(Boolean)) join(c, channelName(channel));
        return;
      case 'PART':
        for (const channel of (params[0] ?? '').split(',').filter(Boolean)) part(c, channelName(channel));
        return;
      case 'PRIVMSG':
        if (params[0] && params[1] !== undefined) privmsg(c, channelName(params[0]), params[1], tags);
        return;
      default:
        write(c, `:${HOST} 421 ${loginOf(c)} ${command} :Unknown command`);
    }
  }

  wss.on('connection', (socket: WebSocket) => {
    const c: Connection = {
      socket,
      caps: new Set(),
      pass: null,
      user: null,
      anonymous: null,
      scopes: [],
      channels: new Set(),
      joinBucket: { resetAt: 0, used: 0 },
      pongs: 0,
    };
    connections.add(c);
    socket.on('close', () => connections.delete(c));
    socket.on('message', (raw) => {
      for (const line of raw.toString().split(/\r?\n/)) if (line.trim()) onLine(c, line.trim());
    });
  });

  /** Lines to every connection joined to a channel; tags kept where twitch.tv/tags was requested. */
  function toChannel(
    channel: string,
    tags: Record<string, string | number>,
    line: string,
    needCommands = true,
  ) {
    for (const c of joined(channel))
      if (!needCommands || c.caps.has('twitch.tv/commands')) emit(c, tags, line);
  }

  const api = {
    /** A viewer's chat message (tagged PRIVMSG) to every connection in the channel; returns its id. */
    say(channelLogin: string, message: ViewerMessage): string {
      const channel = channelName(channelLogin);
      const room = broadcaster(channel);
      const user = ensureUser(state, message.login, message.displayName);
      const id = message.id ?? uuid();
      const extra: Record<string, string | number> = {};
      const months = typeof message.subscriber === 'number' ? message.subscriber : message.subscriber ? 1 : 0;
      if (message.mod) extra.moderator = 1;
      if (months) extra.subscriber = months;
      if (message.bits) extra.bits = message.bits >= 100 ? 100 : 1;
      const badges = { ...badgesOf(room, user, extra), ...(message.badges ?? {}) };
      const mod = message.mod || isModerator(state, room.id, user.id) || 'moderator' in badges;
      const tags: Record<string, string | number> = {
        'badge-info': months ? `subscriber/${months}` : '',
        badges: badgeString(badges),
        ...(message.bits ? { bits: message.bits } : {}),
        color: message.color ?? user.color,
        'display-name': message.displayName ?? user.display_name,
        emotes: '',
        'first-msg': '0',
        flags: '',
        id,
        mod: mod ? 1 : 0,
        'returning-chatter': '0',
        'room-id': room.id,
        subscriber: months || 'subscriber' in badges ? 1 : 0,
        'tmi-sent-ts': Date.now(),
        turbo: 0,
        'user-id': message.userId ?? user.id,
        'user-type': mod ? 'mod' : '',
        ...(message.tags ?? {}),
      };
      const line = `:${user.login}!${user.login}@${user.login}.${HOST} PRIVMSG ${channel} :${message.text}`;
      remember(id, { channel, login: user.login, userId: String(tags['user-id']), text: message.text });
      toChannel(channel, tags, line, false);
      return id;
    },
    /** A USERNOTICE (sub, resub, subgift, raid) with Twitch's msg-param tags; returns its id. */
    notice(channelLogin: string, notice: UserNotice): string {
      const channel = channelName(channelLogin);
      const room = broadcaster(channel);
      const user = ensureUser(state, notice.login);
      const id = uuid();
      const planNames: Record<SubPlan, string> = {
        Prime: 'Prime',
        '1000': 'Channel Subscription',
        '2000': 'Channel Subscription (Tier 2)',
        '3000': 'Channel Subscription (Tier 3)',
      };
      let params: Record<string, string | number> = {};
      let systemMsg = '';
      let text: string | undefined;
      if (notice.msgId === 'sub' || notice.msgId === 'resub') {
        const plan = notice.plan ?? '1000';
        const months = notice.months ?? 1;
        params = {
          'msg-param-cumulative-months': months,
          'msg-param-months': 0,
          'msg-param-multimonth-duration': 1,
          'msg-param-multimonth-tenure': 0,
          'msg-param-should-share-streak': notice.msgId === 'resub' && notice.streak ? 1 : 0,
          ...(notice.msgId === 'resub' && notice.streak ? { 'msg-param-streak-months': notice.streak } : {}),
          'msg-param-sub-plan-name': planNames[plan],
          'msg-param-sub-plan': plan,
          'msg-param-was-gifted': 'false',
        };
        const how = plan === 'Prime' ? 'with Prime Gaming' : `at Tier ${Number(plan) / 1000}`;
        systemMsg =
          notice.msgId === 'sub'
            ? `${user.display_name} subscribed ${how}.`
            : `${user.display_name} subscribed ${how}. They've subscribed for ${months} months!`;
        text = notice.text;
      } else if (notice.msgId === 'subgift') {
        const plan = notice.plan ?? '1000';
        const recipient = ensureUser(state, notice.recipient);
        params = {
          'msg-param-gift-months': 1,
          'msg-param-months': notice.months ?? 1,
          'msg-param-origin-id': uuid(),
          'msg-param-recipient-display-name': recipient.display_name,
          'msg-param-recipient-id': recipient.id,
          'msg-param-recipient-user-name': recipient.login,
          'msg-param-sub-plan-name': planNames[plan],
          'msg-param-sub-plan': plan,
        };
        systemMsg = `${user.display_name} gifted a Tier ${plan === 'Prime' ? 1 : Number(plan) / 1000} sub to ${recipient.display_name}!`;
      } else {
        params = {
          'msg-param-displayName': user.display_name,
          'msg-param-login': user.login,
          'msg-param-profileImageURL': user.profile_image_url,
          'msg-param-viewerCount': notice.viewers,
        };
        systemMsg = `${notice.viewers} raiders from ${user.display_name} have joined!`;
      }
      const tags = {
        'badge-info': '',
        badges: badgeString(badgesOf(room, user)),
        color: user.color,
        'display-name': user.display_name,
        emotes: '',
        flags: '',
        id,
        login: user.login,
        mod: 0,
        'msg-id': notice.msgId,
        ...params,
        'room-id': room.id,
        subscriber: notice.msgId === 'raid' ? 0 : 1,
        'system-msg': systemMsg,
        'tmi-sent-ts': Date.now(),
        'user-id': user.id,
        'user-type': '',
      };
      toChannel(channel, tags, `:${HOST} USERNOTICE ${channel}${text ? ` :${text}` : ''}`);
      return id;
    },
    /** CLEARCHAT: a user's timeout (with seconds) or ban, or the whole chat cleared without a login. */
    clearChat(channelLogin: string, target?: { login: string; seconds?: number }) {
      const channel = channelName(channelLogin);
      const room = broadcaster(channel);
      if (!target)
        return toChannel(
          channel,
          { 'room-id': room.id, 'tmi-sent-ts': Date.now() },
          `:${HOST} CLEARCHAT ${channel}`,
        );
      const user = ensureUser(state, target.login);
      toChannel(
        channel,
        {
          ...(target.seconds ? { 'ban-duration': target.seconds } : {}),
          'room-id': room.id,
          'target-user-id': user.id,
          'tmi-sent-ts': Date.now(),
        },
        `:${HOST} CLEARCHAT ${channel} :${user.login}`,
      );
    },
    /** CLEARMSG: one message deleted by a moderator. */
    clearMessage(channelLogin: string, message: { login: string; id: string; text: string }) {
      const channel = channelName(channelLogin);
      const room = broadcaster(channel);
      toChannel(
        channel,
        { login: message.login, 'room-id': room.id, 'target-msg-id': message.id, 'tmi-sent-ts': Date.now() },
        `:${HOST} CLEARMSG ${channel} :${message.text}`,
      );
    },
    /** A chat message seen in any channel (viewers' and clients'), by its id. */
    message: (id: string) => messages.get(id) ?? null,
    /** ROOMSTATE with every setting to the channel, as Twitch sends when a chat setting changes. */
    roomstate(channelLogin: string) {
      const channel = channelName(channelLogin);
      toChannel(channel, roomstateTags(broadcaster(channel)), `:${HOST} ROOMSTATE ${channel}`, false);
    },
    /** RECONNECT to every connection (Twitch's maintenance notice); they are closed after `closeAfterMs`. */
    reconnect(closeAfterMs = 1000) {
      const all = [...connections];
      for (const c of all) write(c, `:${HOST} RECONNECT`);
      setTimeout(() => {
        for (const c of all) c.socket.close();
      }, closeAfterMs).unref();
    },
    /** Sends PING :tmi.twitch.tv to every connection; `pongs(login)` counts the answers. */
    ping() {
      for (const c of connections) write(c, `PING :${HOST}`);
    },
    pongs: (login: string) =>
      [...connections].filter((c) => loginOf(c) === login).reduce((n, c) => n + c.pongs, 0),
    /** Drops every socket without a word, as a network failure would. */
    dropConnections() {
      for (const c of connections) c.socket.terminate();
    },
    /** Makes (or unmakes) a user a moderator of a channel; joined connections of theirs get a new USERSTATE. */
    setModerator(channelLogin: string, login: string, moderator = true) {
      const channel = channelName(channelLogin);
      const room = broadcaster(channel);
      const user = ensureUser(state, login);
      const mods = state.moderators.get(room.id) ?? new Set<string>();
      if (moderator) mods.add(user.id);
      else mods.delete(user.id);
      state.moderators.set(room.id, mods);
      for (const c of joined(channel))
        if (c.user?.id === user.id && c.caps.has('twitch.tv/commands'))
          emit(c, userstateTags(room, user), `:${HOST} USERSTATE ${channel}`);
    },
    /** Messages clients sent that Twitch accepted, oldest first (all channels when none is named). */
    sent: (channelLogin?: string) =>
      channelLogin ? sent.filter((m) => m.channel === channelName(channelLogin)) : [...sent],
    /** PRIVMSGs and JOINs that were dropped, with why. */
    dropped: () => [...dropped],
    /** Every raw line clients sent, for asserting on the protocol itself. */
    received: () => [...received],
    /** Logins currently joined to a channel. */
    joined: (channelLogin: string) => joined(channelName(channelLogin)).map(loginOf),
    connections: () =>
      [...connections].map((c) => ({ login: loginOf(c), caps: [...c.caps], channels: [...c.channels] })),
    /** Forgets message buckets and JOIN windows, as if 30 s had passed. */
    resetLimits() {
      buckets.clear();
      for (const c of connections) c.joinBucket = { resetAt: 0, used: 0 };
    },
  };

  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      for (const c of connections) c.socket.terminate();
      wss.close();
    },
    api,
  };
}
export type Irc = ReturnType<typeof createIrc>;
