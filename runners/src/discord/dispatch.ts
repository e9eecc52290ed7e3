/**
 * What the bot does with gateway events: guilds are upserted (never deleted on GUILD_DELETE, which
 * also means "briefly unavailable"), streaming members are discovered, presences drive go-live, and
 * messages in ticket channels keep the tickets' activity and first response times.
 */
import type {
  APIGuildMember,
  GatewayDispatchPayload,
  GatewayGuildCreateDispatchData,
  GatewayPresenceUpdate,
} from 'discord-api-types/v10';
import type { Sql } from 'postgres';
import type { Logger } from '../log';
import { streamFromActivities } from './golive/presence';
import { discoverStreamer, guildSettings, guildStreamers } from './golive/store';
import type { GoLiveTracker } from './golive/tracker';

export type DispatchDeps = { sql: Sql; log: Logger; tracker: GoLiveTracker; cdnBaseUrl?: string };

function iconUrl(guildId: string, icon: string | null | undefined, cdn: string) {
  if (!icon) return null;
  return `${cdn}/icons/${guildId}/${icon}.${icon.startsWith('a_') ? 'gif' : 'png'}`;
}

export function createDispatcher(deps: DispatchDeps) {
  const { sql, log, tracker } = deps;
  const cdn = deps.cdnBaseUrl ?? 'https://cdn.discordapp.com';
  /** Members' roles by guild, for discovery restricted to a role (presences carry no roles). */
  const roles = new Map<string, Map<string, string[]>>();
  const names = new Map<string, string>();

  function rememberMember(guildId: string, member: Pick<APIGuildMember, 'user' | 'roles' | 'nick'>) {
    if (!member.user) return;
    let guild = roles.get(guildId);
    if (!guild) {
      guild = new Map();
      roles.set(guildId, guild);
    }
    guild.set(member.user.id, member.roles);
    names.set(`${guildId}:${member.user.id}`, member.nick ?? member.user.global_name ?? member.user.username);
  }

  async function upsertGuild(id: string, name: string, icon: string | null | undefined) {
    await sql`
      insert into discord_guilds (guild_id, name, icon_url) values (${id}, ${name}, ${iconUrl(id, icon, cdn)})
      on conflict (guild_id) do update set name = excluded.name, icon_url = excluded.icon_url, updated_at = now()`;
  }

  async function maybeDiscover(guildId: string, userId: string, fallbackName: string) {
    const guild = await guildSettings(sql, guildId);
    if (!guild?.go_live_auto_discover) return;
    if (guild.go_live_discover_role_id) {
      const memberRoles = roles.get(guildId)?.get(userId);
      if (!memberRoles?.includes(guild.go_live_discover_role_id)) return;
    }
    await discoverStreamer(sql, guildId, userId, names.get(`${guildId}:${userId}`) ?? fallbackName);
  }

  async function presence(p: Pick<GatewayPresenceUpdate, 'user' | 'guild_id' | 'activities'>) {
    const userId = p.user.id;
    const info = streamFromActivities(p.activities);
    if (info) await maybeDiscover(p.guild_id, userId, ('username' in p.user && p.user.username) || userId);
    await tracker.presence(p.guild_id, userId, info);
  }

  async function guildCreate(d: GatewayGuildCreateDispatchData) {
    if ('unavailable' in d && d.unavailable) return;
    await upsertGuild(d.id, d.name, d.icon);
    for (const member of d.members ?? []) rememberMember(d.id, member);
    const streaming = new Set<string>();
    for (const p of d.presences ?? []) {
      const presenceWithGuild = { ...p, guild_id: d.id } as GatewayPresenceUpdate;
      if (streamFromActivities(p.activities)) streaming.add(p.user.id);
      await presence(presenceWithGuild);
    }
    // Known streamers missing from the snapshot stopped streaming while the bot was away.
    for (const row of await guildStreamers(sql, d.id)) {
      if (row.state !== 'offline' && !streaming.has(row.discord_user_id))
        await tracker.presence(d.id, row.discord_user_id, null);
    }
  }

  async function message(d: {
    channel_id: string;
    author: { id: string; bot?: boolean };
    webhook_id?: string;
  }) {
    if (d.author.bot || d.webhook_id) return;
    // One statement: concurrent messages cannot lose an update, and first_response_at is set once.
    await sql`
      update tickets set
        last_activity_at = now(),
        first_response_at = case
          when first_response_at is null and opener_id <> ${d.author.id} then now()
          else first_response_at end,
        status = case
          when status = 'awaiting_user' and opener_id = ${d.author.id} then 'open'
          else status end
      where channel_id = ${d.channel_id} and status <> 'closed'`;
  }

  async function handle(payload: GatewayDispatchPayload) {
    switch (payload.t) {
      case 'GUILD_CREATE':
        return guildCreate(payload.d);
      case 'GUILD_UPDATE':
        return upsertGuild(payload.d.id, payload.d.name, payload.d.icon);
      case 'GUILD_MEMBER_ADD':
        return rememberMember(payload.d.guild_id, payload.d);
      case 'GUILD_MEMBER_UPDATE':
        return rememberMember(payload.d.guild_id, payload.d);
      case 'GUILD_MEMBER_REMOVE':
        roles.get(payload.d.guild_id)?.delete(payload.d.user.id);
        return;
      case 'PRESENCE_UPDATE':
        return presence(payload.d);
      case 'MESSAGE_CREATE':
        return message(payload.d);
      default:
        return;
    }
  }

  /** Events of one guild are handled in order; different guilds do not wait on each other. */
  const queues = new Map<string, Promise<void>>();
  return function dispatch(payload: GatewayDispatchPayload) {
    const d = payload.d as { guild_id?: string; id?: string } | null;
    const key =
      (payload.t.startsWith('GUILD_') && !payload.t.startsWith('GUILD_MEMBER') ? d?.id : d?.guild_id) ?? '';
    const run = (queues.get(key) ?? Promise.resolve()).then(() =>
      handle(payload).catch((error: unknown) =>
        log.warn('gateway event failed', { event: payload.t, err: error }),
      ),
    );
    queues.set(key, run);
    void run.then(() => {
      if (queues.get(key) === run) queues.delete(key);
    });
    return run;
  };
}
