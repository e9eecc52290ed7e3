/**
 * Messages: Discord's documented limits on what a message may hold (refused whole with 50035 and
 * an `errors` tree, or 50006 when empty), and creating, editing and deleting messages with the
 * matching MESSAGE_CREATE / MESSAGE_UPDATE / MESSAGE_DELETE gateway dispatches.
 */
import { DiscordError, fieldError, invalidForm, isRecord, type UploadedFile } from './http';
import {
  type FakeAttachment,
  type FakeMessage,
  type FakeUser,
  Intent,
  publicUser,
  type State,
  snowflake,
} from './state';

const EPHEMERAL = 1 << 6;
const maxLength = (n: number) => fieldError('BASE_TYPE_MAX_LENGTH', `Must be ${n} or fewer in length.`);

/** Throws Discord's 400 for a message body past the documented limits. */
export function validateMessageBody(
  body: Record<string, unknown>,
  options: { requireContent: boolean; files: number },
) {
  const errors: Record<string, unknown> = {};
  const content = body.content;
  if (content !== undefined && content !== null && typeof content !== 'string')
    errors.content = fieldError('STRING_TYPE_CONVERT', 'Could not interpret "{}" as string.');
  if (typeof content === 'string' && content.length > 2000) errors.content = maxLength(2000);
  const embeds = body.embeds;
  if (embeds !== undefined && embeds !== null) {
    if (!Array.isArray(embeds)) errors.embeds = fieldError('LIST_TYPE_CONVERT', 'Must be a list.');
    else if (embeds.length > 10) errors.embeds = maxLength(10);
    else {
      const embedErrors: Record<string, unknown> = {};
      let total = 0;
      embeds.forEach((embed: unknown, i) => {
        if (!isRecord(embed)) return;
        const e: Record<string, unknown> = {};
        const check = (value: unknown, limit: number) => {
          if (typeof value !== 'string') return null;
          total += value.length;
          return value.length > limit ? maxLength(limit) : null;
        };
        const title = check(embed.title, 256);
        if (title) e.title = title;
        const description = check(embed.description, 4096);
        if (description) e.description = description;
        if (isRecord(embed.footer)) {
          const text = check(embed.footer.text, 2048);
          if (text) e.footer = { text };
        }
        if (isRecord(embed.author)) {
          const name = check(embed.author.name, 256);
          if (name) e.author = { name };
        }
        if (Array.isArray(embed.fields)) {
          if (embed.fields.length > 25) e.fields = maxLength(25);
          else {
            const fields: Record<string, unknown> = {};
            embed.fields.forEach((field: unknown, j) => {
              if (!isRecord(field)) return;
              const f: Record<string, unknown> = {};
              if (typeof field.name !== 'string' || field.name.length === 0)
                f.name = fieldError('BASE_TYPE_REQUIRED', 'This field is required');
              const name = check(field.name, 256);
              if (name) f.name = name;
              if (typeof field.value !== 'string' || field.value.length === 0)
                f.value = fieldError('BASE_TYPE_REQUIRED', 'This field is required');
              const value = check(field.value, 1024);
              if (value) f.value = value;
              if (Object.keys(f).length > 0) fields[String(j)] = f;
            });
            if (Object.keys(fields).length > 0) e.fields = fields;
          }
        }
        if (embed.color !== undefined && embed.color !== null) {
          const color = embed.color;
          if (typeof color !== 'number' || !Number.isInteger(color) || color < 0 || color > 0xffffff)
            e.color = fieldError('NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
        }
        if (embed.timestamp !== undefined && Number.isNaN(Date.parse(String(embed.timestamp))))
          e.timestamp = fieldError('DATE_TIME_TYPE_PARSE', 'Could not parse timestamp.');
        if (Object.keys(e).length > 0) embedErrors[String(i)] = e;
      });
      if (Object.keys(embedErrors).length > 0) errors.embeds = embedErrors;
      else if (total > 6000)
        errors.embeds = fieldError('MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
    }
  }
  const components = body.components;
  if (components !== undefined && components !== null) {
    if (!Array.isArray(components)) errors.components = fieldError('LIST_TYPE_CONVERT', 'Must be a list.');
    else if (components.length > 5 && !((Number(body.flags) || 0) & (1 << 15)))
      errors.components = maxLength(5);
    else {
      const rowErrors: Record<string, unknown> = {};
      components.forEach((row: unknown, i) => {
        if (!isRecord(row) || row.type !== 1 || !Array.isArray(row.components)) return;
        if (row.components.length > 5) rowErrors[String(i)] = { components: maxLength(5) };
        row.components.forEach((c: unknown, j) => {
          if (!isRecord(c)) return;
          const ce: Record<string, unknown> = {};
          if (typeof c.custom_id === 'string' && c.custom_id.length > 100) ce.custom_id = maxLength(100);
          if (typeof c.label === 'string' && c.label.length > 80) ce.label = maxLength(80);
          if (Array.isArray(c.options) && c.options.length > 25) ce.options = maxLength(25);
          if (c.type === 2 && c.style !== 5 && c.style !== 6 && typeof c.custom_id !== 'string')
            ce.custom_id = fieldError('BUTTON_COMPONENT_CUSTOM_ID_REQUIRED', 'A custom id is required');
          if (Object.keys(ce).length > 0) rowErrors[String(i)] = { components: { [String(j)]: ce } };
        });
      });
      if (Object.keys(rowErrors).length > 0) errors.components = rowErrors;
    }
  }
  if (body.nonce !== undefined && typeof body.nonce === 'string' && body.nonce.length > 25)
    errors.nonce = maxLength(25);
  if (Object.keys(errors).length > 0) throw invalidForm(errors);
  const hasSomething =
    (typeof content === 'string' && content.length > 0) ||
    (Array.isArray(embeds) && embeds.length > 0) ||
    (Array.isArray(components) && components.length > 0) ||
    (Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0) ||
    options.files > 0 ||
    isRecord(body.poll);
  if (options.requireContent && !hasSomething)
    throw new DiscordError(400, 50006, 'Cannot send an empty message');
}

export type MessageInput = {
  body: Record<string, unknown>;
  author: FakeUser;
  files?: UploadedFile[];
  /** Attachments already hosted elsewhere (as a user's upload would be). */
  attachments?: FakeAttachment[];
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: Record<string, unknown>;
  /** Ephemeral interaction replies live only with the interaction, never in the channel. */
  ephemeral?: boolean;
};

export function createMessage(
  state: State,
  baseUrl: string,
  channelId: string,
  input: MessageInput,
): FakeMessage {
  const channel = state.channels.get(channelId);
  if (!channel) throw new DiscordError(404, 10003, 'Unknown Channel');
  const body = input.body;
  const id = snowflake();
  const attachments = [...(input.attachments ?? [])];
  for (const file of input.files ?? []) {
    const attachmentId = snowflake();
    state.files.set(attachmentId, { contentType: file.contentType, data: file.data });
    const url = `${baseUrl}/attachments/${channelId}/${attachmentId}/${encodeURIComponent(file.filename)}`;
    attachments.push({
      id: attachmentId,
      filename: file.filename,
      size: file.data.length,
      url,
      proxy_url: url,
      content_type: file.contentType,
    });
  }
  const content = typeof body.content === 'string' ? body.content : '';
  const message: FakeMessage = {
    id,
    type: isRecord(body.message_reference) ? 19 : 0,
    channel_id: channelId,
    ...(channel.guild_id ? { guild_id: channel.guild_id } : {}),
    author: input.author,
    content,
    embeds: Array.isArray(body.embeds) ? body.embeds.map(normalizeEmbed) : [],
    components: Array.isArray(body.components) ? body.components : [],
    attachments,
    mentions: mentionedUsers(state, content, body.allowed_mentions),
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: body.tts === true,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: (Number(body.flags) || 0) & ~(input.ephemeral ? 0 : EPHEMERAL),
    ...(body.nonce !== undefined ? { nonce: body.nonce as string | number } : {}),
    ...(input.webhookId ? { webhook_id: input.webhookId } : {}),
    ...(input.applicationId ? { application_id: input.applicationId } : {}),
    ...(input.interactionMetadata ? { interaction_metadata: input.interactionMetadata, type: 20 } : {}),
    ...(isRecord(body.message_reference)
      ? { message_reference: { ...body.message_reference, channel_id: channelId } }
      : {}),
  };
  if (input.ephemeral) return message;
  const list = state.messages.get(channelId) ?? [];
  list.push(message);
  state.messages.set(channelId, list);
  channel.last_message_id = id;
  if (channel.thread_metadata?.archived && !channel.thread_metadata.locked)
    channel.thread_metadata.archived = false;
  dispatchMessage(state, 'MESSAGE_CREATE', message);
  return message;
}

export function findMessage(state: State, channelId: string, messageId: string): FakeMessage {
  if (!state.channels.has(channelId)) throw new DiscordError(404, 10003, 'Unknown Channel');
  const message = state.messages.get(channelId)?.find((m) => m.id === messageId);
  if (!message) throw new DiscordError(404, 10008, 'Unknown Message');
  return message;
}

export function updateMessage(
  state: State,
  message: FakeMessage,
  body: Record<string, unknown>,
  silent = false,
) {
  validateMessageBody(body, { requireContent: false, files: 0 });
  if (typeof body.content === 'string' || body.content === null) {
    message.content = body.content ?? '';
    message.mentions = mentionedUsers(state, message.content, body.allowed_mentions);
  }
  if (Array.isArray(body.embeds) || body.embeds === null)
    message.embeds = (body.embeds ?? []).map(normalizeEmbed);
  if (Array.isArray(body.components) || body.components === null) message.components = body.components ?? [];
  if (Array.isArray(body.attachments))
    message.attachments = message.attachments.filter((a) =>
      (body.attachments as unknown[]).some((k) => isRecord(k) && k.id === a.id),
    );
  if (body.flags !== undefined) message.flags = Number(body.flags) || 0;
  message.edited_timestamp = new Date().toISOString();
  if (!silent) dispatchMessage(state, 'MESSAGE_UPDATE', message);
  return message;
}

export function deleteMessage(state: State, message: FakeMessage) {
  const list = state.messages.get(message.channel_id) ?? [];
  state.messages.set(
    message.channel_id,
    list.filter((m) => m.id !== message.id),
  );
  const channel = state.channels.get(message.channel_id);
  const data = {
    id: message.id,
    channel_id: message.channel_id,
    ...(channel?.guild_id ? { guild_id: channel.guild_id } : {}),
  };
  state.dispatch('MESSAGE_DELETE', data, scopeFor(state, message.channel_id));
}

export function messageJson(message: FakeMessage) {
  return { ...message, author: publicUser(message.author), mentions: message.mentions.map(publicUser) };
}

function dispatchMessage(state: State, event: string, message: FakeMessage) {
  const channel = state.channels.get(message.channel_id);
  const data: Record<string, unknown> = messageJson(message);
  if (channel?.guild_id) {
    const member = state.members.get(channel.guild_id)?.get(message.author.id);
    if (member && !message.webhook_id)
      data.member = {
        ...member,
        roles: [...(state.memberRoles.get(`${channel.guild_id}:${message.author.id}`) ?? [])],
        deaf: false,
        mute: false,
        flags: 0,
      };
  }
  state.dispatch(event, data, scopeFor(state, message.channel_id));
}

function scopeFor(state: State, channelId: string) {
  const channel = state.channels.get(channelId);
  if (channel?.guild_id) return { guildId: channel.guild_id, intent: Intent.GuildMessages };
  return { intent: Intent.DirectMessages };
}

function normalizeEmbed(embed: unknown) {
  return isRecord(embed) ? { type: 'rich', ...embed } : embed;
}

/** `<@id>` mentions, limited by allowed_mentions the way Discord limits pings. */
function mentionedUsers(state: State, content: string, allowed: unknown): FakeUser[] {
  const ids = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!);
  const permitted = (id: string) => {
    if (!isRecord(allowed)) return true;
    if (Array.isArray(allowed.users) && allowed.users.includes(id)) return true;
    return Array.isArray(allowed.parse) && allowed.parse.includes('users');
  };
  return [...new Set(ids)].filter(permitted).flatMap((id) => state.users.get(id) ?? []);
}
