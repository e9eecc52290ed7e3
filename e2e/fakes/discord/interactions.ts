/**
 * Interactions as Discord delivers them to an HTTP endpoint: realistic payloads (slash command,
 * context menu, button/select, modal submit, DM button), signed with Ed25519 over
 * timestamp + body in X-Signature-Ed25519 / X-Signature-Timestamp. The endpoint's answer is
 * applied as the interaction callback, like Discord does; callbacks, follow-ups and edits made
 * through /interactions/:id/:token/callback and /webhooks/:app/:token are recorded per token.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { DiscordError, isRecord } from './http';
import {
  createMessage,
  deleteMessage,
  type MessageInput,
  messageJson,
  updateMessage,
  validateMessageBody,
} from './messages';
import {
  channelJson,
  channelPermissions,
  dmChannelFor,
  type FakeMessage,
  type FakeUser,
  guildPermissions,
  memberJson,
  publicUser,
  type State,
  snowflake,
  token,
} from './state';

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
/** Discord invalidates an interaction that is not answered within 3 seconds. */
const RESPONSE_WINDOW_MS = 3_000;
const TOKEN_LIFETIME_MS = 15 * 60_000;

export type InteractionContext = { guildId: string; channelId: string; userId: string; locale?: string };
export type InteractionPayload = Record<string, unknown> & { id: string; token: string; type: number };
export type ResponseRecord = {
  kind: 'callback' | 'followup' | 'edit' | 'delete' | 'get';
  /** Callback type (1 pong, 4 message, 5 deferred, 6 deferred update, 7 update, 8 autocomplete, 9 modal). */
  type?: number;
  messageId?: string;
  body?: unknown;
  at: number;
};
type Interaction = {
  payload: InteractionPayload;
  createdAt: number;
  sentAt: number | null;
  acknowledged: boolean;
  original: FakeMessage | null;
  followups: Map<string, FakeMessage>;
  log: ResponseRecord[];
  /** Settles once the endpoint's reply to `send` has been applied as the callback. */
  inFlight: Promise<void> | null;
};
export type SendOptions = { timestamp?: string; badSignature?: boolean; omitSignature?: boolean };

