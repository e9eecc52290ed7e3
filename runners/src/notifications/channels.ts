/**
 * Notification channels at rest: the whole config (webhook URLs, secrets, SMTP password) is sealed
 * with ENCRYPTION_KEY and the channel id, and what leaves the store for a list shows only a masked
 * target, so no secret ever reaches the API or the web app.
 */
import { decryptSecret, encryptSecret } from '@homelab/db/crypto';
import { type ChannelConfig, type ChannelType, channelConfigSchema } from '@homelab/db/monitoring';
import type { Sql } from 'postgres';

export type ChannelView = {
  id: string;
  name: string;
  type: ChannelType;
  enabled: boolean;
  /** Where messages go, masked: a webhook's host only, never its path or token. */
  target: string;
  createdAt: string;
};

export type ChannelRow = {
  id: string;
  name: string;
  type: ChannelType;
  enabled: boolean;
  configSealed: string;
  createdAt: string;
};

export type ChannelInput = { name: string; enabled: boolean; config: ChannelConfig };
export type ChannelPatch = { name?: string; enabled?: boolean; config?: ChannelConfig };

export class ChannelNameTaken extends Error {
  override name = 'ChannelNameTaken';
  constructor(readonly channelName: string) {
    super(`A channel named "${channelName}" already exists.`);
  }
}

const columns = (sql: Sql) =>
  sql`id, name, type, enabled, config_sealed as "configSealed", to_json(created_at) #>> '{}' as "createdAt"`;

export function sealConfig(key: string, channelId: string, config: ChannelConfig): Promise<string> {
  return encryptSecret(JSON.stringify(config), key, channelId);
}

export async function openConfig(key: string, channelId: string, sealed: string): Promise<ChannelConfig> {
  return channelConfigSchema.parse(JSON.parse(await decryptSecret(sealed, key, channelId)));
}

export async function listChannels(sql: Sql, key: string): Promise<ChannelView[]> {
  const rows = await sql<ChannelRow[]>`select ${columns(sql)} from notification_channels order by name`;
  return Promise.all(rows.map((row) => toView(key, row)));
}

export async function getChannel(sql: Sql, id: string): Promise<ChannelRow | null> {
  const [row] = await sql<ChannelRow[]>`select ${columns(sql)} from notification_channels where id = ${id}`;
  return row ?? null;
}

export async function viewChannel(sql: Sql, key: string, id: string): Promise<ChannelView | null> {
  const row = await getChannel(sql, id);
  return row ? toView(key, row) : null;
}

export async function createChannel(sql: Sql, key: string, input: ChannelInput): Promise<ChannelView> {
  // The id is chosen here because it is the associated data of the sealed config.
  const id = crypto.randomUUID();
  const sealed = await sealConfig(key, id, input.config);
  const [row] = await nameChecked(
    input.name,
    sql<ChannelRow[]>`
      insert into notification_channels (id, name, type, config_sealed, enabled)
      values (${id}, ${input.name}, ${input.config.type}, ${sealed}, ${input.enabled})
      returning ${columns(sql)}`,
  );
  return toView(key, row as ChannelRow);
}

export async function updateChannel(
  sql: Sql,
  key: string,
  id: string,
  patch: ChannelPatch,
): Promise<ChannelView | null> {
  const current = await getChannel(sql, id);
  if (!current) return null;
  const sealed = patch.config ? await sealConfig(key, id, patch.config) : current.configSealed;
  const [row] = await nameChecked(
    patch.name ?? current.name,
    sql<ChannelRow[]>`
      update notification_channels
      set name = ${patch.name ?? current.name}, enabled = ${patch.enabled ?? current.enabled},
        type = ${patch.config?.type ?? current.type}, config_sealed = ${sealed}
      where id = ${id}
      returning ${columns(sql)}`,
  );
  return row ? toView(key, row) : null;
}

/** Its deliveries go with it (the foreign key cascades). */
export async function deleteChannel(sql: Sql, id: string): Promise<boolean> {
  const rows = await sql`delete from notification_channels where id = ${id} returning id`;
  return rows.length > 0;
}

async function nameChecked<T>(name: string, query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new ChannelNameTaken(name);
    throw error;
  }
}

async function toView(key: string, row: ChannelRow): Promise<ChannelView> {
  let target: string;
  try {
    target = maskedTarget(await openConfig(key, row.id, row.configSealed));
  } catch {
    target = 'cannot be read: sealed with another ENCRYPTION_KEY';
  }
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    enabled: row.enabled,
    target,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** Enough to recognise a channel, nothing that would let someone else post to it. */
export function maskedTarget(config: ChannelConfig): string {
  switch (config.type) {
    case 'discord':
      return `${hostOf(config.webhookUrl)}/•••`;
    case 'webhook':
      return `${hostOf(config.url)}/•••`;
    case 'ntfy':
      // On a public ntfy server the topic is the password, so only its start is shown.
      return `${hostOf(config.serverUrl)}/${config.topic.slice(0, 2)}•••`;
    case 'smtp':
      return `${config.host}:${config.port} → ${config.to.join(', ')}`;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '•••';
  }
}
