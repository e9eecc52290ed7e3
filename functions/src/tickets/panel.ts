/**
 * The panel message members open tickets from: a button per category (Discord allows five per row
 * and five rows) or one select menu, and publishing it: edit the posted message when it still
 * exists, else post it again, and remember the message id.
 */
import { withTenant } from '@homelab/db/client/tenant';
import { ticketCategories, ticketPanels } from '@homelab/db/schema';
import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIMessageComponentEmoji,
  ButtonStyle,
  ComponentType,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import { eq, inArray } from 'drizzle-orm';
import { notFound } from '../lib/errors';
import { clip } from './messages';
import type { TicketDeps } from './service';
import type { CategoryRow } from './store';

export type PanelLike = { title: string; description: string | null; style: 'buttons' | 'select' };
export type PanelCategory = Pick<CategoryRow, 'id' | 'name' | 'description' | 'emoji'>;

function emojiOf(emoji: string | null): APIMessageComponentEmoji | undefined {
  if (!emoji) return undefined;
  const custom = /^<(a?):([\w~]{2,32}):(\d{5,20})>$/.exec(emoji);
  if (custom) return { name: custom[2], id: custom[3], animated: custom[1] === 'a' };
  return { name: emoji };
}

export function buildPanelMessage(
  panel: PanelLike,
  categories: PanelCategory[],
): RESTPostAPIChannelMessageJSONBody {
  const shown = categories.slice(0, 25);
  const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  if (panel.style === 'select') {
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: 'ticket:open',
          placeholder: 'Choose what you need help with',
          min_values: 1,
          max_values: 1,
          options: shown.map((c) => ({
            label: clip(c.name, 100),
            value: c.id,
            description: c.description ? clip(c.description, 100) : undefined,
            emoji: emojiOf(c.emoji),
          })),
        },
      ],
    });
  } else {
    for (let i = 0; i < shown.length; i += 5) {
      rows.push({
        type: ComponentType.ActionRow,
        components: shown.slice(i, i + 5).map((c) => ({
          type: ComponentType.Button,
          style: ButtonStyle.Primary,
          label: clip(c.name, 80),
          custom_id: `ticket:open:${c.id}`,
          emoji: emojiOf(c.emoji),
        })),
      });
    }
  }
  return {
    embeds: [
      {
        title: clip(panel.title, 256),
        description: clip(panel.description ?? 'Open a ticket and our staff will help you privately.', 4096),
        color: 0x5865f2,
      },
    ],
    components: rows,
    allowed_mentions: { parse: [] },
  };
}

const isNotFound = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 404;

/** Posts the panel, or edits it in place when its message still exists; returns where it is. */
export async function publishPanel(deps: Pick<TicketDeps, 'db' | 'rest'>, guildId: string, panelId: string) {
  return withTenant(deps.db, { guildIds: [guildId] }, async (tx) => {
    const [panel] = await tx.select().from(ticketPanels).where(eq(ticketPanels.id, panelId));
    if (!panel) throw notFound('That panel does not exist.');
    const found = panel.categoryIds.length
      ? await tx.select().from(ticketCategories).where(inArray(ticketCategories.id, panel.categoryIds))
      : [];
    // The panel's own order, not the table's.
    const categories = panel.categoryIds.flatMap((id) => found.filter((c) => c.id === id));
    const body = buildPanelMessage(panel, categories);
    let messageId: string | null = null;
    if (panel.messageId) {
      try {
        await deps.rest.patch(`/channels/${panel.channelId}/messages/${panel.messageId}`, body);
        messageId = panel.messageId;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    if (!messageId) {
      const posted = await deps.rest.post<{ id: string }>(`/channels/${panel.channelId}/messages`, body);
      messageId = posted.id;
      await tx.update(ticketPanels).set({ messageId }).where(eq(ticketPanels.id, panel.id));
    }
    return {
      panelId: panel.id,
      channelId: panel.channelId,
      messageId,
      edited: messageId === panel.messageId,
    };
  });
}
