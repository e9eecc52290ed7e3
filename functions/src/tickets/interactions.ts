/**
 * Tickets in Discord: `/ticket …`, the "Open ticket from message" menu, the panel and ticket
 * buttons, the forms and the exit survey. Answers that need Discord calls of their own (creating a
 * channel) are deferred and finished by editing the original response; refusals are ephemeral.
 */
import { withTenant } from '@homelab/db/client/tenant';
import { DiscordApiError } from '@homelab/db/discord/rest';
import { ticketCategories, ticketPanels } from '@homelab/db/schema';
import {
  type APIApplicationCommandInteractionDataBasicOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessageApplicationCommandInteraction,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  type APIUser,
  ApplicationCommandOptionType,
  ButtonStyle,
  ComponentType,
  InteractionResponseType,
  MessageFlags,
} from 'discord-api-types/v10';
import { asc, eq } from 'drizzle-orm';
import type { HandlerSet, InteractionContext, InteractionHandler } from '../discord/types';
import { db } from '../lib/context';
import { ApiError } from '../lib/errors';
import { log } from '../lib/log';
import { openFromMessageName, ticketCommandName, ticketDefinitions } from './definitions';
import { closeReasonModal, formAnswers, modalValues, surveyCommentModal, ticketFormModal } from './modals';
import { buildPanelMessage, publishPanel } from './panel';
import {
  type Actor,
  addMember,
  addNote,
  claimTicket,
  closeTicket,
  commentOnRating,
  ensureGuild,
  findTicket,
  markAwaitingUser,
  mayAct,
  notStaffMessage,
  type OpenTicketInput,
  openTicket,
  rateTicket,
  releaseTicket,
  removeMember,
  renameTicket,
  reopenTicket,
  setPriority,
  type TicketDeps,
  ticketInChannel,
  transferTicket,
} from './service';
import { canManageGuild } from './staff';
import { uuidPattern } from './store';

const noPings = { parse: [] };

export function ephemeral(content: string): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: noPings },
  };
}

const deferredEphemeral: APIInteractionResponse = {
  type: InteractionResponseType.DeferredChannelMessageWithSource,
  data: { flags: MessageFlags.Ephemeral },
};

const depsOf = (ctx: InteractionContext): TicketDeps => ({
  db: db(ctx.c).db,
  rest: ctx.rest,
  botUserId: ctx.applicationId,
});

const userOf = (i: APIInteraction): APIUser | undefined => i.member?.user ?? i.user;
const displayName = (i: APIInteraction) => {
  const user = userOf(i);
  return i.member?.nick ?? user?.global_name ?? user?.username ?? 'someone';
};

function actorOf(i: APIInteraction): Extract<Actor, { via: 'discord' }> | null {
  if (!i.member) return null;
  return {
    via: 'discord',
    id: i.member.user.id,
    name: displayName(i),
    member: { roles: i.member.roles, permissions: i.member.permissions },
  };
}

/** What a person sees when an operation refuses or Discord does. */
function explain(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof DiscordApiError) {
    return error.status === 403
      ? 'Discord refused: the bot is missing a permission here (Manage Channels, Manage Roles or Send Messages).'
      : 'Discord did not accept the change. Try again in a moment.';
  }
  log('error', 'ticket interaction failed', {
    error: error instanceof Error ? error.message : String(error),
  });
  return 'Something went wrong with this ticket action. Try again in a moment.';
}

/** Turns refusals into an ephemeral answer instead of a failed interaction. */
async function answering(work: () => Promise<APIInteractionResponse>): Promise<APIInteractionResponse> {
  try {
    return await work();
  } catch (error) {
    return ephemeral(explain(error));
  }
}

const notInGuild = ephemeral('Tickets work inside a server.');

// ── opening ─────────────────────────────────────────────────────────────────

async function loadCategory(deps: TicketDeps, guildId: string, wanted: string | null) {
  return withTenant(deps.db, { guildIds: [guildId] }, async (tx) => {
    const all = await tx
      .select()
      .from(ticketCategories)
      .orderBy(asc(ticketCategories.position), asc(ticketCategories.createdAt));
    const hit = wanted
      ? all.find((c) => c.id === wanted || c.name.toLowerCase() === wanted.trim().toLowerCase())
      : undefined;
    return hit ?? all[0] ?? null;
  });
}

/** Opens in the background and reports back in the deferred (ephemeral) answer. */
function openDeferred(ctx: InteractionContext, input: OpenTicketInput): APIInteractionResponse {
  const deps = depsOf(ctx);
  ctx.defer(async () => {
    try {
      const { ticket, channelId } = await openTicket(deps, input);
      await ctx.editOriginal({
        content: `Ticket #${ticket.number} is open: <#${channelId}>`,
        allowed_mentions: noPings,
      });
    } catch (error) {
      await ctx.editOriginal({ content: explain(error), allowed_mentions: noPings });
    }
  });
  return deferredEphemeral;
}

