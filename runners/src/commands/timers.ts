/**
 * Timers: a tenant's messages said in each held channel every `interval_s`, but only after
 * `min_lines` chat lines in that channel since the timer last spoke there (a quiet chat is not
 * spammed) and, when `online_only`, while the channel is live. At most one timer speaks per channel
 * per tick, the longest-waiting first, so a tenant's timers never arrive in one burst.
 */
import type { ChatPlatform } from '@homelab/db/schema';
import { parseTemplate, renderTemplate, type Template } from '@homelab/db/stream/template';
import type { BotDeps, Feature, FeatureFactory } from '../bot/types';
import type { JoinedChannel } from '../chat/types';
import { commandCache, loadTenantCommands } from './store';
import { variableContext } from './variables';

type Timer = {
  id: string;
  name: string;
  intervalMs: number;
  minLines: number;
  onlineOnly: boolean;
  platforms: ChatPlatform[];
  lastRunAt: number | null;
  template: Template | null;
};

type Row = {
  id: string;
  name: string;
  message: string;
  interval_s: number;
  min_lines: number;
  online_only: boolean;
  platforms: ChatPlatform[];
  last_run_at: Date | null;
};

export const timersFeature: FeatureFactory = (deps: BotDeps): Feature => {
  const { sql } = deps.pool;
  const timers = new Map<string, Promise<Timer[]>>();
  const commands = commandCache((tenantId) => loadTenantCommands(sql, deps.log, tenantId));
  /** Chat lines seen per channel since this process started. */
  const lines = new Map<string, number>();
  /** Per timer and channel: when it last spoke there and the channel's line count then. */
  const fired = new Map<string, { at: number; lines: number }>();

  function load(tenantId: string): Promise<Timer[]> {
    let cached = timers.get(tenantId);
    if (!cached) {
      cached = sql<Row[]>`
        select id, name, message, interval_s, min_lines, online_only, platforms, last_run_at
        from bot_timers where tenant_id = ${tenantId} and enabled order by name`.then((rows) =>
        rows.map((row) => {
          const parsed = parseTemplate(row.message);
          if (!parsed.ok)
            deps.log.warn('a timer no longer parses; it stays silent', { tenantId, timer: row.name });
          return {
            id: row.id,
            name: row.name,
            intervalMs: row.interval_s * 1_000,
            minLines: row.min_lines,
            onlineOnly: row.online_only,
            platforms: row.platforms ?? [],
            lastRunAt: row.last_run_at ? new Date(row.last_run_at).getTime() : null,
            template: parsed.ok ? parsed.template : null,
          };
        }),
      );
      timers.set(tenantId, cached);
      const mine = cached;
      mine.catch(() => {
        if (timers.get(tenantId) === mine) timers.delete(tenantId);
      });
    }
    return cached;
  }

  /** The timer of `channel` due now that has waited longest, if any. */
  function due(channel: JoinedChannel, list: Timer[], now: number): Timer | null {
    const seen = lines.get(channel.channelId) ?? 0;
    let best: { timer: Timer; since: number } | null = null;
    for (const timer of list) {
      if (!timer.template || !timer.platforms.includes(channel.platform)) continue;
      const last = fired.get(`${timer.id}:${channel.channelId}`);
      const since = last?.at ?? timer.lastRunAt ?? Number.NEGATIVE_INFINITY;
      if (now - since < timer.intervalMs) continue;
      if (seen - (last?.lines ?? 0) < timer.minLines) continue;
      if (!best || since < best.since) best = { timer, since };
    }
    return best?.timer ?? null;
  }

  async function speak(channel: JoinedChannel, timer: Timer, now: number) {
    fired.set(`${timer.id}:${channel.channelId}`, { at: now, lines: lines.get(channel.channelId) ?? 0 });
    const settings = await deps.settings(channel.tenantId);
    const context = variableContext(
      deps,
      {
        tenantId: channel.tenantId,
        channel,
        platform: channel.platform,
        userId: null,
        userName: channel.login,
        viewerId: async () => null,
        settings,
        commands: () => commands.get(channel.tenantId),
      },
      { args: [] },
    );
    const text = (await renderTemplate(timer.template!, context, { maxLength: 500 })).trim();
    if (text) deps.send(channel.channelId, text);
    await sql`update bot_timers set last_run_at = ${new Date(now).toISOString()}::timestamptz where id = ${timer.id}`;
  }

  return {
    name: 'timers',

    async onEvent(ctx) {
      if (ctx.event.kind !== 'message' && ctx.event.kind !== 'command') return;
      lines.set(ctx.channel.channelId, (lines.get(ctx.channel.channelId) ?? 0) + 1);
    },

    async tick(now) {
      for (const channel of deps.channels()) {
        try {
          const list = (await load(channel.tenantId)).filter(
            (t) => !t.onlineOnly || deps.live(channel.channelId).live,
          );
          const timer = due(channel, list, now);
          if (timer) await speak(channel, timer, now);
        } catch (error) {
          deps.log.warn('a timer failed', { channelId: channel.channelId, err: error });
        }
      }
      for (const id of lines.keys()) if (!deps.channel(id)) lines.delete(id);
    },

    invalidate(tenantId) {
      timers.delete(tenantId);
      commands.invalidate(tenantId);
    },
  };
};
