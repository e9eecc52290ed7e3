/**
 * Everything the fake Discord knows: users, guilds, roles, members, channels (guild channels,
 * threads and DMs), messages, commands and presences, with the JSON shapes Discord's API gives
 * them. Builders here are what tests use to set a server up; every change that Discord would
 * announce on the gateway goes through `dispatch`.
 */
import { randomBytes } from 'node:crypto';

// Discord snowflakes: milliseconds since 2015-01-01 shifted past 22 bits of worker/sequence.
let sequence = 0n;
export function snowflake(at = Date.now()): string {
  return (((BigInt(at) - 1_420_070_400_000n) << 22n) | (sequence++ & 0xfffn)).toString();
}
export const token = (bytes = 24) => randomBytes(bytes).toString('base64url');

/** Every permission bit Discord defines today; owners and administrators get all of them. */
export const ALL_PERMISSIONS = (1n << 51n) - 1n;
const ADMINISTRATOR = 1n << 3n;
/** What Discord gives @everyone in a new server. */
export const DEFAULT_EVERYONE_PERMISSIONS = '2222085186636353';

export const ChannelType = {
  GuildText: 0,
  DM: 1,
  GuildVoice: 2,
  GuildCategory: 4,
  GuildAnnouncement: 5,
  AnnouncementThread: 10,
  PublicThread: 11,
  PrivateThread: 12,
  GuildStageVoice: 13,
  GuildForum: 15,
} as const;
export const isThread = (type: number) => type === 10 || type === 11 || type === 12;

export type FakeUser = {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: '0';
  avatar: string | null;
  bot?: boolean;
  email?: string;
  verified?: boolean;
  /** The user has DMs from server members turned off: Discord answers 50007 to a DM. */
  dmsClosed?: boolean;
};
export type FakeRole = {
  id: string;
  name: string;
  color: number;
  hoist: boolean;
  icon: null;
  unicode_emoji: null;
  position: number;
  permissions: string;
  managed: boolean;
  mentionable: boolean;
  flags: 0;
};
export type FakeGuild = {
  id: string;
  name: string;
  icon: string | null;
  owner_id: string;
  joined_at: string;
  system_channel_id: string | null;
};
export type FakeMember = { nick: string | null; joined_at: string };
export type FakeOverwrite = { id: string; type: 0 | 1; allow: string; deny: string };
export type FakeThreadMetadata = {
  archived: boolean;
  locked: boolean;
  auto_archive_duration: number;
  archive_timestamp: string;
  invitable?: boolean;
  create_timestamp: string;
};
export type FakeChannel = {
  id: string;
  type: number;
  guild_id?: string;
  name?: string;
  parent_id?: string | null;
  position?: number;
  topic?: string | null;
  nsfw?: boolean;
  rate_limit_per_user?: number;
  owner_id?: string;
  thread_metadata?: FakeThreadMetadata;
  recipients?: FakeUser[];
  last_message_id: string | null;
  flags: number;
};
export type FakeAttachment = {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
};
export type FakeMessage = {
  id: string;
  type: number;
  channel_id: string;
  guild_id?: string;
  author: FakeUser;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: FakeAttachment[];
  mentions: FakeUser[];
  mention_roles: string[];
  mention_everyone: boolean;
  pinned: boolean;
  tts: boolean;
  timestamp: string;
  edited_timestamp: string | null;
  flags: number;
  nonce?: string | number;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Record<string, unknown>;
  message_reference?: Record<string, unknown>;
};
export type FakeCommand = Record<string, unknown> & { id: string; name: string; type: number };
export type FakePresence = {
  status: 'online' | 'idle' | 'dnd' | 'offline';
  activities: Record<string, unknown>[];
  client_status: Record<string, string>;
};

/** Where an event may go: a guild's sessions (filtered by intent) or everyone. */
export type DispatchScope = { guildId?: string; intent?: number; dmUserId?: string };
export type Dispatcher = (event: string, data: unknown, scope: DispatchScope) => void;

export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