/** A category with a form asks it first; without one the ticket opens straight away. */
async function startOpen(
  ctx: InteractionContext,
  guildId: string,
  category: string | null,
  subject: string | null,
): Promise<APIInteractionResponse> {
  const deps = depsOf(ctx);
  await ensureGuild(deps, guildId);
  const found = await loadCategory(deps, guildId, category);
  if (found && found.form.length > 0) return ticketFormModal(found.id, found.name, found.form, subject);
  return openDeferred(ctx, {
    guildId,
    category: found?.id ?? null,
    opener: { id: userOf(ctx.interaction)!.id, name: displayName(ctx.interaction) },
    subject,
  });
}

// ── /ticket ─────────────────────────────────────────────────────────────────

function subcommandOf(i: APIChatInputApplicationCommandInteraction) {
  const first = i.data.options?.[0];
  if (!first || first.type !== ApplicationCommandOptionType.Subcommand) return null;
  const options = new Map<string, APIApplicationCommandInteractionDataBasicOption>();
  for (const option of first.options ?? []) options.set(option.name, option);
  const text = (name: string) => {
    const value = options.get(name)?.value;
    return typeof value === 'string' ? value : null;
  };
  return { name: first.name, text };
}

const priorities = ['low', 'normal', 'high', 'urgent'] as const;

async function postPanelHere(ctx: InteractionContext, guildId: string, channelId: string) {
  const deps = depsOf(ctx);
  await ensureGuild(deps, guildId);
  const [panel] = await withTenant(deps.db, { guildIds: [guildId] }, (tx) =>
    tx.select().from(ticketPanels).orderBy(asc(ticketPanels.createdAt)).limit(1),
  );
  if (panel) {
    // The guild's panel moves here: publishing posts it anew and remembers this message.
    await withTenant(deps.db, { guildIds: [guildId] }, (tx) =>
      tx.update(ticketPanels).set({ channelId, messageId: null }).where(eq(ticketPanels.id, panel.id)),
    );
    await publishPanel(deps, guildId, panel.id);
    return;
  }
  const categories = await withTenant(deps.db, { guildIds: [guildId] }, (tx) =>
    tx
      .select()
      .from(ticketCategories)
      .orderBy(asc(ticketCategories.position), asc(ticketCategories.createdAt)),
  );
  const body = categories.length
    ? buildPanelMessage({ title: 'Support', description: null, style: 'buttons' }, categories)
    : {
        ...buildPanelMessage({ title: 'Support', description: null, style: 'buttons' }, []),
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Primary,
                label: 'Open a ticket',
                custom_id: 'ticket:open:any',
              },
            ],
          },
        ],
      };
  await deps.rest.post(`/channels/${channelId}/messages`, body);
}

const ticketCommand: InteractionHandler = (ctx) =>
  answering(async () => {
    const i = ctx.interaction as APIChatInputApplicationCommandInteraction;
    const guildId = i.guild_id;
    const actor = actorOf(i);
    const sub = subcommandOf(i);
    if (!guildId || !actor || !i.channel) return notInGuild;
    if (!sub) return ephemeral('Pick a /ticket subcommand.');
    const channelId = i.channel.id;

    if (sub.name === 'open') return startOpen(ctx, guildId, sub.text('category'), sub.text('subject'));
    if (sub.name === 'panel') {
      if (!canManageGuild(actor.member.permissions))
        return ephemeral('Only server admins (Manage Server) can post the panel.');
      ctx.defer(async () => {
        try {
          await postPanelHere(ctx, guildId, channelId);
          await ctx.editOriginal({ content: 'Panel posted.', allowed_mentions: noPings });
        } catch (error) {
          await ctx.editOriginal({ content: explain(error), allowed_mentions: noPings });
        }
      });
      return deferredEphemeral;
    }

    const deps = depsOf(ctx);
    const loaded = await ticketInChannel(deps.db, guildId, channelId);
    if (!loaded) return ephemeral('Use this inside a ticket channel.');
    const id = loaded.ticket.id;
    const n = `#${loaded.ticket.number}`;
    const user = (name: string) => {
      const value = i.data.options?.[0];
      const option =
        value?.type === ApplicationCommandOptionType.Subcommand
          ? value.options?.find((o) => o.name === name)
          : undefined;
      const userId = typeof option?.value === 'string' ? option.value : '';
      const resolved = i.data.resolved?.users?.[userId];
      return { id: userId, name: resolved?.global_name ?? resolved?.username };
    };
    switch (sub.name) {
      case 'claim':
        await claimTicket(deps, guildId, id, actor);
        return ephemeral(`You claimed ticket ${n}.`);
      case 'release':
        await releaseTicket(deps, guildId, id, actor);
        return ephemeral(`You released ticket ${n}.`);
      case 'close':
        await closeTicket(deps, guildId, id, actor, sub.text('reason'));
        return ephemeral(`Ticket ${n} is closed.`);
      case 'reopen':
        await reopenTicket(deps, guildId, id, actor);
        return ephemeral(`Ticket ${n} is open again.`);
      case 'add':
        await addMember(deps, guildId, id, actor, user('user').id);
        return ephemeral(`Added <@${user('user').id}> to ticket ${n}.`);
      case 'remove':
        await removeMember(deps, guildId, id, actor, user('user').id);
        return ephemeral(`Removed <@${user('user').id}> from ticket ${n}.`);
      case 'rename': {
        const { name } = await renameTicket(deps, guildId, id, actor, sub.text('name') ?? '');
        return ephemeral(`Renamed to ${name}.`);
      }
      case 'priority': {
        const level = priorities.find((p) => p === sub.text('level'));
        if (!level) return ephemeral('Pick low, normal, high or urgent.');
        await setPriority(deps, guildId, id, actor, level);
        return ephemeral(`Ticket ${n} is now ${level} priority.`);
      }
      case 'transfer':
        await transferTicket(deps, guildId, id, actor, user('user'));
        return ephemeral(`Ticket ${n} now belongs to <@${user('user').id}>.`);
      case 'note':
        await addNote(deps, guildId, id, actor, sub.text('text') ?? '');
        return ephemeral('Note saved. Only staff see it, in the ticket desk.');
      case 'awaiting':
        await markAwaitingUser(deps, guildId, id, actor);
        return ephemeral(`Ticket ${n} is waiting for the member's answer.`);
      default:
        return ephemeral(`/ticket ${sub.name} is not available.`);
    }
  });

