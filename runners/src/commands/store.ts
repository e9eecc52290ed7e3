/**
 * A tenant's custom commands as the runner answers them: read once, their templates parsed once,
 * kept until the studio or `!cmd` says the tenant's configuration changed.
 */
import type { ChatPlatform } from '@homelab/db/schema';
import type { UserLevel } from '@homelab/db/stream/events';
import { parseTemplate, type Template } from '@homelab/db/stream/template';
import type { Sql } from 'postgres';
import type { Logger } from '../log';

export type CustomCommand = {
  id: string;
  name: string;
  aliases: string[];
  response: string;
  responseType: 'say' | 'reply' | 'whisper';
  platforms: ChatPlatform[];
  minLevel: UserLevel;
  globalCooldownS: number;
  userCooldownS: number;
  cost: number;
  enabled: boolean;
  /** Null when the stored response no longer parses (saved before the language changed). */
  template: Template | null;
};

export type TenantCommands = {
  /** Every command under its name and each alias. */
  byName: Map<string, CustomCommand>;
  all: CustomCommand[];
};

type Row = {
  id: string;
  name: string;
  aliases: string[];
  response: string;
  response_type: CustomCommand['responseType'];
  platforms: ChatPlatform[];
  min_level: UserLevel;
  global_cooldown_s: number;
  user_cooldown_s: number;
  cost: number;
  enabled: boolean;
};

export async function loadTenantCommands(sql: Sql, log: Logger, tenantId: string): Promise<TenantCommands> {
  const rows = await sql<Row[]>`
    select id, name, aliases, response, response_type, platforms, min_level,
      global_cooldown_s, user_cooldown_s, cost, enabled
    from bot_commands where tenant_id = ${tenantId} order by name`;
  const all = rows.map((row): CustomCommand => {
    const parsed = parseTemplate(row.response);
    if (!parsed.ok)
      log.warn('a custom command no longer parses; it stays silent', {
        tenantId,
        command: row.name,
        error: parsed.error.message,
      });
    return {
      id: row.id,
      name: row.name,
      aliases: row.aliases ?? [],
      response: row.response,
      responseType: row.response_type,
      platforms: row.platforms ?? [],
      minLevel: row.min_level,
      globalCooldownS: row.global_cooldown_s,
      userCooldownS: row.user_cooldown_s,
      cost: row.cost,
      enabled: row.enabled,
      template: parsed.ok ? parsed.template : null,
    };
  });
  const byName = new Map<string, CustomCommand>();
  for (const command of all) byName.set(command.name, command);
  // A name wins over another command's alias if both were ever stored.
  for (const command of all)
    for (const alias of command.aliases) if (!byName.has(alias)) byName.set(alias, command);
  return { byName, all };
}

/** Per-tenant cache, loaded on first use; a failed load is not kept. */
export function commandCache(load: (tenantId: string) => Promise<TenantCommands>) {
  const cache = new Map<string, Promise<TenantCommands>>();
  return {
    get(tenantId: string): Promise<TenantCommands> {
      let cached = cache.get(tenantId);
      if (!cached) {
        cached = load(tenantId);
        cache.set(tenantId, cached);
        cached.catch(() => {
          if (cache.get(tenantId) === cached) cache.delete(tenantId);
        });
      }
      return cached;
    },
    invalidate(tenantId: string) {
      cache.delete(tenantId);
    },
  };
}