export function createInteractions(state: State, app: { applicationId: string; baseUrl: () => string }) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The raw key is the last 32 bytes of the SPKI encoding; Discord shows it hex-encoded.
  const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const byToken = new Map<string, Interaction>();

  function register(payload: InteractionPayload) {
    byToken.set(payload.token, {
      payload,
      createdAt: Date.now(),
      sentAt: null,
      acknowledged: false,
      original: null,
      followups: new Map(),
      log: [],
      inFlight: null,
    });
    return payload;
  }

  function base(
    type: number,
    ctx: InteractionContext | null,
    user: FakeUser | null,
    extra: Record<string, unknown>,
  ): InteractionPayload {
    const payload: InteractionPayload = {
      id: snowflake(),
      application_id: app.applicationId,
      type,
      token: `aW50ZXJhY3Rpb246${token(60)}`,
      version: 1,
      entitlements: [],
      attachment_size_limit: 10_485_760,
      locale: ctx?.locale ?? 'en-US',
      ...extra,
    };
    if (ctx) {
      const channel = state.channels.get(ctx.channelId);
      if (!channel) throw new Error(`no channel ${ctx.channelId}`);
      const member = memberJson(state, ctx.guildId, ctx.userId);
      if (!member) throw new Error(`user ${ctx.userId} is not a member of ${ctx.guildId}`);
      Object.assign(payload, {
        guild_id: ctx.guildId,
        guild: { id: ctx.guildId, locale: 'en-US', features: [] },
        guild_locale: 'en-US',
        channel_id: ctx.channelId,
        channel: channelJson(state, channel),
        member: { ...member, permissions: channelPermissions(state, ctx.channelId, ctx.userId).toString() },
        app_permissions: channelPermissions(state, ctx.channelId, state.bot.id).toString(),
        authorizing_integration_owners: { '0': ctx.guildId },
        context: 0,
      });
    } else if (user) {
      const channel = dmChannelFor(state, user.id);
      Object.assign(payload, {
        channel_id: channel.id,
        channel: channelJson(state, channel),
        user: publicUser(user),
        app_permissions: '0',
        authorizing_integration_owners: { '0': null },
        context: 1,
      });
    }
    return register(payload);
  }

  function registeredCommand(guildId: string | null, name: string, type: number) {
    const lists = [guildId ? state.commands.get(guildId) : undefined, state.commands.get('global')];
    for (const list of lists) {
      const found = list?.find((c) => c.name === name && c.type === type);
      if (found) return found;
    }
    return null;
  }

  /** Options typed from the registered definition when there is one, else from the JS value. */
  function buildOptions(
    definitions: unknown,
    values: Record<string, unknown>,
    resolved: Record<string, Record<string, unknown>>,
    guildId: string,
  ) {
    const defs = Array.isArray(definitions) ? definitions.filter(isRecord) : [];
    return Object.entries(values).map(([name, value]) => {
      const def = defs.find((d) => d.name === name);
      let type =
        typeof def?.type === 'number'
          ? def.type
          : typeof value === 'boolean'
            ? 5
            : typeof value === 'number'
              ? Number.isInteger(value)
                ? 4
                : 10
              : 3;
      const id = String(value);
      if (type === 6 || type === 9) {
        const user = state.users.get(id);
        if (user) {
          resolved.users = { ...resolved.users, [id]: publicUser(user) };
          const member = memberJson(state, guildId, id);
          if (member) {
            const { user: _u, ...rest } = member;
            resolved.members = {
              ...resolved.members,
              [id]: { ...rest, permissions: guildPermissions(state, guildId, id).toString() },
            };
          }
          type = 6;
        }
      }
      if (type === 7) {
        const channel = state.channels.get(id);
        if (channel)
          resolved.channels = {
            ...resolved.channels,
            [id]: {
              ...channelJson(state, channel),
              permissions: channelPermissions(state, id, state.bot.id).toString(),
            },
          };
      }
      if (type === 8) {
        const role = state.roles.get(guildId)?.find((r) => r.id === id);
        if (role) resolved.roles = { ...resolved.roles, [id]: role };
      }
      return { name, type, value };
    });
  }

  function findComponentMessage(channelId: string, customId: string): FakeMessage | null {
    const messages = [...(state.messages.get(channelId) ?? [])].reverse();
    return messages.find((m) => JSON.stringify(m.components).includes(JSON.stringify(customId))) ?? null;
  }
  function stubMessage(channelId: string): FakeMessage {
    return {
      id: snowflake(),
      type: 0,
      channel_id: channelId,
      author: state.bot,
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: 0,
    };
  }

  const builders = {
    ping: () => base(1, null, null, {}),
    command(
      ctx: InteractionContext,
      name: string,
      options: Record<string, string | number | boolean> = {},
      subcommand?: string,
    ) {
      const registered = registeredCommand(ctx.guildId, name, 1);
      const resolved: Record<string, Record<string, unknown>> = {};
      let defs: unknown = registered?.options;
      const path = subcommand ? subcommand.split(' ') : [];
      for (const part of path)
        defs = (Array.isArray(defs) ? defs.find((d) => isRecord(d) && d.name === part) : undefined)?.options;
      let built: unknown[] = buildOptions(defs, options, resolved, ctx.guildId);
      if (path.length === 2)
        built = [{ name: path[0], type: 2, options: [{ name: path[1], type: 1, options: built }] }];
      else if (path.length === 1) built = [{ name: path[0], type: 1, options: built }];
      return base(2, ctx, null, {
        data: {
          id: registered?.id ?? snowflake(),
          name,
          type: 1,
          ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
          ...(built.length > 0 ? { options: built } : {}),
          ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
        },
      });
    },
    messageCommand(ctx: InteractionContext, name: string, target: FakeMessage | string) {
      const message =
        typeof target === 'string' ? state.messages.get(ctx.channelId)?.find((m) => m.id === target) : target;
      if (!message) throw new Error(`no message ${String(target)} in ${ctx.channelId}`);
      const registered = registeredCommand(ctx.guildId, name, 3);
      return base(2, ctx, null, {
        data: {
          id: registered?.id ?? snowflake(),
          name,
          type: 3,
          target_id: message.id,
          resolved: { messages: { [message.id]: messageJson(message) } },
        },
      });
    },
    userCommand(ctx: InteractionContext, name: string, targetUserId: string) {
      const registered = registeredCommand(ctx.guildId, name, 2);
      const resolved: Record<string, Record<string, unknown>> = {};
      buildOptions([{ name: 'target', type: 6 }], { target: targetUserId }, resolved, ctx.guildId);
      return base(2, ctx, null, {
        data: { id: registered?.id ?? snowflake(), name, type: 2, target_id: targetUserId, resolved },
      });
    },
    component(
      ctx: InteractionContext,
      customId: string,
      options: { values?: string[]; message?: FakeMessage; componentType?: number } = {},
    ) {
      const message =
        options.message ?? findComponentMessage(ctx.channelId, customId) ?? stubMessage(ctx.channelId);
      return base(3, ctx, null, {
        message: messageJson(message),
        data: {
          custom_id: customId,
          component_type: options.componentType ?? (options.values ? 3 : 2),
          ...(options.values ? { values: options.values } : {}),
        },
      });
    },
    modalSubmit(
      ctx: InteractionContext,
      customId: string,
      fields: Record<string, string>,
      options: { message?: FakeMessage } = {},
    ) {
      return base(5, ctx, null, {
        ...(options.message ? { message: messageJson(options.message) } : {}),
        data: {
          custom_id: customId,
          components: Object.entries(fields).map(([id, value]) => ({
            type: 1,
            components: [{ type: 4, custom_id: id, value }],
          })),
        },
      });
    },
    dmComponent(
      userId: string,
      customId: string,
      options: { values?: string[]; message?: FakeMessage } = {},
    ) {
      const user = state.users.get(userId);
      if (!user) throw new Error(`no user ${userId}`);
      const channelId = dmChannelFor(state, userId).id;
      const message = options.message ?? findComponentMessage(channelId, customId) ?? stubMessage(channelId);
      return base(3, null, user, {
        message: messageJson(message),
        data: {
          custom_id: customId,
          component_type: options.values ? 3 : 2,
          ...(options.values ? { values: options.values } : {}),
        },
      });
    },
  };

  /**
   * Discord has the endpoint's reply before the app's deferred work reaches the webhook; here the
   * app's follow-up can race the fake reading that reply, so webhook calls wait for it (at most the
   * response window, after which an unacknowledged interaction fails as it would on Discord).
   */
  async function lookup(interactionToken: string): Promise<Interaction> {
    const found = byToken.get(interactionToken);
    if (!found || Date.now() - found.createdAt > TOKEN_LIFETIME_MS)
      throw new DiscordError(404, 10015, 'Unknown Webhook');
    if (found.inFlight) {
      let timer: NodeJS.Timeout | undefined;
      const window = new Promise((resolve) => {
        timer = setTimeout(resolve, RESPONSE_WINDOW_MS);
      });
      await Promise.race([found.inFlight, window]);
      clearTimeout(timer);
    }
    return found;
  }

  function messageInput(interaction: Interaction, body: Record<string, unknown>): MessageInput {
    const p = interaction.payload;
    const user = (isRecord(p.member) ? p.member.user : p.user) as FakeUser | undefined;
    return {
      body,
      author: state.bot,
      webhookId: app.applicationId,
      applicationId: app.applicationId,
      ephemeral: ((Number(body.flags) || 0) & EPHEMERAL) !== 0,
      interactionMetadata: {
        id: p.id,
        type: p.type,
        ...(user ? { user } : {}),
        authorizing_integration_owners: p.authorizing_integration_owners ?? {},
        ...(isRecord(p.data) && typeof p.data.name === 'string' ? { name: p.data.name } : {}),
      },
    };
  }

  function sourceMessage(interaction: Interaction): FakeMessage | null {
    const m = interaction.payload.message;
    if (!isRecord(m)) return null;
    return state.messages.get(String(m.channel_id))?.find((x) => x.id === m.id) ?? null;
  }

  /** Applies an interaction response (from the endpoint's reply or the callback route). */
  function callback(interactionId: string, interactionToken: string, body: unknown, withResponse = false) {
    const interaction = byToken.get(interactionToken);
    if (!interaction || interaction.payload.id !== interactionId)
      throw new DiscordError(404, 10062, 'Unknown interaction');
    if (interaction.acknowledged)
      throw new DiscordError(400, 40060, 'Interaction has already been acknowledged.');
    if (Date.now() - (interaction.sentAt ?? interaction.createdAt) > RESPONSE_WINDOW_MS)
      throw new DiscordError(404, 10062, 'Unknown interaction');
    if (!isRecord(body) || typeof body.type !== 'number')
      throw new DiscordError(400, 50035, 'Invalid Form Body', {
        type: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] },
      });
    const type = body.type;
    const data = isRecord(body.data) ? body.data : {};
    const channelId = String(interaction.payload.channel_id ?? '');
    const isPing = interaction.payload.type === 1;
    const allowed = isPing
      ? [1]
      : interaction.payload.type === 3 || (interaction.payload.type === 5 && interaction.payload.message)
        ? [4, 5, 6, 7, 9]
        : interaction.payload.type === 4
          ? [8]
          : interaction.payload.type === 5
            ? [4, 5]
            : [4, 5, 9];
    if (!allowed.includes(type))
      throw new DiscordError(400, 50035, 'Invalid Form Body', {
        type: {
          _errors: [
            {
              code: 'INTERACTION_RESPONSE_TYPE_INVALID',
              message: 'Interaction response type is invalid for this interaction.',
            },
          ],
        },
      });
    let resource: FakeMessage | null = null;
    if (type === 4) {
      validateMessageBody(data, { requireContent: true, files: 0 });
      resource = createMessage(state, app.baseUrl(), channelId, messageInput(interaction, data));
    } else if (type === 5) {
      resource = createMessage(
        state,
        app.baseUrl(),
        channelId,
        messageInput(interaction, { content: '', flags: ((Number(data.flags) || 0) & EPHEMERAL) | LOADING }),
      );
      resource.flags |= LOADING;
    } else if (type === 6 || type === 7) {
      resource = sourceMessage(interaction);
      if (type === 7 && resource) updateMessage(state, resource, data);
    } else if (type === 9) {
      const components = data.components;
      if (
        typeof data.custom_id !== 'string' ||
        typeof data.title !== 'string' ||
        !Array.isArray(components) ||
        components.length < 1 ||
        components.length > 5
      )
        throw new DiscordError(400, 50035, 'Invalid Form Body', {
          data: {
            components: {
              _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 5 in length.' }],
            },
          },
        });
    }
    interaction.acknowledged = true;
    interaction.original = resource;
    interaction.log.push({
      kind: 'callback',
      type,
      body,
      at: Date.now(),
      ...(resource ? { messageId: resource.id } : {}),
    });
    if (!withResponse) return undefined;
    return {
      interaction: {
        id: interaction.payload.id,
        type: interaction.payload.type,
        response_message_loading: type === 5,
        response_message_ephemeral: resource ? (resource.flags & EPHEMERAL) !== 0 : false,
      },
      ...(resource ? { resource: { type, message: messageJson(resource) } } : { resource: { type } }),
    };
  }

  function webhookMessage(interaction: Interaction, messageId: string): FakeMessage {
    const message =
      messageId === '@original' ? interaction.original : (interaction.followups.get(messageId) ?? null);
    if (!message) throw new DiscordError(404, 10008, 'Unknown Message');
    return message;
  }

  const webhooks = {
    async followUp(
      appId: string,
      interactionToken: string,
      body: Record<string, unknown>,
      files: MessageInput['files'],
      wait: boolean,
    ) {
      if (appId !== app.applicationId) throw new DiscordError(404, 10015, 'Unknown Webhook');
      const interaction = await lookup(interactionToken);
      if (!interaction.acknowledged) throw new DiscordError(404, 10015, 'Unknown Webhook');
      validateMessageBody(body, { requireContent: true, files: files?.length ?? 0 });
      const message = createMessage(state, app.baseUrl(), String(interaction.payload.channel_id), {
        ...messageInput(interaction, body),
        files: files ?? [],
      });
      interaction.followups.set(message.id, message);
      interaction.log.push({ kind: 'followup', messageId: message.id, body, at: Date.now() });
      return wait ? messageJson(message) : undefined;
    },
    async get(appId: string, interactionToken: string, messageId: string) {
      if (appId !== app.applicationId) throw new DiscordError(404, 10015, 'Unknown Webhook');
      return messageJson(webhookMessage(await lookup(interactionToken), messageId));
    },
    async edit(appId: string, interactionToken: string, messageId: string, body: Record<string, unknown>) {
      if (appId !== app.applicationId) throw new DiscordError(404, 10015, 'Unknown Webhook');
      const interaction = await lookup(interactionToken);
      const message = webhookMessage(interaction, messageId);
      const ephemeral = (message.flags & EPHEMERAL) !== 0;
      // Editing a deferred reply replaces the "thinking" state with the real message.
      message.flags &= ~LOADING;
      updateMessage(state, message, body, ephemeral);
      if (ephemeral) message.flags |= EPHEMERAL;
      interaction.log.push({ kind: 'edit', messageId: message.id, body, at: Date.now() });
      return messageJson(message);
    },
    async remove(appId: string, interactionToken: string, messageId: string) {
      if (appId !== app.applicationId) throw new DiscordError(404, 10015, 'Unknown Webhook');
      const interaction = await lookup(interactionToken);
      const message = webhookMessage(interaction, messageId);
      if (!(message.flags & EPHEMERAL)) deleteMessage(state, message);
      interaction.log.push({ kind: 'delete', messageId: message.id, at: Date.now() });
    },
  };

  /** POSTs a signed interaction like Discord and applies the endpoint's reply as the callback. */
  async function send(
    endpoint: string,
    payload: InteractionPayload | Record<string, unknown>,
    options: SendOptions = {},
  ) {
    const body = JSON.stringify(payload);
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000).toString();
    const signature = sign(null, Buffer.from(timestamp + body), privateKey);
    if (options.badSignature) signature[0] = (signature[0] ?? 0) ^ 0xff;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
    };
    if (!options.omitSignature) {
      headers['x-signature-ed25519'] = signature.toString('hex');
      headers['x-signature-timestamp'] = timestamp;
    }
    const interaction = typeof payload.token === 'string' ? byToken.get(payload.token) : undefined;
    let settle = () => {};
    if (interaction) {
      interaction.sentAt = Date.now();
      interaction.inFlight = new Promise<void>((resolve) => {
        settle = resolve;
      });
    }
    try {
      const response = await fetch(endpoint, { method: 'POST', headers, body });
      if (interaction && response.status === 200 && !options.badSignature && !options.omitSignature) {
        try {
          callback(interaction.payload.id, interaction.payload.token, await response.clone().json());
        } catch (error) {
          interaction.log.push({
            kind: 'callback',
            body: { rejected: error instanceof DiscordError ? error.body() : String(error) },
            at: Date.now(),
          });
        }
      }
      return response;
    } finally {
      if (interaction) interaction.inFlight = null;
      settle();
    }
  }

  return {
    publicKey: publicKeyHex,
    callback,
    webhooks,
    api: {
      ...builders,
      send,
      /** Everything the app answered for this interaction (token or id): callback, follow-ups, edits. */
      responses(tokenOrId: string): ResponseRecord[] {
        const found = byToken.get(tokenOrId) ?? [...byToken.values()].find((i) => i.payload.id === tokenOrId);
        return found ? [...found.log] : [];
      },
      /** The message an interaction's callback created or updated (null for modals, pongs, ephemerals too). */
      original(tokenOrId: string): FakeMessage | null {
        const found = byToken.get(tokenOrId) ?? [...byToken.values()].find((i) => i.payload.id === tokenOrId);
        return found?.original ?? null;
      },
      /** Discord's check when the endpoint URL is saved: PING must PONG and a bad signature must be refused. */
      async verifyEndpoint(endpoint: string) {
        const good = await send(endpoint, builders.ping());
        const pong = good.status === 200 && ((await good.json()) as { type?: number }).type === 1;
        const bad = await send(endpoint, builders.ping(), { badSignature: true });
        return pong && bad.status === 401;
      },
    },
  };
}
export type Interactions = ReturnType<typeof createInteractions>;