export function createState(botUser: FakeUser) {
  const state = {
    bot: botUser,
    users: new Map<string, FakeUser>([[botUser.id, botUser]]),
    guilds: new Map<string, FakeGuild>(),
    /** Roles per guild, @everyone (id = guild id) first. */
    roles: new Map<string, FakeRole[]>(),
    /** Members per guild, by user id. */
    members: new Map<string, Map<string, FakeMember>>(),
    /** Role ids of a member, keyed `${guildId}:${userId}`. */
    memberRoles: new Map<string, Set<string>>(),
    channels: new Map<string, FakeChannel>(),
    /** Overwrites per channel id. */
    permissionOverwrites: new Map<string, FakeOverwrite[]>(),
    /** DM channel id per recipient user id. */
    dms: new Map<string, string>(),
    /** Messages per channel id, oldest first. */
    messages: new Map<string, FakeMessage[]>(),
    /** Stored upload bytes per attachment id, served under /attachments/. */
    files: new Map<string, { contentType: string; data: Buffer }>(),
    /** Registered commands: key 'global' or a guild id. */
    commands: new Map<string, FakeCommand[]>(),
    /** User ids in each thread. */
    threadMembers: new Map<string, Set<string>>(),
    /** Presence per `${guildId}:${userId}`. */
    presences: new Map<string, FakePresence>(),
    dispatch: (() => {}) as Dispatcher,
  };
  return state;
}
export type State = ReturnType<typeof createState>;

export function publicUser(user: FakeUser) {
  const { dmsClosed: _closed, email: _email, verified: _verified, ...rest } = user;
  return rest;
}

export function roleIdsOf(state: State, guildId: string, userId: string): string[] {
  return [...(state.memberRoles.get(`${guildId}:${userId}`) ?? [])];
}