const openFromMessage: InteractionHandler = (ctx) =>
  answering(async () => {
    const i = ctx.interaction as APIMessageApplicationCommandInteraction;
    if (!i.guild_id || !i.member) return notInGuild;
    const message = i.data.resolved.messages[i.data.target_id];
    if (!message) return ephemeral('That message is not available.');
    const url = `https://discord.com/channels/${i.guild_id}/${message.channel_id}/${message.id}`;
    const author = message.author.global_name ?? message.author.username;
    const subject = message.content.trim() ? message.content.trim().slice(0, 100) : `Message from ${author}`;
    await ensureGuild(depsOf(ctx), i.guild_id);
    return openDeferred(ctx, {
      guildId: i.guild_id,
      category: null,
      opener: { id: i.member.user.id, name: displayName(i) },
      subject,
      source: { url, content: message.content.slice(0, 900), authorName: author },
    });
  });

// ── buttons and selects ─────────────────────────────────────────────────────

const confirmRow = (ticketId: string) => ({
  type: ComponentType.ActionRow as const,
  components: [
    {
      type: ComponentType.Button as const,
      style: ButtonStyle.Danger as const,
      label: 'Confirm',
      custom_id: `ticket:closeconfirm:${ticketId}`,
    },
    {
      type: ComponentType.Button as const,
      style: ButtonStyle.Secondary as const,
      label: 'Cancel',
      custom_id: `ticket:closecancel:${ticketId}`,
    },
  ],
});

const ticketComponent: InteractionHandler = (ctx) =>
  answering(async () => {
    const i = ctx.interaction as APIMessageComponentInteraction;
    const [, action = '', arg = ''] = i.data.custom_id.split(':');
    const guildId = i.guild_id;
    const actor = actorOf(i);
    if (!guildId || !actor) return notInGuild;

    if (action === 'open') {
      const chosen = i.data.component_type === ComponentType.StringSelect ? (i.data.values[0] ?? null) : arg;
      return startOpen(ctx, guildId, chosen && uuidPattern.test(chosen) ? chosen : null, null);
    }
    if (!uuidPattern.test(arg)) return ephemeral('This button is out of date.');
    const deps = depsOf(ctx);
    switch (action) {
      case 'claim': {
        const ticket = await claimTicket(deps, guildId, arg, actor);
        return ephemeral(`You claimed ticket #${ticket.number}.`);
      }
      case 'release': {
        const ticket = await releaseTicket(deps, guildId, arg, actor);
        return ephemeral(`You released ticket #${ticket.number}.`);
      }
      case 'reopen': {
        const ticket = await reopenTicket(deps, guildId, arg, actor);
        return ephemeral(`Ticket #${ticket.number} is open again.`);
      }
      case 'close': {
        const loaded = await findTicket(deps.db, guildId, arg);
        if (!loaded) return ephemeral('That ticket does not exist (any more).');
        if (!mayAct(actor, loaded, true)) return ephemeral(notStaffMessage);
        if (loaded.ticket.status === 'closed')
          return ephemeral(`Ticket #${loaded.ticket.number} is already closed.`);
        return {
          type: InteractionResponseType.ChannelMessageWithSource,
          data: {
            content: `Close ticket #${loaded.ticket.number}?`,
            flags: MessageFlags.Ephemeral,
            components: [confirmRow(arg)],
            allowed_mentions: noPings,
          },
        };
      }
      case 'closeconfirm': {
        const loaded = await findTicket(deps.db, guildId, arg);
        if (!loaded) return ephemeral('That ticket does not exist (any more).');
        if (!mayAct(actor, loaded, true)) return ephemeral(notStaffMessage);
        return closeReasonModal(arg, loaded.ticket.number);
      }
      case 'closecancel':
        return {
          type: InteractionResponseType.UpdateMessage,
          data: { content: 'The ticket stays open.', components: [], allowed_mentions: noPings },
        };
      default:
        return ephemeral('This button is not available any more.');
    }
  });

