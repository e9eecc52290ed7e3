/**
 * Keyword triggers: a chat message that matches an enabled keyword gets its response, rendered
 * with the variable language; at most one keyword answers a message, each keyword once per its
 * cooldown per channel. The viewer's message is only matched, never rendered.
 */
import { changeCounter, readCounter } from '@homelab/db/stream/commands';
import type { UserLevel } from '@homelab/db/stream/events';
import { parseTemplate, renderTemplate, type Template } from '@homelab/db/stream/template';
import type { BotDeps, BotEvent } from '../bot/types';
import { formatUptime } from '../commands/durations';
import { compileKeyword, type KeywordMatcher } from './keyword-pattern';

type Keyword = {
  id: string;
  matches: KeywordMatcher;
  template: Template;
  cooldownMs: number;
  minLevel: UserLevel;
};
type KeywordRow = { id: string; pattern: string; response: string; cooldown_s: number; min_level: UserLevel };

export function keywordTriggers(deps: BotDeps) {
  const { sql } = deps.pool;
  const byTenant = new Map<string, Promise<Keyword[]>>();
  const lastFired = new Map<string, number>();

  function keywordsOf(tenantId: string): Promise<Keyword[]> {
    let cached = byTenant.get(tenantId);
    if (!cached) {
      cached = sql<KeywordRow[]>`select id, pattern, response, cooldown_s, min_level from bot_keywords
        where tenant_id = ${tenantId} and enabled order by created_at, id`.then(
        (rows) => rows.flatMap((row) => compile(row)),
        (error) => {
          byTenant.delete(tenantId);
          throw error;
        },
      );
      byTenant.set(tenantId, cached);
    }
    return cached;
  }

  function compile(row: KeywordRow): Keyword[] {
    const matches = compileKeyword(row.pattern);
    const parsed = parseTemplate(row.response);
    if (!matches || !parsed.ok) {
      deps.log.debug('skipped a keyword that does not compile', { keywordId: row.id });
      return [];
    }
    return [
      {
        id: row.id,
        matches,
        template: parsed.template,
        cooldownMs: row.cooldown_s * 1_000,
        minLevel: row.min_level,
      },
    ];
  }

  /** The variables the renderer leaves to its caller; what a keyword cannot know renders empty. */
  function lookupFor(ctx: BotEvent) {
    const tenantId = ctx.event.tenantId;
    return async (name: string, args: string[]): Promise<string> => {
      const live = deps.live(ctx.channel.channelId);
      switch (name) {
        case 'count':
          return args[0] ? String(await changeCounter(deps.pool.db, tenantId, args[0], { add: 1 })) : '';
        case 'getcount':
          return args[0] ? String(await readCounter(deps.pool.db, tenantId, args[0])) : '';
        case 'game':
          return live.game ?? '';
        case 'title':
          return live.title ?? '';
        case 'uptime':
          return live.live && live.startedAt
            ? formatUptime(deps.clock.now() - Date.parse(live.startedAt))
            : 'offline';
        case 'currency':
          return ctx.settings.currency.name;
        default:
          return '';
      }
    };
  }

  /** Own messages: Twitch drops them before they get here; other platforms mark them `self`. */
  const isOwn = (ctx: BotEvent) =>
    ctx.event.detail.self === true ||
    (ctx.event.userName !== null &&
      typeof ctx.event.detail.botLogin === 'string' &&
      ctx.event.userName.toLowerCase() === ctx.event.detail.botLogin.toLowerCase());

  return {
    async onEvent(ctx: BotEvent) {
      if (ctx.event.kind !== 'message' || !ctx.event.text || isOwn(ctx)) return;
      const keywords = await keywordsOf(ctx.event.tenantId);
      const now = deps.clock.now();
      for (const keyword of keywords) {
        if (!keyword.matches(ctx.event.text)) continue;
        const key = `${ctx.channel.channelId}:${keyword.id}`;
        const last = lastFired.get(key);
        if (last !== undefined && now - last < keyword.cooldownMs) continue;
        if (!(await ctx.allows(keyword.minLevel))) continue;
        lastFired.set(key, now);
        const text = await renderTemplate(
          keyword.template,
          {
            user: ctx.event.userName ?? '',
            args: ctx.event.text.split(/\s+/).filter(Boolean),
            timezone: ctx.settings.timezone,
            now: new Date(now),
            lookup: lookupFor(ctx),
          },
          { maxLength: 500 },
        );
        if (text.trim()) ctx.reply(text);
        return;
      }
    },
    invalidate(tenantId: string) {
      byTenant.delete(tenantId);
    },
  };
}