export function memberJson(state: State, guildId: string, userId: string) {
  const member = state.members.get(guildId)?.get(userId);
  const user = state.users.get(userId);
  if (!member || !user) return null;
  return {
    user: publicUser(user),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: roleIdsOf(state, guildId, userId),
    joined_at: member.joined_at,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

/** Guild-level permissions of a member, as Discord computes them (owner and admin get all). */
export function guildPermissions(state: State, guildId: string, userId: string): bigint {
  const guild = state.guilds.get(guildId);
  if (!guild) return 0n;
  if (guild.owner_id === userId) return ALL_PERMISSIONS;
  const held = new Set([guildId, ...roleIdsOf(state, guildId, userId)]);
  let bits = 0n;
  for (const role of state.roles.get(guildId) ?? []) if (held.has(role.id)) bits |= BigInt(role.permissions);
  return bits & ADMINISTRATOR ? ALL_PERMISSIONS : bits;
}

/** Channel permissions: guild permissions with the channel's overwrites applied in Discord's order. */
export function channelPermissions(state: State, channelId: string, userId: string): bigint {
  const channel = state.channels.get(channelId);
  if (!channel?.guild_id) return ALL_PERMISSIONS;
  const guildId = channel.guild_id;
  let bits = guildPermissions(state, guildId, userId);
  if (bits === ALL_PERMISSIONS) return bits;
  const source =
    channel.parent_id && isThread(channel.type) ? state.channels.get(channel.parent_id) : channel;
  const overwrites = state.permissionOverwrites.get(source?.id ?? channelId) ?? [];
  const apply = (o: FakeOverwrite | undefined) => {
    if (o) bits = (bits & ~BigInt(o.deny)) | BigInt(o.allow);
  };
  apply(overwrites.find((o) => o.id === guildId));
  const roles = new Set(roleIdsOf(state, guildId, userId));
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites)
    if (o.type === 0 && roles.has(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  bits = (bits & ~deny) | allow;
  apply(overwrites.find((o) => o.type === 1 && o.id === userId));
  return bits;
}

export function channelJson(state: State, channel: FakeChannel) {
  if (channel.type === ChannelType.DM) return { ...channel, recipients: channel.recipients?.map(publicUser) };
  const base: Record<string, unknown> = { ...channel };
  if (isThread(channel.type)) {
    base.member_count = state.threadMembers.get(channel.id)?.size ?? 0;
    base.message_count = state.messages.get(channel.id)?.length ?? 0;
    base.total_message_sent = base.message_count;
  } else {
    base.permission_overwrites = state.permissionOverwrites.get(channel.id) ?? [];
  }
  return base;
}

export function guildJson(state: State, guild: FakeGuild) {
  return {
    ...guild,
    joined_at: undefined,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: state.roles.get(guild.id) ?? [],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
  };
}

export function guildCreatePayload(state: State, guild: FakeGuild, intents: number) {
  const channels = [...state.channels.values()].filter((c) => c.guild_id === guild.id);
  const memberIds = [...(state.members.get(guild.id)?.keys() ?? [])];
  // Without the privileged members intent Discord only includes the bot's own member.
  const shownMembers =
    intents & Intent.GuildMembers ? memberIds : memberIds.filter((id) => id === state.bot.id);
  const presences =
    intents & Intent.GuildPresences
      ? [...state.presences.entries()]
          .filter(([key]) => key.startsWith(`${guild.id}:`))
          .map(([key, p]) => ({ user: { id: key.split(':')[1] }, guild_id: guild.id, ...p }))
      : [];
  return {
    ...guildJson(state, guild),
    joined_at: guild.joined_at,
    large: false,
    unavailable: false,
    member_count: memberIds.length,
    voice_states: [],
    members: shownMembers.map((id) => memberJson(state, guild.id, id)),
    channels: channels.filter((c) => !isThread(c.type)).map((c) => channelJson(state, c)),
    threads: channels
      .filter((c) => isThread(c.type) && !c.thread_metadata?.archived)
      .map((c) => channelJson(state, c)),
    presences,
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export type AddGuildOptions = {
  name: string;
  ownerId?: string;
  /** Add the bot to the guild (default true), with its managed role. */
  withBot?: boolean;
  /** Permissions the bot was invited with: its managed role's bitfield (default Administrator). */
  botPermissions?: string;
  id?: string;
};

export function addUser(
  state: State,
  options: {
    username: string;
    bot?: boolean;
    id?: string;
    globalName?: string;
    email?: string;
    dmsClosed?: boolean;
  },
): FakeUser {
  const user: FakeUser = {
    id: options.id ?? snowflake(),
    username: options.username,
    global_name: options.globalName ?? null,
    discriminator: '0',
    avatar: null,
    ...(options.bot ? { bot: true } : {}),
    email: options.email ?? `${options.username}@users.discord.invalid`,
    verified: true,
    ...(options.dmsClosed ? { dmsClosed: true } : {}),
  };
  state.users.set(user.id, user);
  return user;
}

export function addGuild(state: State, options: AddGuildOptions) {
  const id = options.id ?? snowflake();
  const ownerId = options.ownerId ?? addUser(state, { username: `${slug(options.name)}-owner` }).id;
  const now = new Date().toISOString();
  state.roles.set(id, [
    {
      id,
      name: '@everyone',
      color: 0,
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: 0,
      permissions: DEFAULT_EVERYONE_PERMISSIONS,
      managed: false,
      mentionable: false,
      flags: 0,
    },
  ]);
  state.members.set(id, new Map());
  const general: FakeChannel = {
    id: snowflake(),
    type: ChannelType.GuildText,
    guild_id: id,
    name: 'general',
    parent_id: null,
    position: 0,
    topic: null,
    nsfw: false,
    rate_limit_per_user: 0,
    last_message_id: null,
    flags: 0,
  };
  state.channels.set(general.id, general);
  const guild: FakeGuild = {
    id,
    name: options.name,
    icon: null,
    owner_id: ownerId,
    joined_at: now,
    system_channel_id: general.id,
  };
  state.guilds.set(id, guild);
  addMember(state, id, ownerId);
  if (options.withBot === false)
    return { ...guild, everyoneRoleId: id, defaultChannelId: general.id, botRoleId: null };
  // Inviting a bot with permissions gives it a managed role named after it, as Discord does.
  const botRole = addRole(state, id, {
    name: state.bot.username,
    permissions: options.botPermissions ?? '8',
  });
  botRole.managed = true;
  addMember(state, id, state.bot.id, [botRole.id]);
  return { ...guild, everyoneRoleId: id, defaultChannelId: general.id, botRoleId: botRole.id };
}

export function addMember(state: State, guildId: string, userId: string, roleIds: string[] = []) {
  const members = state.members.get(guildId);
  if (!members) throw new Error(`no guild ${guildId}`);
  if (!state.users.has(userId)) throw new Error(`no user ${userId}`);
  const fresh = !members.has(userId);
  members.set(userId, members.get(userId) ?? { nick: null, joined_at: new Date().toISOString() });
  const roles = state.memberRoles.get(`${guildId}:${userId}`) ?? new Set<string>();
  for (const r of roleIds) roles.add(r);
  state.memberRoles.set(`${guildId}:${userId}`, roles);
  const guild = state.guilds.get(guildId);
  if (userId === state.bot.id && guild) {
    // The bot joining a server is announced to the bot as GUILD_CREATE.
    if (fresh) state.dispatch('GUILD_CREATE', null, { guildId, intent: Intent.Guilds });
  } else if (fresh) {
    state.dispatch(
      'GUILD_MEMBER_ADD',
      { ...memberJson(state, guildId, userId), guild_id: guildId },
      { guildId, intent: Intent.GuildMembers },
    );
  } else {
    state.dispatch(
      'GUILD_MEMBER_UPDATE',
      { ...memberJson(state, guildId, userId), guild_id: guildId },
      { guildId, intent: Intent.GuildMembers },
    );
  }
  return memberJson(state, guildId, userId)!;
}

export function addRole(
  state: State,
  guildId: string,
  options: {
    name: string;
    permissions?: string | bigint;
    color?: number;
    id?: string;
    hoist?: boolean;
    mentionable?: boolean;
  },
): FakeRole {
  const roles = state.roles.get(guildId);
  if (!roles) throw new Error(`no guild ${guildId}`);
  const role: FakeRole = {
    id: options.id ?? snowflake(),
    name: options.name,
    color: options.color ?? 0,
    hoist: options.hoist ?? false,
    icon: null,
    unicode_emoji: null,
    position: roles.length,
    permissions: String(options.permissions ?? '0'),
    managed: false,
    mentionable: options.mentionable ?? false,
    flags: 0,
  };
  roles.push(role);
  state.dispatch('GUILD_ROLE_CREATE', { guild_id: guildId, role }, { guildId, intent: Intent.Guilds });
  return role;
}

export function addChannel(
  state: State,
  guildId: string,
  options: {
    name: string;
    type?: number;
    parentId?: string | null;
    topic?: string | null;
    id?: string;
    overwrites?: FakeOverwrite[];
  },
): FakeChannel {
  if (!state.guilds.has(guildId)) throw new Error(`no guild ${guildId}`);
  const siblings = [...state.channels.values()].filter((c) => c.guild_id === guildId && !isThread(c.type));
  const type = options.type ?? ChannelType.GuildText;
  const channel: FakeChannel = {
    id: options.id ?? snowflake(),
    type,
    guild_id: guildId,
    name: type === ChannelType.GuildText ? textChannelName(options.name) : options.name,
    parent_id: options.parentId ?? null,
    position: siblings.length,
    ...(type === ChannelType.GuildCategory
      ? {}
      : { topic: options.topic ?? null, nsfw: false, rate_limit_per_user: 0 }),
    last_message_id: null,
    flags: 0,
  };
  state.channels.set(channel.id, channel);
  state.permissionOverwrites.set(channel.id, options.overwrites ?? []);
  state.dispatch('CHANNEL_CREATE', channelJson(state, channel), { guildId, intent: Intent.Guilds });
  return channel;
}

export function dmChannelFor(state: State, userId: string): FakeChannel {
  const existing = state.dms.get(userId);
  if (existing) return state.channels.get(existing)!;
  const user = state.users.get(userId)!;
  const channel: FakeChannel = {
    id: snowflake(),
    type: ChannelType.DM,
    last_message_id: null,
    flags: 0,
    recipients: [user],
  };
  state.channels.set(channel.id, channel);
  state.dms.set(userId, channel.id);
  return channel;
}

/** Discord lowercases text channel names and turns spaces into dashes. */
export function textChannelName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '-');
}
function slug(name: string) {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'guild'
  );
}