/** survey:<guildId>:<ticketId>:<stars> — in the opener's DMs, so the guild travels in the id. */
const surveyComponent: InteractionHandler = (ctx) =>
  answering(async () => {
    const i = ctx.interaction as APIMessageComponentInteraction;
    const [, guildId = '', ticketId = '', starsText = ''] = i.data.custom_id.split(':');
    const stars = Number(starsText);
    // Whole stars only: the survey offers five buttons.
    const user = userOf(i);
    if (
      !/^\d{5,20}$/.test(guildId) ||
      !uuidPattern.test(ticketId) ||
      !(Number.isInteger(stars) && stars >= 1 && stars <= 5) ||
      !user
    ) {
      return ephemeral('This survey is out of date.');
    }
    await rateTicket(db(ctx.c).db, guildId, ticketId, user.id, stars);
    return surveyCommentModal(guildId, ticketId, stars);
  });

// ── modals ──────────────────────────────────────────────────────────────────

const formSubmit: InteractionHandler = (ctx) =>
  answering(async () => {
    const i = ctx.interaction as APIModalSubmitInteraction;
    const categoryId = i.data.custom_id.split(':')[1] ?? '';
    if (!i.guild_id || !i.member) return notInGuild;
    const deps = depsOf(ctx);
    const category = uuidPattern.test(categoryId) ? await loadCategory(deps, i.guild_id, categoryId) : null;
    if (!category || category.id !== categoryId) return ephemeral('That ticket category no longer exists.');
    const values = modalValues(i.data);
    return openDeferred(ctx, {
      guildId: i.guild_id,
      category: category.id,
      opener: { id: i.member.user.id, name: displayName(i) },
      subject: values.subject?.trim() || null,
      answers: formAnswers(category.form, values),
    });
  });

const closeSubmit: InteractionHandler = (ctx) =>
  answering(async () => {
    const i = ctx.interaction as APIModalSubmitInteraction;
    const ticketId = i.data.custom_id.split(':')[1] ?? '';
    const actor = actorOf(i);
    if (!i.guild_id || !actor) return notInGuild;
    if (!uuidPattern.test(ticketId)) return ephemeral('This form is out of date.');
    const reason = modalValues(i.data).reason?.trim() || null;
    const ticket = await closeTicket(depsOf(ctx), i.guild_id, ticketId, actor, reason);
    return ephemeral(`Ticket #${ticket.number} is closed.`);
  });

const surveyCommentSubmit: InteractionHandler = (ctx) =>
  answering(async () => {
    const i = ctx.interaction as APIModalSubmitInteraction;
    const [, guildId = '', ticketId = '', starsText = ''] = i.data.custom_id.split(':');
    const user = userOf(i);
    if (!/^\d{5,20}$/.test(guildId) || !uuidPattern.test(ticketId) || !user)
      return ephemeral('This survey is out of date.');
    const comment = modalValues(i.data).comment?.trim();
    if (comment) await commentOnRating(db(ctx.c).db, guildId, ticketId, user.id, comment.slice(0, 1000));
    const stars = Math.max(1, Math.min(5, Number(starsText) || 1));
    return {
      type: InteractionResponseType.UpdateMessage,
      data: {
        content: `Thank you for your feedback: ${'★'.repeat(stars)}${'☆'.repeat(5 - stars)}`,
        components: [],
        allowed_mentions: noPings,
      },
    };
  });

export const ticketHandlers: HandlerSet = {
  commands: { [ticketCommandName]: ticketCommand, [openFromMessageName]: openFromMessage },
  components: { ticket: ticketComponent, survey: surveyComponent },
  modals: { ticketform: formSubmit, ticketclose: closeSubmit, surveycomment: surveyCommentSubmit },
  definitions: ticketDefinitions,
};
