/**
 * AI in chat: the channel's persona answers a mention of its name or its command, with the last
 * chat lines as (untrusted) context, and `!fact`/`!snapple` (or a timer while live) tells a short
 * Snapple-style fact the channel has not heard lately. Rate limits, the tenant's daily token budget
 * and a safety pass (moderation model, banned words, links, system-prompt leaks, length) sit
 * between the model and chat; whenever the model cannot answer a direct ask, the persona's
 * fallback line is said instead, never an error and never silence.
 */

import {
  askTurn,
  contextTurn,
  mentions,
  type Persona,
  systemPrompt,
} from '@homelab/db/stream/persona-prompt';
import type { BotDeps, BotEvent, Feature, FeatureFactory } from '../bot/types';
import type { JoinedChannel } from '../chat/types';
import { tenantCache } from '../giveaways/announce';
import { entryLimiter } from '../giveaways/feature';
import { type AiClient, type AiOptions, type ChatTurn, createAiClient } from './client';
import { factRequest, recentFactsRemembered, repeatsRecent } from './facts';
import { loadPersona } from './persona';
import { bannedMatcher, checkOutput } from './safety';
import { addUsage, tokensUsed, utcDay } from './usage';

const factCooldownMs = 30_000;
const personaTtlMs = 10_000;
const answerTokens = 120;
const factTokens = 90;
const factsKept = 200;

type Line = { user: string; text: string };

export function createAiFeature(options: { ai: AiOptions }): FeatureFactory {
  return (deps: BotDeps): Feature => aiFeature(deps, createAiClient(options.ai));
}

