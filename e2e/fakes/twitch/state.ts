/**
 * What the fake Twitch knows about people: users (every channel is a user), their channel
 * information, live streams and moderators, in the shapes Helix gives them.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export const token = (bytes = 22) => randomBytes(bytes).toString('hex').slice(0, 30);
export const uuid = () => randomUUID();

export type FakeTwitchUser = {
  id: string;
  login: string;
  display_name: string;
  type: '' | 'admin' | 'global_mod' | 'staff';
  broadcaster_type: '' | 'affiliate' | 'partner';
  description: string;
  profile_image_url: string;
  offline_image_url: string;
  view_count: number;
  email?: string;
  created_at: string;
  /** Chat colour (#RRGGBB) shown in IRC tags; empty when the user never picked one. */
  color: string;
};

export type FakeChannelInfo = {
  title: string;
  game_id: string;
  game_name: string;
  broadcaster_language: string;
  tags: string[];
};

export type FakeStream = {
  id: string;
  user_id: string;
  started_at: string;
  title: string;
  game_id: string;
  game_name: string;
  viewer_count: number;
};

/** A channel's chat settings as GET/PATCH /helix/chat/settings show them (durations: minutes, seconds). */
export type FakeChatSettings = {
  emote_mode: boolean;
  follower_mode: boolean;
  follower_mode_duration: number | null;
  slow_mode: boolean;
  slow_mode_wait_time: number | null;
  subscriber_mode: boolean;
  unique_chat_mode: boolean;
};

/** A ban (endsAt null) or timeout on a channel's chat. */
export type FakeBan = { moderatorId: string; reason: string; createdAt: number; endsAt: number | null };

export type AddUserOptions = {
  login: string;
  displayName?: string;
  id?: string;
  broadcasterType?: FakeTwitchUser['broadcaster_type'];
  email?: string;
  color?: string;
};

export function createState() {
  return {
    users: new Map<string, FakeTwitchUser>(),
    byLogin: new Map<string, FakeTwitchUser>(),
    channels: new Map<string, FakeChannelInfo>(),
    streams: new Map<string, FakeStream>(),
    /** Broadcaster id → ids of the channel's moderators. */
    moderators: new Map<string, Set<string>>(),
    /** Broadcaster id → its chat settings (absent: everything off). */
    chatSettings: new Map<string, FakeChatSettings>(),
    /** Broadcaster id → banned or timed-out user id → the ban. */
    bans: new Map<string, Map<string, FakeBan>>(),
    /** Broadcaster id → follower id → followed_at. */
    follows: new Map<string, Map<string, string>>(),
    nextId: 100_000_000 + Math.floor(Math.random() * 1_000_000),
  };
}
export type State = ReturnType<typeof createState>;

export function addUser(state: State, options: AddUserOptions): FakeTwitchUser {
  const login = options.login.toLowerCase();
  if (state.byLogin.has(login)) throw new Error(`twitch user ${login} already exists`);
  const id = options.id ?? String(state.nextId++);
  const user: FakeTwitchUser = {
    id,
    login,
    display_name: options.displayName ?? login,
    type: '',
    broadcaster_type: options.broadcasterType ?? '',
    description: '',
    profile_image_url: `https://static-cdn.jtvnw.net/jtv_user_pictures/${login}-profile_image-300x300.png`,
    offline_image_url: '',
    view_count: 0,
    ...(options.email ? { email: options.email } : {}),
    created_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    color: options.color ?? '',
  };
  state.users.set(id, user);
  state.byLogin.set(login, user);
  state.channels.set(id, { title: '', game_id: '', game_name: '', broadcaster_language: 'en', tags: [] });
  return user;
}

export function userByLogin(state: State, login: string): FakeTwitchUser | undefined {
  return state.byLogin.get(login.replace(/^#/, '').toLowerCase());
}

/** A login the tests did not register yet (a drive-by viewer) becomes a user on first use. */
export function ensureUser(state: State, login: string, displayName?: string): FakeTwitchUser {
  return userByLogin(state, login) ?? addUser(state, { login, ...(displayName ? { displayName } : {}) });
}

export function chatSettingsOf(state: State, broadcasterId: string): FakeChatSettings {
  return (
    state.chatSettings.get(broadcasterId) ?? {
      emote_mode: false,
      follower_mode: false,
      follower_mode_duration: null,
      slow_mode: false,
      slow_mode_wait_time: null,
      subscriber_mode: false,
      unique_chat_mode: false,
    }
  );
}

/** The user's ban or running timeout in a channel; an ended timeout is no ban. */
export function activeBan(state: State, broadcasterId: string, userId: string): FakeBan | null {
  const ban = state.bans.get(broadcasterId)?.get(userId);
  if (!ban) return null;
  if (ban.endsAt !== null && ban.endsAt <= Date.now()) {
    state.bans.get(broadcasterId)!.delete(userId);
    return null;
  }
  return ban;
}

export function isModerator(state: State, broadcasterId: string, userId: string): boolean {
  return state.moderators.get(broadcasterId)?.has(userId) ?? false;
}

/** Twitch's higher chat limits apply to a channel's broadcaster and its moderators. */
export function isPrivileged(state: State, broadcasterId: string, userId: string): boolean {
  return broadcasterId === userId || isModerator(state, broadcasterId, userId);
}

export function publicUser(user: FakeTwitchUser, withEmail: boolean) {
  const { color: _color, email, ...rest } = user;
  return withEmail && email ? { ...rest, email } : rest;
}
