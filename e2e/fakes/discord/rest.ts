/**
 * Discord's REST API routes the product uses, under /api/v10 (and unversioned /api): users,
 * guilds, members and roles, channels, threads, permission overwrites, messages, commands and the
 * interaction callback/webhook routes, with Discord's auth rules and error codes.
 */
import { overwriteCommands } from './commands';
import { DiscordError, fieldError, invalidForm, isRecord, notFound, type ParsedBody, unknown } from './http';
import type { Interactions } from './interactions';
import {
  createMessage,
  deleteMessage,
  findMessage,
  messageJson,
  updateMessage,
  validateMessageBody,
} from './messages';
import type { Grant } from './oauth';
import {
  addChannel,
  addMember,
  ChannelType,
  channelJson,
  channelPermissions,
  dmChannelFor,
  type FakeChannel,
  type FakeOverwrite,
  guildJson,
  guildPermissions,
  Intent,
  isThread,
  memberJson,
  publicUser,
  type State,
  snowflake,
  textChannelName,
} from './state';

export type Auth = { kind: 'bot' } | { kind: 'bearer'; grant: Grant } | { kind: 'none' };
export type RouteContext = {
  params: Record<string, string>;
  query: URLSearchParams;
  body: ParsedBody;
  json: Record<string, unknown>;
  auth: Auth;
};
/** A route answer other than 200: status with optional body. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {}
}
type Handler = (ctx: RouteContext) => unknown;
export type Route = {
  method: string;
  template: string;
  pattern: RegExp;
  /** 'bot': bot token only; 'user': bot or OAuth bearer; 'none': interaction webhooks. */
  auth: 'bot' | 'user' | 'none';
  /** Rate-limit major parameter. */
  major: string | null;
  handler: Handler;
};

