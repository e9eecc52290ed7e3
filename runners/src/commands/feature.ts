/**
 * Custom commands in chat: a tenant's commands matched by name or alias, gated by platform, level,
 * cooldowns and cost, their reply rendered from the stored template; plus the built-ins that manage
 * them from chat (`!cmd`, `!counter`, `!commands`).
 */
import { changeBalance } from '@homelab/db/stream/currency';
import { renderTemplate } from '@homelab/db/stream/template';
import { fitChat, levelAtLeast } from '../bot/engine';
import type { BotDeps, BotEvent, Feature, FeatureFactory } from '../bot/types';
import { createCooldowns } from './cooldowns';
import { manageCommands } from './manage';
import { type CustomCommand, commandCache, loadTenantCommands } from './store';
import { type Caller, variableContext } from './variables';

const maxReply = 500;

export const commandsFeature: FeatureFactory = (deps: BotDeps): Feature => {
  const cache = commandCache((tenantId) => loadTenantCommands(deps.pool.sql, deps.log, tenantId));
  const cooldowns = createCooldowns(() => deps.clock.now());
  const uses = new Map<string, number>();

  function callerOf(ctx: BotEvent): Caller {
    return {
      tenantId: ctx.event.tenantId,
      channel: ctx.channel,
      platform: ctx.event.platform,
      userId: ctx.event.userId,
      userName: ctx.event.userName ?? ctx.event.userId ?? 'someone',
      viewerId: () => ctx.viewerId(),
      settings: ctx.settings,
      commands: () => cache.get(ctx.event.tenantId),
    };
  }

  /** Whether a cooldown holds the command back for this caller; starts nothing. */
  function coolingDown(ctx: BotEvent, command: CustomCommand): boolean {
    if (levelAtLeast(ctx.level, 'moderator')) return false;
    const key = `${ctx.channel.channelId}:${command.id}`;
    return (
      cooldowns.remaining(key) > 0 ||
      (ctx.event.userId !== null && cooldowns.remaining(`${key}:${ctx.event.userId}`) > 0)
    );
  }

  function startCooldowns(ctx: BotEvent, command: CustomCommand) {
    if (levelAtLeast(ctx.level, 'moderator')) return;
    const key = `${ctx.channel.channelId}:${command.id}`;
    cooldowns.start(key, command.globalCooldownS);
    if (ctx.event.userId) cooldowns.start(`${key}:${ctx.event.userId}`, command.userCooldownS);
  }

  /** Takes the command's cost; false (and a short answer, nothing taken) when the caller cannot pay. */
  async function charge(ctx: BotEvent, command: CustomCommand): Promise<boolean> {
    if (command.cost <= 0) return true;
    const viewerId = await ctx.viewerId();
    if (!viewerId) return false;
    const result = await changeBalance(deps.pool.db, {
      tenantId: ctx.event.tenantId,
      viewerId,
      delta: -command.cost,
      reason: 'command',
      ref: command.name,
    });
    if (!result.ok) {
      const currency = ctx.settings.currency.name;
      ctx.reply(`!${command.name} costs ${command.cost} ${currency}; you have ${result.balance}.`, {
        as: 'reply',
      });
    }
    return result.ok;
  }

  /** Gives the cost back when the reply could not be made after all. */
  async function refund(ctx: BotEvent, command: CustomCommand) {
    const viewerId = command.cost > 0 ? await ctx.viewerId() : null;
    if (!viewerId) return;
    await changeBalance(deps.pool.db, {
      tenantId: ctx.event.tenantId,
      viewerId,
      delta: command.cost,
      reason: 'refund',
      ref: command.name,
    });
  }

  async function flushUses() {
    if (uses.size === 0) return;
    const batch = [...uses].map(([id, n]) => ({ id, n }));
    uses.clear();
    await deps.pool.sql`
      update bot_commands c set uses = c.uses + x.n
      from jsonb_to_recordset(${JSON.stringify(batch)}::text::jsonb) as x(id uuid, n bigint)
      where c.id = x.id`;
  }

  return {
    name: 'commands',
    commands: manageCommands(deps, cache),

    async onCommand(ctx, name, args) {
      const command = (await cache.get(ctx.event.tenantId)).byName.get(name);
      if (!command?.enabled || !command.platforms.includes(ctx.event.platform)) return false;
      if (!(await ctx.allows(command.minLevel))) return true;
      if (!command.template) {
        deps.log.warn('skipped a custom command whose template no longer parses', {
          tenantId: ctx.event.tenantId,
          command: command.name,
        });
        return true;
      }
      if (coolingDown(ctx, command)) return true;
      if (!(await charge(ctx, command))) return true;
      startCooldowns(ctx, command);
      uses.set(command.id, (uses.get(command.id) ?? 0) + 1);
      let text: string;
      try {
        text = await renderTemplate(
          command.template,
          variableContext(deps, callerOf(ctx), { args, maxLength: maxReply }),
          { maxLength: maxReply },
        );
      } catch (error) {
        await refund(ctx, command);
        throw error;
      }
      const reply = fitChat(text, maxReply);
      if (reply) ctx.reply(reply, { as: command.responseType });
      return true;
    },

    invalidate(tenantId) {
      cache.invalidate(tenantId);
    },

    async tick() {
      await flushUses();
    },

    async stop() {
      await flushUses();
    },
  };
};