function aiFeature(deps: BotDeps, ai: AiClient): Feature {
  const sql = deps.pool.sql;
  const now = () => deps.clock.now();
  const limiter = entryLimiter(now);
  const personas = new Map<string, ReturnType<typeof tenantCache<Persona>>>();
  const memory = new Map<string, Line[]>();
  const lastFactAt = new Map<string, number>();
  const lastTimerFactAt = new Map<string, number>();
  /** Tenants told today that the budget ran out: they hear the fallback once, then nothing. */
  const outOfBudget = new Map<string, string>();
  const pending = new Set<Promise<unknown>>();

  const personaFor = (channel: JoinedChannel) => {
    let cache = personas.get(channel.channelId);
    if (!cache) {
      cache = tenantCache(deps, personaTtlMs, () => loadPersona(sql, channel.tenantId, channel.channelId));
      personas.set(channel.channelId, cache);
    }
    return cache.get(channel.tenantId);
  };

  function remember(channelId: string, line: Line, keep: number) {
    const lines = memory.get(channelId) ?? [];
    lines.push(line);
    while (lines.length > Math.max(keep, 1)) lines.shift();
    memory.set(channelId, lines);
  }

  /** The budget check: true when the call may go ahead; on the first refusal of the day, says so. */
  async function withinBudget(tenantId: string, persona: Persona, say: (text: string) => void) {
    if (persona.dailyTokenBudget === 0) return true;
    const day = utcDay(now());
    if ((await tokensUsed(sql, tenantId, day)) < persona.dailyTokenBudget) return true;
    if (outOfBudget.get(tenantId) !== day) {
      outOfBudget.set(tenantId, day);
      say(persona.fallback);
      await addUsage(sql, tenantId, day, { fallbacks: 1 });
    }
    return false;
  }

  /**
   * One model call through the safety pass: the text to say, or null (the reason is logged and
   * counted as a fallback). `accept` lets facts refuse a repeat and ask again once.
   */
  async function generate(
    channel: JoinedChannel,
    persona: Persona,
    system: string,
    turns: ChatTurn[],
    maxTokens: number,
    banned: RegExp | null,
  ): Promise<string | null> {
    const day = utcDay(now());
    const result = await ai.complete([{ role: 'system', content: system }, ...turns], maxTokens);
    if (!result.ok) {
      deps.log.info('AI answer fell back', { tenantId: channel.tenantId, reason: result.reason });
      await addUsage(sql, channel.tenantId, day, { requests: result.reason === 'no_key' ? 0 : 1 });
      return null;
    }
    await addUsage(sql, channel.tenantId, day, {
      promptTokens: result.promptTokens,
      completionTokens: result.completionTokens,
      requests: 1,
    });
    const verdict = checkOutput(result.text, { name: persona.name, systemPrompt: system, banned });
    if (!verdict.ok) {
      deps.log.warn('AI answer refused by the safety pass', {
        tenantId: channel.tenantId,
        reason: verdict.reason,
      });
      return null;
    }
    const moderation = await ai.moderate(verdict.text);
    // Self-hosted servers have no moderation endpoint: the local checks above are then all there is.
    if (!moderation.ok && moderation.reason !== 'unavailable') {
      deps.log.info('AI answer fell back: moderation failed', {
        tenantId: channel.tenantId,
        reason: moderation.reason,
      });
      return null;
    }
    if (moderation.ok && moderation.flagged) {
      deps.log.warn('AI answer flagged by the moderation model', {
        tenantId: channel.tenantId,
        categories: moderation.categories,
      });
      return null;
    }
    return verdict.text;
  }

  async function fallback(channel: JoinedChannel, persona: Persona, say: (text: string) => void) {
    say(persona.fallback);
    await addUsage(sql, channel.tenantId, utcDay(now()), { fallbacks: 1 });
  }

  async function answer(ctx: BotEvent, persona: Persona, question: string, context: Line[]) {
    const { channel, event } = ctx;
    const userKey = `${channel.channelId}:${event.userId}`;
    if (persona.perUserPerMinute > 0 && !limiter.allow(`u:${userKey}`, persona.perUserPerMinute)) return;
    if (
      persona.perChannelPerMinute > 0 &&
      !limiter.allow(`c:${channel.channelId}`, persona.perChannelPerMinute)
    )
      return;
    const say = (text: string) => ctx.reply(text, { as: 'reply' });
    if (!(await withinBudget(channel.tenantId, persona, say))) return;
    const system = systemPrompt(persona, 'chat');
    const turns: ChatTurn[] = [];
    if (context.length)
      turns.push({
        role: 'user',
        content: contextTurn(context),
      });
    turns.push({
      role: 'user',
      content: askTurn(event.userName ?? 'A viewer', question),
    });
    const text = await generate(
      channel,
      persona,
      system,
      turns,
      answerTokens,
      bannedMatcher(ctx.settings.moderation.banned),
    );
    if (text) say(text);
    else await fallback(channel, persona, say);
  }

  async function recentFacts(channelId: string): Promise<string[]> {
    const rows = await sql<{ fact: string }[]>`
      select fact from ai_facts where channel_id = ${channelId} order by id desc limit ${recentFactsRemembered}`;
    return rows.map((r) => r.fact);
  }

  async function storeFact(channel: JoinedChannel, fact: string) {
    await sql`insert into ai_facts (tenant_id, channel_id, fact) values (${channel.tenantId}, ${channel.channelId}, ${fact})`;
    await sql`
      delete from ai_facts where channel_id = ${channel.channelId}
        and id < (select min(id) from (select id from ai_facts where channel_id = ${channel.channelId} order by id desc limit ${factsKept}) kept)`;
  }

  /** A new fact for the channel, or null when the model failed, was unsafe or only repeated itself. */
  async function newFact(channel: JoinedChannel, persona: Persona, banned: RegExp | null) {
    const recent = await recentFacts(channel.channelId);
    const system = systemPrompt(persona, 'fact');
    for (const retry of [false, true]) {
      const fact = await generate(
        channel,
        persona,
        system,
        [{ role: 'user', content: factRequest(recent, retry) }],
        factTokens,
        banned,
      );
      if (!fact) return null;
      if (!repeatsRecent(fact, recent)) {
        await storeFact(channel, fact);
        return fact;
      }
      deps.log.info('AI fact repeated a recent one', { tenantId: channel.tenantId, retry });
    }
    return null;
  }

  async function factCommand(ctx: BotEvent) {
    const { channel } = ctx;
    const persona = await personaFor(channel);
    if (!persona.enabled) return;
    const at = now();
    if (at - (lastFactAt.get(channel.channelId) ?? -Infinity) < factCooldownMs) return;
    lastFactAt.set(channel.channelId, at);
    const say = (text: string) => ctx.reply(text);
    if (!(await withinBudget(channel.tenantId, persona, say))) return;
    const fact = await newFact(channel, persona, bannedMatcher(ctx.settings.moderation.banned));
    if (fact) say(fact);
    else await fallback(channel, persona, say);
  }

  async function timerFact(channel: JoinedChannel, at: number) {
    const persona = await personaFor(channel);
    if (!persona.enabled || persona.factEveryMinutes <= 0 || !deps.live(channel.channelId).live) return;
    const last = lastTimerFactAt.get(channel.channelId);
    if (last === undefined) {
      // The first tick after going live starts the clock rather than posting at once.
      lastTimerFactAt.set(channel.channelId, at);
      return;
    }
    if (at - last < persona.factEveryMinutes * 60_000) return;
    lastTimerFactAt.set(channel.channelId, at);
    lastFactAt.set(channel.channelId, at);
    const silent = () => {};
    if (!(await withinBudget(channel.tenantId, persona, silent))) return;
    const settings = await deps.settings(channel.tenantId);
    // Nobody asked: a timer that cannot produce a fact stays quiet rather than posting the fallback.
    const fact = await newFact(channel, persona, bannedMatcher(settings.moderation.banned));
    if (fact) deps.send(channel.channelId, fact);
  }

  const track = <T>(work: Promise<T>) => {
    pending.add(work);
    work.finally(() => pending.delete(work)).catch(() => {});
    return work;
  };

  return {
    name: 'streamai',
    commands: [
      {
        name: 'fact',
        aliases: ['snapple'],
        minLevel: 'everyone',
        description: 'A short, fun Snapple-style fact (once every 30 seconds per channel)',
        run: (ctx) => track(factCommand(ctx)),
      },
    ],

    async onEvent(ctx) {
      const { event, channel } = ctx;
      if ((event.kind !== 'message' && event.kind !== 'command') || !event.text) return;
      const persona = await personaFor(channel);
      const context = (memory.get(channel.channelId) ?? []).slice(-persona.memory);
      remember(
        channel.channelId,
        { user: event.userName ?? 'viewer', text: event.text.slice(0, 300) },
        Math.max(persona.memory, 1),
      );
      if (!persona.enabled) return;
      const command =
        event.kind === 'command' ? (event.detail as { command?: string; args?: string[] }) : null;
      let question: string | null = null;
      if (command?.command && command.command === persona.command.toLowerCase()) {
        question = (command.args ?? []).join(' ').trim() || 'hi';
        ctx.handled = true;
      } else if (event.kind === 'message' && persona.onMention && mentions(event.text, persona.name)) {
        question = event.text;
      }
      if (question === null) return;
      await track(answer(ctx, persona, question, persona.memory > 0 ? context : []));
    },

    async tick(at) {
      for (const channel of deps.channels()) await timerFact(channel, at);
      limiter.sweep();
    },

    invalidate(tenantId) {
      for (const channel of deps.channels())
        if (channel.tenantId === tenantId) personas.get(channel.channelId)?.drop(tenantId);
    },

    async stop() {
      await Promise.allSettled([...pending]);
    },
  };
}
