/**
 * Moderation in chat. Registered first, it sees every line before any other feature: the rules
 * (rules.ts) decide synchronously, the AI (when switched on) scores what the rules let through,
 * and an offence is punished by the escalation step for this viewer's offences in the window
 * (delete → timeout → ban by default). Every action lands in mod_actions, done or failed with the
 * platform's reason; an AI score below the threshold but above reviewFrom is logged as a `warn`
 * with reason `for review` and nothing said in chat (the studio's review queue). Moderators let a
 * viewer post one link with `!permit <user>`. Anti-raid switches on follower-only and slow mode on
 * a burst of first-time chatters and back off after holdS. The tick unbans viewers whose ban or
 * timeout a mod undid in the studio.
 */
import type { BotDeps, BotEvent, Feature, FeatureFactory } from '../bot/types';
import type { JoinedChannel, ModerationAction } from '../chat/types';
import { type AiOptions, type AiScorer, createAiScorer, opinion } from './ai';
import { type Allowlist, findLinks, isExempt, judge, normalizeLine, type Verdict } from './rules';

export type ModerationOptions = {
  /** Without it (no OPENAI_* configuration) the rules decide alone. */
  ai?: AiOptions | undefined;
  /** Tests put a scorer of their own here. */
  scorer?: AiScorer;
};

type Step = { action: 'warn' | 'delete' | 'timeout' | 'ban'; durationS?: number };
type Offence = { rule: string; reason: string; score: number | null; match?: string };

/** Reason of the rows the review queue shows (the API filters on it). */
export const reviewReason = 'for review';

const notices: Record<string, string> = {
  links: 'links are not allowed here',
  caps: 'please ease up on the caps',
  symbols: 'please ease up on the symbols',
  emotes: 'please ease up on the emotes',
  repetition: 'please do not repeat yourself',
  length: 'that message is too long',
  banned: 'that language is not allowed here',
};

const maxTracked = 50_000;
/** How long a channel is watched before unseen viewers count as newcomers for anti-raid. */
const warmUpMs = 5 * 60_000;

