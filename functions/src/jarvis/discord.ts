/**
 * The Approve and Deny buttons of Jarvis's approval requests in Discord (`jarvis:approve:<id>`,
 * `jarvis:deny:<id>`). Only the Discord users the owner listed may decide; the decision is the same
 * transaction, audit row and NOTIFY as on the web, and the message then shows it without buttons.
 */
import { jarvisSettingsKey, readJarvisSettings } from '@homelab/db/jarvis/settings';
import { settings } from '@homelab/db/schema';
import {
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
  InteractionResponseType,
  MessageFlags,
} from 'discord-api-types/v10';
import { eq } from 'drizzle-orm';
import type { HandlerSet, InteractionHandler } from '../discord/types';
import { db } from '../lib/context';
import { decideToolCall } from './decide';

const noPings = { parse: [] };
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function ephemeral(content: string): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: noPings },
  };
}

const decisionButton: InteractionHandler = async (ctx) => {
  const i = ctx.interaction as APIMessageComponentInteraction;
  const [, action = '', id = ''] = i.data.custom_id.split(':');
  const verdict = action === 'approve' ? 'approved' : action === 'deny' ? 'denied' : null;
  if (!verdict || !uuid.test(id)) return ephemeral('This button is out of date.');
  const user = i.member?.user ?? i.user;
  if (!user) return ephemeral('Discord did not say who pressed the button.');

  const { db: database } = db(ctx.c);
  const [row] = await database.select().from(settings).where(eq(settings.key, jarvisSettingsKey));
  if (!readJarvisSettings(row?.value).discordApproverIds.includes(user.id)) {
    return ephemeral('You are not allowed to approve or deny Jarvis’s actions.');
  }

  const label = `discord:${user.username}`;
  const outcome = await decideToolCall(database, id, verdict, {
    source: 'discord',
    id: user.id,
    label,
    audit: { actorKind: 'user', actorId: user.id, requestId: ctx.c.get('requestId') },
  });
  if (!outcome.ok) {
    if (outcome.reason === 'not_found') return ephemeral('This call no longer exists.');
    const who = outcome.call.decidedByLabel ? ` by ${outcome.call.decidedByLabel}` : '';
    return ephemeral(`This call was already decided: ${outcome.call.state}${who}.`);
  }
  const content = `${i.message.content}\n${verdict === 'approved' ? 'Approved' : 'Denied'} by ${label}.`;
  return {
    type: InteractionResponseType.UpdateMessage,
    data: { content: content.slice(0, 2_000), components: [], allowed_mentions: noPings },
  };
};

export const jarvisHandlers: HandlerSet = { components: { jarvis: decisionButton } };
