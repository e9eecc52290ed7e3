/**
 * The answers to the variables the template renderer cannot give itself (counters, live facts,
 * follow age, balances, fetched URLs, nested commands). Every answer is plain text: the renderer
 * inserts it as is, so nothing a viewer or a fetched page says is ever evaluated.
 */
import type { ChatPlatform } from '@homelab/db/schema';
import { changeCounter, counterNamePattern, readCounter } from '@homelab/db/stream/commands';
import type { BotSettings } from '@homelab/db/stream/settings';
import { renderTemplate, type VariableContext } from '@homelab/db/stream/template';
import type { BotDeps } from '../bot/types';
import type { JoinedChannel } from '../chat/types';
import { formatSince, formatUptime } from './durations';
import { FetchUrlError, fetchLimited } from './fetch-url';
import type { TenantCommands } from './store';

const maxDepth = 3;
const fetchTimeoutMs = 3_000;
const fetchMaxBytes = 64 * 1024;
const fetchedLength = 400;

/** Who asked and where: the facts every lookup of one reply shares. */
export type Caller = {
  tenantId: string;
  channel: JoinedChannel;
  platform: ChatPlatform;
  /** Platform user id; null for timers (the bot speaks). */
  userId: string | null;
  userName: string;
  viewerId: () => Promise<string | null>;
  settings: BotSettings;
  commands: () => Promise<TenantCommands>;
};

export type RenderOptions = { args: string[]; depth?: number; maxLength?: number };

/** The context the renderer needs for one reply (and, one level deeper, for nested commands). */
export function variableContext(deps: BotDeps, caller: Caller, options: RenderOptions): VariableContext {
  const depth = options.depth ?? 0;
  const now = new Date(deps.clock.now());
  return {
    user: caller.userName,
    args: options.args,
    timezone: caller.settings.timezone,
    now,
    lookup: (name, args) =>
      lookup(deps, caller, options, depth, now, name, args).catch((error) => {
        // A fetch's reason is written for chat; anything else (a database error) is not shown.
        if (error instanceof FetchUrlError) return `[${name}: ${error.message}]`;
        deps.log.warn('a template variable failed', { variable: name, err: error });
        return `[${name}: unavailable]`;
      }),
  };
}

async function lookup(
  deps: BotDeps,
  caller: Caller,
  options: RenderOptions,
  depth: number,
  now: Date,
  name: string,
  args: string[],
): Promise<string> {
  const db = deps.pool.db;
  const first = (args[0] ?? '').replace(/^@/, '').trim();
  switch (name) {
    case 'count':
    case 'getcount': {
      const counter = first.toLowerCase();
      if (!counterNamePattern.test(counter)) return `[${name}: which counter?]`;
      const value =
        name === 'count'
          ? await changeCounter(db, caller.tenantId, counter, { add: 1 })
          : await readCounter(db, caller.tenantId, counter);
      return String(value);
    }
    case 'uptime': {
      const live = deps.live(caller.channel.channelId);
      if (!live.live || !live.startedAt) return 'offline';
      return formatUptime(now.getTime() - Date.parse(live.startedAt));
    }
    case 'game':
      return deps.live(caller.channel.channelId).game ?? 'unknown';
    case 'title':
      return deps.live(caller.channel.channelId).title ?? 'unknown';
    case 'followage': {
      const userId = first ? await platformUserId(deps, caller, first) : caller.userId;
      if (!userId) return first ? `${first} is not known here` : 'not following';
      const followed = await deps.platform.followedAt(caller.channel, userId);
      return followed ? formatSince(new Date(followed), now) : 'not following';
    }
    case 'points':
    case 'rank': {
      const viewerId = first ? await viewerByName(deps, caller, first) : await caller.viewerId();
      if (!viewerId) return name === 'points' ? '0' : 'unranked';
      return name === 'points'
        ? String(await balanceOf(deps, caller.tenantId, viewerId))
        : await rankOf(deps, caller.tenantId, viewerId);
    }
    case 'currency':
      return caller.settings.currency.name;
    case 'urlfetch': {
      const text = await fetchLimited(args.join(' ').trim(), {
        timeoutMs: fetchTimeoutMs,
        maxBytes: fetchMaxBytes,
      });
      return (text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim().slice(0, fetchedLength);
    }
    case 'command': {
      if (depth >= maxDepth) return '[command: too deep]';
      const target = (await caller.commands()).byName.get(first.replace(/^!/, '').toLowerCase());
      if (!target?.template) return `[command: no ${first || 'name'}]`;
      // Words after the name become the nested command's arguments; without any it sees the caller's.
      const nested = { ...options, args: args.length > 1 ? args.slice(1) : options.args, depth: depth + 1 };
      return renderTemplate(target.template, variableContext(deps, caller, nested), {
        maxLength: options.maxLength ?? 500,
      });
    }
    default:
      return `[${name}]`;
  }
}

async function platformUserId(deps: BotDeps, caller: Caller, userName: string): Promise<string | null> {
  const [row] = await deps.pool.sql<{ platform_user_id: string }[]>`
    select platform_user_id from viewer_identities
    where tenant_id = ${caller.tenantId} and platform = ${caller.platform} and lower(user_name) = ${userName.toLowerCase()}
    limit 1`;
  return row?.platform_user_id ?? null;
}

async function viewerByName(deps: BotDeps, caller: Caller, userName: string): Promise<string | null> {
  const [row] = await deps.pool.sql<{ viewer_id: string }[]>`
    select viewer_id from viewer_identities
    where tenant_id = ${caller.tenantId} and platform = ${caller.platform} and lower(user_name) = ${userName.toLowerCase()}
    limit 1`;
  return row?.viewer_id ?? null;
}

async function balanceOf(deps: BotDeps, tenantId: string, viewerId: string): Promise<number> {
  const [row] = await deps.pool.sql<{ balance: string }[]>`
    select balance from viewers where id = ${viewerId} and tenant_id = ${tenantId}`;
  return row ? Number(row.balance) : 0;
}

async function rankOf(deps: BotDeps, tenantId: string, viewerId: string): Promise<string> {
  const [row] = await deps.pool.sql<{ rank: string }[]>`
    select 1 + (select count(*) from viewers o where o.tenant_id = ${tenantId} and o.balance > v.balance) as rank
    from viewers v where v.id = ${viewerId} and v.tenant_id = ${tenantId}`;
  return row ? String(row.rank) : 'unranked';
}