export function createModerationFeature(options: ModerationOptions): FeatureFactory {
  return (deps: BotDeps): Feature => {
    const ai = options.ai;
    const score: AiScorer =
      options.scorer ??
      (ai
        ? createAiScorer(ai, (error) =>
            deps.log.info('AI moderation unavailable; rules only', { err: error }),
          )
        : async () => null);
    const allowlists = new Map<string, Promise<Allowlist>>();
    /** `channelId:login` → until (ms). */
    const permits = new Map<string, number>();
    /** `channelId:userId` → recent normalized lines with their times. */
    const recent = new Map<string, { line: string; at: number }[]>();
    /** Viewers seen in each channel since this process started (first-time chatters otherwise). */
    const seen = new Map<string, { since: number; users: Set<string> }>();
    const newcomers = new Map<string, number[]>();
    const raids = new Map<string, { until: number; tenantId: string }>();

    function allowlist(tenantId: string) {
      let cached = allowlists.get(tenantId);
      if (!cached) {
        cached = deps.pool.sql<{ kind: string; value: string }[]>`
          select kind, value from mod_allowlist where tenant_id = ${tenantId}`.then(
          (rows) => {
            const list: Allowlist = { phrases: [], users: new Set(), links: [] };
            for (const row of rows) {
              const value = row.value.toLowerCase();
              if (row.kind === 'phrase') list.phrases.push(value);
              else if (row.kind === 'user') list.users.add(value);
              else list.links.push(value);
            }
            return list;
          },
          (error) => {
            allowlists.delete(tenantId);
            throw error;
          },
        );
        allowlists.set(tenantId, cached);
      }
      return cached;
    }

    /**
     * Whether the platform marked the line as the viewer's first in the channel (Twitch's
     * first-msg badge, or detail.firstMessage from the platform). Only this makes the rules stricter.
     */
    function markedFirst(ctx: BotEvent): boolean | null {
      const detail = ctx.event.detail;
      if (typeof detail.firstMessage === 'boolean') return detail.firstMessage;
      const badges = detail.badges;
      if (badges && typeof badges === 'object' && !Array.isArray(badges) && 'first-msg' in badges)
        return true;
      return null;
    }

    /**
     * For anti-raid: the platform's mark, else a viewer this process has not seen in the channel.
     * Right after a (re)start everyone is unseen, so the memory only counts once the channel has
     * been watched for a while; a restart must not look like a raid.
     */
    function newcomer(ctx: BotEvent, marked: boolean | null): boolean {
      const { event } = ctx;
      let watched = seen.get(event.channelId);
      if (!watched) {
        watched = { since: deps.clock.now(), users: new Set() };
        seen.set(event.channelId, watched);
      }
      const known = watched.users.has(event.userId!);
      if (!known) {
        if (watched.users.size >= maxTracked) watched.users.clear();
        watched.users.add(event.userId!);
      }
      if (marked !== null) return marked;
      return !known && deps.clock.now() - watched.since >= warmUpMs;
    }

    function repeats(ctx: BotEvent, windowS: number): number {
      const { event } = ctx;
      if (!event.userId || !event.text) return 0;
      const key = `${event.channelId}:${event.userId}`;
      const now = deps.clock.now();
      const line = normalizeLine(event.text);
      const lines = (recent.get(key) ?? []).filter((l) => now - l.at < windowS * 1000);
      lines.push({ line, at: now });
      if (lines.length > 20) lines.shift();
      if (!recent.has(key) && recent.size >= maxTracked) recent.clear();
      recent.set(key, lines);
      let count = 0;
      for (const l of lines) if (l.line === line) count++;
      return count;
    }

    function permitted(ctx: BotEvent): boolean {
      const name = ctx.event.userName?.toLowerCase();
      if (!name) return false;
      const key = `${ctx.event.channelId}:${name}`;
      const until = permits.get(key);
      if (until === undefined) return false;
      if (until < deps.clock.now()) {
        permits.delete(key);
        return false;
      }
      return true;
    }

    async function step(ctx: BotEvent): Promise<Step> {
      const { escalation } = ctx.settings.moderation;
      const [row] = await deps.pool.sql<{ n: number }[]>`
        select count(*)::int as n from mod_actions
        where tenant_id = ${ctx.channel.tenantId} and platform = ${ctx.channel.platform}
          and user_id = ${ctx.event.userId!} and state <> 'undone' and reason <> ${reviewReason}
          and rule <> 'raid'
          and created_at > now() - make_interval(secs => ${escalation.windowS})`;
      const steps = escalation.steps;
      return steps[Math.min(row?.n ?? 0, steps.length - 1)]!;
    }

    async function act(ctx: BotEvent, offence: Offence) {
      const { event, channel } = ctx;
      const penalty = await step(ctx);
      const userId = event.userId!;
      const reason = offence.reason.slice(0, 200);
      let platformAction: ModerationAction | null = null;
      if (penalty.action === 'delete')
        platformAction = event.platformEventId ? { kind: 'delete', messageId: event.platformEventId } : null;
      else if (penalty.action === 'timeout')
        platformAction = { kind: 'timeout', userId, durationS: penalty.durationS ?? 600, reason };
      else if (penalty.action === 'ban') platformAction = { kind: 'ban', userId, reason };

      let state: 'done' | 'failed' = 'done';
      let detail: string | null = null;
      if (penalty.action === 'delete' && !platformAction) {
        state = 'failed';
        detail = 'the platform gave no message id';
      } else if (platformAction) {
        const result = await deps.platform.moderate(channel, platformAction).catch((error: unknown) => ({
          ok: false as const,
          reason: 'refused' as const,
          detail: error instanceof Error ? error.message : String(error),
        }));
        if (!result.ok) {
          state = 'failed';
          detail = result.detail ?? result.reason;
        }
      }
      await record(ctx, {
        rule: offence.rule,
        score: offence.score,
        action: penalty.action,
        durationS: penalty.action === 'timeout' ? (penalty.durationS ?? 600) : null,
        reason,
        state,
        detail,
      });
      if (state === 'failed')
        deps.log.info('moderation action refused', { channelId: channel.channelId, detail });
      const what = notices[offence.rule] ?? 'that message is not allowed here';
      ctx.reply(`@${event.userName ?? userId}, ${what} (${label(penalty)})`);
    }

    async function record(
      ctx: BotEvent,
      row: {
        rule: string;
        score: number | null;
        action: Step['action'];
        durationS: number | null;
        reason: string;
        state: 'done' | 'failed';
        detail: string | null;
      },
    ) {
      const { event, channel } = ctx;
      await deps.pool.sql`
        insert into mod_actions (tenant_id, channel_id, platform, user_id, user_name, message_id, message,
          rule, score, action, duration_s, reason, state, detail)
        values (${channel.tenantId}, ${channel.channelId}, ${channel.platform}, ${event.userId ?? ''},
          ${event.userName ?? event.userId ?? ''}, ${event.platformEventId}, ${(event.text ?? '').slice(0, 500)},
          ${row.rule}, ${row.score}, ${row.action}, ${row.durationS}, ${row.reason}, ${row.state}, ${row.detail})`;
    }

    async function antiRaid(ctx: BotEvent, isNew: boolean) {
      const settings = ctx.settings.moderation.antiRaid;
      if (!settings.enabled || !isNew) return;
      const { channel } = ctx;
      const now = deps.clock.now();
      const times = (newcomers.get(channel.channelId) ?? []).filter((t) => now - t < settings.windowS * 1000);
      times.push(now);
      newcomers.set(channel.channelId, times);
      if (times.length < settings.newChatters || raids.has(channel.channelId)) return;
      raids.set(channel.channelId, { until: now + settings.holdS * 1000, tenantId: channel.tenantId });
      newcomers.delete(channel.channelId);
      const result = await deps.platform
        .setChatSettings(channel, { followersOnly: true, slowS: settings.slowS })
        .catch((error: unknown) => ({
          ok: false as const,
          reason: 'refused' as const,
          detail: error instanceof Error ? error.message : String(error),
        }));
      await deps.pool.sql`
        insert into mod_actions (tenant_id, channel_id, platform, user_id, user_name, message, rule, action,
          duration_s, reason, state, detail)
        values (${channel.tenantId}, ${channel.channelId}, ${channel.platform}, '', '', '', 'raid', 'warn',
          ${settings.holdS}, ${`${times.length} first-time chatters in ${settings.windowS}s`},
          ${result.ok ? 'done' : 'failed'}, ${result.ok ? null : (result.detail ?? result.reason)})`;
      if (result.ok)
        deps.send(
          channel.channelId,
          `Anti-raid mode: follower-only and ${settings.slowS}s slow mode for ${Math.round(settings.holdS / 60)} min.`,
        );
    }

    async function endRaids(now: number) {
      for (const [channelId, raid] of raids) {
        if (raid.until > now) continue;
        raids.delete(channelId);
        const channel = deps.channel(channelId);
        if (!channel) continue;
        const result = await deps.platform
          .setChatSettings(channel, { followersOnly: false, slowS: 0 })
          .catch(() => ({ ok: false as const }));
        if (result.ok) deps.send(channelId, 'Anti-raid mode is off. Welcome, everyone!');
        else deps.log.warn('anti-raid mode could not be switched off', { channelId });
      }
    }

    /** Undone bans and timeouts (studio) are lifted on the platform once; `detail` marks them. */
    async function liftUndone(held: JoinedChannel[]) {
      if (held.length === 0) return;
      const ids = held.map((c) => c.channelId);
      const rows = await deps.pool.sql<{ id: number; channelId: string; userId: string }[]>`
        select id, channel_id as "channelId", user_id as "userId" from mod_actions
        where channel_id in ${deps.pool.sql(ids)} and state = 'undone' and action in ('timeout', 'ban')
          and detail is distinct from 'unbanned' and detail is distinct from 'unban failed'
        order by id limit 50`;
      for (const row of rows) {
        const channel = deps.channel(row.channelId);
        if (!channel) continue;
        const result = await deps.platform
          .moderate(channel, { kind: 'unban', userId: row.userId })
          .catch(() => ({ ok: false as const }));
        await deps.pool.sql`
          update mod_actions set detail = ${result.ok ? 'unbanned' : 'unban failed'} where id = ${row.id}`;
      }
    }

    async function onEvent(ctx: BotEvent) {
      const { event } = ctx;
      if ((event.kind !== 'message' && event.kind !== 'command') || !event.userId || !event.text) return;
      const settings = ctx.settings.moderation;
      if (!settings.enabled && !settings.antiRaid.enabled) return;
      const marked = markedFirst(ctx);
      await antiRaid(ctx, newcomer(ctx, marked));
      if (!settings.enabled) return;
      const allow = await allowlist(ctx.channel.tenantId);
      const who = { level: ctx.level, userId: event.userId, userName: event.userName, allow };
      if (isExempt(who, settings)) return;
      const verdict: Verdict | null = judge(
        event.text,
        {
          ...who,
          firstTime: marked === true,
          permitted: permitted(ctx),
          repeats: settings.repetition.enabled ? repeats(ctx, settings.repetition.windowS) : 0,
          emotes: emoteCount(event.detail.emotes),
        },
        settings,
      );
      if (verdict) {
        ctx.handled = true;
        await act(ctx, { rule: verdict.rule, reason: verdict.reason, score: null, match: verdict.match });
        return;
      }
      if (permitted(ctx) && findLinks(event.text).length > 0)
        permits.delete(`${event.channelId}:${event.userName!.toLowerCase()}`);
      if (!settings.ai.enabled) return;
      const lower = event.text.toLowerCase();
      if (allow.phrases.some((p) => lower.includes(p))) return;
      const scores = await score(event.text);
      if (!scores) return;
      const view = opinion(scores, settings.ai.thresholds, settings.ai.reviewFrom);
      if (view.kind === 'act') {
        ctx.handled = true;
        await act(ctx, {
          rule: `ai:${view.category}`,
          reason: `AI: ${view.category} ${view.score.toFixed(2)}`,
          score: view.score,
        });
      } else if (view.kind === 'review') {
        await record(ctx, {
          rule: `ai:${view.category}`,
          score: view.score,
          action: 'warn',
          durationS: null,
          reason: reviewReason,
          state: 'done',
          detail: null,
        });
      }
    }

    return {
      name: 'moderation',
      commands: [
        {
          name: 'permit',
          minLevel: (settings) => settings.builtins.modLevel,
          description: 'Lets a viewer post one link for a minute: !permit <user>',
          enabled: (settings) => settings.moderation.enabled,
          async run(ctx, args) {
            const name = args[0]?.replace(/^@/, '').toLowerCase();
            if (!name) return ctx.reply('Usage: !permit <user>');
            const seconds = ctx.settings.moderation.links.permitS;
            permits.set(`${ctx.channel.channelId}:${name}`, deps.clock.now() + seconds * 1000);
            ctx.reply(`@${name}, you may post one link in the next ${seconds}s.`);
          },
        },
      ],
      onEvent,
      async tick(now) {
        await endRaids(now);
        await liftUndone(deps.channels());
        for (const [key, until] of permits) if (until < now) permits.delete(key);
      },
      invalidate(tenantId) {
        allowlists.delete(tenantId);
      },
      async stop() {
        // Leaving a channel in follower-only mode after a restart would lock viewers out.
        await endRaids(Number.POSITIVE_INFINITY);
      },
    };
  };
}

function label(step: Step) {
  if (step.action === 'warn') return 'warning';
  if (step.action === 'delete') return 'message removed';
  if (step.action === 'ban') return 'banned';
  return `timeout ${step.durationS ?? 600}s`;
}

/** Platforms mark emotes as a count, a list, or a map of emote → positions. */
function emoteCount(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === 'object') {
    let n = 0;
    for (const positions of Object.values(value)) n += Array.isArray(positions) ? positions.length : 1;
    return n;
  }
  return undefined;
}