export function createRoutes(
  state: State,
  app: { applicationId: string; baseUrl: () => string },
  interactions: Interactions,
) {
  const routes: Route[] = [];
  const on = (method: string, template: string, auth: Route['auth'], handler: Handler) => {
    const pattern = new RegExp(`^${template.replace(/:(\w+)/g, (_m, name) => `(?<${name}>[^/]+)`)}/?$`);
    const major = /:(channel_id|guild_id|webhook_id)/.exec(template)?.[1] ?? null;
    routes.push({ method, template, pattern, auth, major, handler });
  };

  const guildOf = (id: string) => {
    const guild = state.guilds.get(id);
    if (!guild || !state.members.get(id)?.has(state.bot.id)) throw unknown('Guild', 10004);
    return guild;
  };
  const channelOf = (id: string) => {
    const channel = state.channels.get(id);
    if (!channel) throw unknown('Channel', 10003);
    return channel;
  };
  const userOf = (id: string) => {
    const user = state.users.get(id);
    if (!user) throw unknown('User', 10013);
    return user;
  };
  const memberOf = (guildId: string, userId: string) => {
    const member = memberJson(state, guildId, userId);
    if (!member) throw unknown('Member', 10007);
    return member;
  };
  const roleOf = (guildId: string, roleId: string) => {
    const role = state.roles.get(guildId)?.find((r) => r.id === roleId);
    if (!role) throw unknown('Role', 10011);
    return role;
  };
  const channelEvent = (channel: FakeChannel) => ({ guildId: channel.guild_id, intent: Intent.Guilds });
  const requireScope = (auth: Auth, scope: string) => {
    if (auth.kind === 'bearer' && !auth.grant.scopes.includes(scope))
      throw new DiscordError(401, 0, '401: Unauthorized');
  };
  const currentUser = (auth: Auth) => (auth.kind === 'bearer' ? userOf(auth.grant.userId) : state.bot);

  // Gateway
  on('GET', '/gateway', 'none', () => ({ url: gatewayUrl() }));
  on('GET', '/gateway/bot', 'bot', () => ({
    url: gatewayUrl(),
    shards: 1,
    session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
  }));
  const gatewayUrl = () => `${app.baseUrl().replace(/^http/, 'ws')}/gateway`;

  // Users
  on('GET', '/users/@me', 'user', ({ auth }) => {
    requireScope(auth, 'identify');
    const user = currentUser(auth);
    const withEmail = auth.kind === 'bearer' && auth.grant.scopes.includes('email');
    return {
      ...publicUser(user),
      flags: 0,
      public_flags: 0,
      mfa_enabled: false,
      locale: 'en-US',
      premium_type: 0,
      banner: null,
      accent_color: null,
      ...(withEmail ? { email: user.email ?? null, verified: user.verified ?? true } : {}),
    };
  });
  on('GET', '/users/@me/guilds', 'user', ({ auth, query }) => {
    requireScope(auth, 'guilds');
    const user = currentUser(auth);
    const limit = Math.min(200, Number(query.get('limit') ?? 200));
    return [...state.guilds.values()]
      .filter((g) => state.members.get(g.id)?.has(user.id))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .filter((g) => !query.get('after') || BigInt(g.id) > BigInt(query.get('after')!))
      .slice(0, limit)
      .map((g) => ({
        id: g.id,
        name: g.name,
        icon: g.icon,
        banner: null,
        owner: g.owner_id === user.id,
        permissions: guildPermissions(state, g.id, user.id).toString(),
        features: [],
        ...(query.get('with_counts') === 'true'
          ? { approximate_member_count: state.members.get(g.id)?.size ?? 0, approximate_presence_count: 0 }
          : {}),
      }));
  });
  on('GET', '/users/@me/guilds/:guild_id/member', 'user', ({ auth, params }) => {
    requireScope(auth, 'guilds.members.read');
    return memberOf(params.guild_id!, currentUser(auth).id);
  });
  on('POST', '/users/@me/channels', 'bot', ({ json }) => {
    const recipient = state.users.get(String(json.recipient_id));
    if (!recipient || recipient.id === state.bot.id)
      throw new DiscordError(400, 50033, 'Invalid Recipient(s)');
    return channelJson(state, dmChannelFor(state, recipient.id));
  });
  on('GET', '/users/:user_id', 'bot', ({ params }) => publicUser(userOf(params.user_id!)));

  // Guilds
  on('GET', '/guilds/:guild_id', 'bot', ({ params, query }) => {
    const guild = guildOf(params.guild_id!);
    return {
      ...guildJson(state, guild),
      ...(query.get('with_counts') === 'true'
        ? { approximate_member_count: state.members.get(guild.id)?.size ?? 0, approximate_presence_count: 0 }
        : {}),
    };
  });
  on('GET', '/guilds/:guild_id/channels', 'bot', ({ params }) => {
    guildOf(params.guild_id!);
    return [...state.channels.values()]
      .filter((c) => c.guild_id === params.guild_id && !isThread(c.type))
      .map((c) => channelJson(state, c));
  });
  on('POST', '/guilds/:guild_id/channels', 'bot', ({ params, json }) => {
    guildOf(params.guild_id!);
    const errors: Record<string, unknown> = {};
    const type = json.type ?? 0;
    if (typeof json.name !== 'string' || json.name.length < 1 || json.name.length > 100)
      errors.name = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    if (![0, 2, 4, 5, 13, 15].includes(type as number))
      errors.type = fieldError('BASE_TYPE_CHOICES', 'Value must be one of {0, 2, 4, 5, 13, 15}.');
    const parentId = json.parent_id ? String(json.parent_id) : null;
    if (parentId) {
      const parent = state.channels.get(parentId);
      if (
        !parent ||
        parent.guild_id !== params.guild_id ||
        parent.type !== ChannelType.GuildCategory ||
        type === ChannelType.GuildCategory
      )
        errors.parent_id = fieldError('CHANNEL_PARENT_INVALID_TYPE', 'Invalid parent channel type');
    }
    if (typeof json.topic === 'string' && json.topic.length > 1024)
      errors.topic = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 1024 or fewer in length.');
    const overwrites = Array.isArray(json.permission_overwrites)
      ? json.permission_overwrites.map(toOverwrite)
      : [];
    if (overwrites.some((o) => o === null))
      errors.permission_overwrites = fieldError('BASE_TYPE_REQUIRED', 'This field is required');
    if (Object.keys(errors).length > 0) throw invalidForm(errors);
    const channel = addChannel(state, params.guild_id!, {
      name: String(json.name),
      type: type as number,
      parentId,
      topic: typeof json.topic === 'string' ? json.topic : null,
      overwrites: overwrites as FakeOverwrite[],
    });
    return new Reply(201, channelJson(state, channel));
  });
  on('GET', '/guilds/:guild_id/roles', 'bot', ({ params }) => {
    guildOf(params.guild_id!);
    return state.roles.get(params.guild_id!) ?? [];
  });
  on('GET', '/guilds/:guild_id/members', 'bot', ({ params, query }) => {
    guildOf(params.guild_id!);
    const limit = Number(query.get('limit') ?? 1);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw invalidForm({
        limit: fieldError('NUMBER_TYPE_MAX', 'int value should be less than or equal to 1000.'),
      });
    const after = BigInt(query.get('after') ?? '0');
    return [...(state.members.get(params.guild_id!)?.keys() ?? [])]
      .filter((id) => BigInt(id) > after)
      .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))
      .slice(0, limit)
      .map((id) => memberJson(state, params.guild_id!, id));
  });
  on('GET', '/guilds/:guild_id/members/:user_id', 'bot', ({ params }) => {
    guildOf(params.guild_id!);
    return memberOf(params.guild_id!, params.user_id!);
  });
  on('PATCH', '/guilds/:guild_id/members/:user_id', 'bot', ({ params, json }) => {
    guildOf(params.guild_id!);
    memberOf(params.guild_id!, params.user_id!);
    const member = state.members.get(params.guild_id!)!.get(params.user_id!)!;
    if (json.nick !== undefined) member.nick = (json.nick as string | null) || null;
    if (Array.isArray(json.roles)) {
      for (const r of json.roles) roleOf(params.guild_id!, String(r));
      state.memberRoles.set(`${params.guild_id}:${params.user_id}`, new Set(json.roles.map(String)));
    }
    return addMember(state, params.guild_id!, params.user_id!);
  });
  on('PUT', '/guilds/:guild_id/members/:user_id/roles/:role_id', 'bot', ({ params }) => {
    guildOf(params.guild_id!);
    memberOf(params.guild_id!, params.user_id!);
    roleOf(params.guild_id!, params.role_id!);
    addMember(state, params.guild_id!, params.user_id!, [params.role_id!]);
    return new Reply(204);
  });
  on('DELETE', '/guilds/:guild_id/members/:user_id/roles/:role_id', 'bot', ({ params }) => {
    guildOf(params.guild_id!);
    memberOf(params.guild_id!, params.user_id!);
    roleOf(params.guild_id!, params.role_id!);
    const roles = state.memberRoles.get(`${params.guild_id}:${params.user_id}`);
    if (roles?.delete(params.role_id!)) addMember(state, params.guild_id!, params.user_id!);
    return new Reply(204);
  });

  // Channels
  on('GET', '/channels/:channel_id', 'bot', ({ params }) =>
    channelJson(state, channelOf(params.channel_id!)),
  );
  on('PATCH', '/channels/:channel_id', 'bot', ({ params, json }) => {
    const channel = channelOf(params.channel_id!);
    const errors: Record<string, unknown> = {};
    if (
      json.name !== undefined &&
      (typeof json.name !== 'string' || json.name.length < 1 || json.name.length > 100)
    )
      errors.name = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    if (Object.keys(errors).length > 0) throw invalidForm(errors);
    if (typeof json.name === 'string')
      channel.name = channel.type === ChannelType.GuildText ? textChannelName(json.name) : json.name;
    if (json.topic !== undefined && !isThread(channel.type))
      channel.topic = (json.topic as string | null) ?? null;
    if (json.parent_id !== undefined && !isThread(channel.type))
      channel.parent_id = (json.parent_id as string | null) ?? null;
    if (typeof json.position === 'number') channel.position = json.position;
    if (Array.isArray(json.permission_overwrites))
      state.permissionOverwrites.set(
        channel.id,
        json.permission_overwrites.map(toOverwrite).filter((o): o is FakeOverwrite => o !== null),
      );
    if (channel.thread_metadata) {
      const meta = channel.thread_metadata;
      if (typeof json.archived === 'boolean' && json.archived !== meta.archived) {
        meta.archived = json.archived;
        meta.archive_timestamp = new Date().toISOString();
      }
      if (typeof json.locked === 'boolean') meta.locked = json.locked;
      if (typeof json.invitable === 'boolean' && channel.type === ChannelType.PrivateThread)
        meta.invitable = json.invitable;
      if (typeof json.auto_archive_duration === 'number')
        meta.auto_archive_duration = json.auto_archive_duration;
    }
    const data = channelJson(state, channel);
    state.dispatch(isThread(channel.type) ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE', data, channelEvent(channel));
    return data;
  });
  on('DELETE', '/channels/:channel_id', 'bot', ({ params }) => {
    const channel = channelOf(params.channel_id!);
    if (channel.type === ChannelType.DM) return channelJson(state, channel);
    const data = channelJson(state, channel);
    state.channels.delete(channel.id);
    state.messages.delete(channel.id);
    state.threadMembers.delete(channel.id);
    if (isThread(channel.type))
      state.dispatch(
        'THREAD_DELETE',
        { id: channel.id, guild_id: channel.guild_id, parent_id: channel.parent_id, type: channel.type },
        channelEvent(channel),
      );
    else state.dispatch('CHANNEL_DELETE', data, channelEvent(channel));
    return data;
  });
  const createThread = (parent: FakeChannel, json: Record<string, unknown>, fromMessage: string | null) => {
    if (parent.type !== ChannelType.GuildText && parent.type !== ChannelType.GuildAnnouncement)
      throw new DiscordError(400, 50024, 'Cannot execute action on this channel type');
    const type = fromMessage
      ? ChannelType.PublicThread
      : ((json.type as number | undefined) ?? ChannelType.PrivateThread);
    const errors: Record<string, unknown> = {};
    if (typeof json.name !== 'string' || json.name.length < 1 || json.name.length > 100)
      errors.name = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    if (![10, 11, 12].includes(type))
      errors.type = fieldError('BASE_TYPE_CHOICES', 'Value must be one of {10, 11, 12}.');
    const duration = (json.auto_archive_duration as number | undefined) ?? 4320;
    if (![60, 1440, 4320, 10080].includes(duration))
      errors.auto_archive_duration = fieldError(
        'BASE_TYPE_CHOICES',
        'Value must be one of {60, 1440, 4320, 10080}.',
      );
    if (Object.keys(errors).length > 0) throw invalidForm(errors);
    const now = new Date().toISOString();
    const thread: FakeChannel = {
      id: fromMessage ?? snowflake(),
      type,
      guild_id: parent.guild_id!,
      name: String(json.name),
      parent_id: parent.id,
      owner_id: state.bot.id,
      rate_limit_per_user: 0,
      last_message_id: null,
      flags: 0,
      thread_metadata: {
        archived: false,
        locked: false,
        auto_archive_duration: duration,
        archive_timestamp: now,
        create_timestamp: now,
        ...(type === ChannelType.PrivateThread ? { invitable: json.invitable !== false } : {}),
      },
    };
    state.channels.set(thread.id, thread);
    state.threadMembers.set(thread.id, new Set([state.bot.id]));
    const data = channelJson(state, thread);
    state.dispatch('THREAD_CREATE', { ...data, newly_created: true }, channelEvent(thread));
    return new Reply(201, data);
  };
  on('POST', '/channels/:channel_id/threads', 'bot', ({ params, json }) =>
    createThread(channelOf(params.channel_id!), json, null),
  );
  on('POST', '/channels/:channel_id/messages/:message_id/threads', 'bot', ({ params, json }) => {
    findMessage(state, params.channel_id!, params.message_id!);
    return createThread(channelOf(params.channel_id!), json, params.message_id!);
  });
  const threadOf = (id: string) => {
    const thread = channelOf(id);
    if (!isThread(thread.type))
      throw new DiscordError(400, 50024, 'Cannot execute action on this channel type');
    return thread;
  };
  on('GET', '/channels/:channel_id/thread-members', 'bot', ({ params }) => {
    threadOf(params.channel_id!);
    return [...(state.threadMembers.get(params.channel_id!) ?? [])].map((user_id) => ({
      id: params.channel_id,
      user_id,
      join_timestamp: new Date().toISOString(),
      flags: 0,
    }));
  });
  on('PUT', '/channels/:channel_id/thread-members/:user_id', 'bot', ({ params }) => {
    const thread = threadOf(params.channel_id!);
    memberOf(thread.guild_id!, params.user_id!);
    if (thread.thread_metadata?.archived) throw new DiscordError(400, 50083, 'Thread is archived');
    const members = state.threadMembers.get(thread.id) ?? new Set<string>();
    members.add(params.user_id!);
    state.threadMembers.set(thread.id, members);
    state.dispatch(
      'THREAD_MEMBERS_UPDATE',
      {
        id: thread.id,
        guild_id: thread.guild_id,
        member_count: members.size,
        added_members: [
          { id: thread.id, user_id: params.user_id, join_timestamp: new Date().toISOString(), flags: 0 },
        ],
      },
      { guildId: thread.guild_id, intent: Intent.GuildMembers },
    );
    return new Reply(204);
  });
  on('DELETE', '/channels/:channel_id/thread-members/:user_id', 'bot', ({ params }) => {
    const thread = threadOf(params.channel_id!);
    const members = state.threadMembers.get(thread.id);
    if (members?.delete(params.user_id!))
      state.dispatch(
        'THREAD_MEMBERS_UPDATE',
        {
          id: thread.id,
          guild_id: thread.guild_id,
          member_count: members.size,
          removed_member_ids: [params.user_id],
        },
        { guildId: thread.guild_id, intent: Intent.GuildMembers },
      );
    return new Reply(204);
  });
  on('PUT', '/channels/:channel_id/permissions/:overwrite_id', 'bot', ({ params, json }) => {
    const channel = channelOf(params.channel_id!);
    const overwrite = toOverwrite({ ...json, id: params.overwrite_id });
    if (!overwrite) throw invalidForm({ type: fieldError('BASE_TYPE_REQUIRED', 'This field is required') });
    const list = (state.permissionOverwrites.get(channel.id) ?? []).filter((o) => o.id !== overwrite.id);
    list.push(overwrite);
    state.permissionOverwrites.set(channel.id, list);
    state.dispatch('CHANNEL_UPDATE', channelJson(state, channel), channelEvent(channel));
    return new Reply(204);
  });
  on('DELETE', '/channels/:channel_id/permissions/:overwrite_id', 'bot', ({ params }) => {
    const channel = channelOf(params.channel_id!);
    state.permissionOverwrites.set(
      channel.id,
      (state.permissionOverwrites.get(channel.id) ?? []).filter((o) => o.id !== params.overwrite_id),
    );
    state.dispatch('CHANNEL_UPDATE', channelJson(state, channel), channelEvent(channel));
    return new Reply(204);
  });

  // Messages
  on('GET', '/channels/:channel_id/messages', 'bot', ({ params, query }) => {
    channelOf(params.channel_id!);
    const limit = Number(query.get('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw invalidForm({
        limit: fieldError('NUMBER_TYPE_MAX', 'int value should be less than or equal to 100.'),
      });
    const all = state.messages.get(params.channel_id!) ?? [];
    const before = query.get('before');
    const after = query.get('after');
    let picked: typeof all;
    if (after) picked = all.filter((m) => BigInt(m.id) > BigInt(after)).slice(0, limit);
    else picked = (before ? all.filter((m) => BigInt(m.id) < BigInt(before)) : all).slice(-limit);
    // Discord lists newest first.
    return [...picked].reverse().map(messageJson);
  });
  on('GET', '/channels/:channel_id/messages/:message_id', 'bot', ({ params }) =>
    messageJson(findMessage(state, params.channel_id!, params.message_id!)),
  );
  on('POST', '/channels/:channel_id/messages', 'bot', ({ params, json, body }) => {
    const channel = channelOf(params.channel_id!);
    if (channel.type === ChannelType.GuildCategory || channel.type === ChannelType.GuildForum)
      throw new DiscordError(400, 50008, 'Cannot send messages in a non-text channel');
    if (channel.type === ChannelType.DM && channel.recipients?.[0]?.dmsClosed)
      throw new DiscordError(403, 50007, 'Cannot send messages to this user');
    validateMessageBody(json, { requireContent: true, files: body.files.length });
    if (json.enforce_nonce === true && json.nonce !== undefined) {
      // Within a few minutes, a repeated nonce returns the message it already created.
      const since = Date.now() - 5 * 60_000;
      const existing = (state.messages.get(channel.id) ?? []).find(
        (m) => m.nonce === json.nonce && Date.parse(m.timestamp) > since,
      );
      if (existing) return messageJson(existing);
    }
    const linked = Array.isArray(json.attachments)
      ? json.attachments
          .filter(isRecord)
          .filter((a) => typeof a.url === 'string')
          .map((a) => ({
            id: snowflake(),
            filename: String(a.filename ?? 'file'),
            size: Number(a.size ?? 0),
            url: String(a.url),
            proxy_url: String(a.url),
            ...(a.content_type ? { content_type: String(a.content_type) } : {}),
          }))
      : [];
    return messageJson(
      createMessage(state, app.baseUrl(), channel.id, {
        body: json,
        author: state.bot,
        files: body.files,
        attachments: linked,
      }),
    );
  });
  on('PATCH', '/channels/:channel_id/messages/:message_id', 'bot', ({ params, json }) => {
    const message = findMessage(state, params.channel_id!, params.message_id!);
    if (message.author.id !== state.bot.id && Object.keys(json).some((k) => k !== 'flags'))
      throw new DiscordError(403, 50005, 'Cannot edit a message authored by another user');
    return messageJson(updateMessage(state, message, json));
  });
  on('DELETE', '/channels/:channel_id/messages/:message_id', 'bot', ({ params }) => {
    deleteMessage(state, findMessage(state, params.channel_id!, params.message_id!));
    return new Reply(204);
  });

  // Application commands
  const commandsKey = (appId: string, guildId?: string) => {
    if (appId !== app.applicationId) throw new DiscordError(403, 50001, 'Missing Access');
    if (guildId) guildOf(guildId);
    return guildId ?? 'global';
  };
  on(
    'GET',
    '/applications/:application_id/commands',
    'bot',
    ({ params }) => state.commands.get(commandsKey(params.application_id!)) ?? [],
  );
  on(
    'GET',
    '/applications/:application_id/guilds/:guild_id/commands',
    'bot',
    ({ params }) => state.commands.get(commandsKey(params.application_id!, params.guild_id)) ?? [],
  );
  const bulk = ({ params, body }: RouteContext) => {
    const key = commandsKey(params.application_id!, params.guild_id);
    const commands = overwriteCommands(
      body.json,
      state.commands.get(key) ?? [],
      app.applicationId,
      params.guild_id ?? null,
    );
    state.commands.set(key, commands);
    return commands;
  };
  on('PUT', '/applications/:application_id/commands', 'bot', bulk);
  on('PUT', '/applications/:application_id/guilds/:guild_id/commands', 'bot', bulk);
  const upsert = ({ params, json }: RouteContext) => {
    const key = commandsKey(params.application_id!, params.guild_id);
    const existing = state.commands.get(key) ?? [];
    const type = (json.type as number | undefined) ?? 1;
    const others = existing.filter((c) => !(c.name === json.name && c.type === type));
    const [command] = overwriteCommands([json], existing, app.applicationId, params.guild_id ?? null);
    state.commands.set(key, [...others, command!]);
    return new Reply(others.length === existing.length ? 201 : 200, command);
  };
  on('POST', '/applications/:application_id/commands', 'bot', upsert);
  on('POST', '/applications/:application_id/guilds/:guild_id/commands', 'bot', upsert);
  const removeCommand = ({ params }: RouteContext) => {
    const key = commandsKey(params.application_id!, params.guild_id);
    const existing = state.commands.get(key) ?? [];
    if (!existing.some((c) => c.id === params.command_id)) throw unknown('application command', 10063);
    state.commands.set(
      key,
      existing.filter((c) => c.id !== params.command_id),
    );
    return new Reply(204);
  };
  on('DELETE', '/applications/:application_id/commands/:command_id', 'bot', removeCommand);
  on('DELETE', '/applications/:application_id/guilds/:guild_id/commands/:command_id', 'bot', removeCommand);

  // Interaction responses (authorised by the interaction token, not the bot token)
  on(
    'POST',
    '/interactions/:interaction_id/:interaction_token/callback',
    'none',
    ({ params, json, query }) => {
      const result = interactions.callback(
        params.interaction_id!,
        params.interaction_token!,
        json,
        query.get('with_response') === 'true',
      );
      return result === undefined ? new Reply(204) : result;
    },
  );
  on('POST', '/webhooks/:webhook_id/:webhook_token', 'none', async ({ params, json, body, query }) => {
    const result = await interactions.webhooks.followUp(
      params.webhook_id!,
      params.webhook_token!,
      json,
      body.files,
      query.get('wait') === 'true',
    );
    return result === undefined ? new Reply(204) : result;
  });
  on('GET', '/webhooks/:webhook_id/:webhook_token/messages/:message_id', 'none', ({ params }) =>
    interactions.webhooks.get(params.webhook_id!, params.webhook_token!, params.message_id!),
  );
  on('PATCH', '/webhooks/:webhook_id/:webhook_token/messages/:message_id', 'none', ({ params, json }) =>
    interactions.webhooks.edit(params.webhook_id!, params.webhook_token!, params.message_id!, json),
  );
  on('DELETE', '/webhooks/:webhook_id/:webhook_token/messages/:message_id', 'none', async ({ params }) => {
    await interactions.webhooks.remove(params.webhook_id!, params.webhook_token!, params.message_id!);
    return new Reply(204);
  });

  return {
    routes,
    match(method: string, path: string) {
      let pathMatched = false;
      for (const route of routes) {
        const m = route.pattern.exec(path);
        if (!m) continue;
        pathMatched = true;
        if (route.method === method) return { route, params: { ...m.groups } as Record<string, string> };
      }
      if (pathMatched) throw new DiscordError(405, 0, '405: Method Not Allowed');
      throw notFound();
    },
    /** Permissions the bot holds in a channel, for assertions. */
    botPermissions: (channelId: string) => channelPermissions(state, channelId, state.bot.id),
  };
}

function toOverwrite(value: unknown): FakeOverwrite | null {
  if (
    !isRecord(value) ||
    (value.type !== 0 && value.type !== 1 && value.type !== '0' && value.type !== '1') ||
    value.id === undefined
  )
    return null;
  return {
    id: String(value.id),
    type: Number(value.type) as 0 | 1,
    allow: String(value.allow ?? '0'),
    deny: String(value.deny ?? '0'),
  };
}
