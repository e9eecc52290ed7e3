/**
 * The messages the bot posts in ticket channels. Every one names exactly whom it may ping
 * (allowed_mentions), so a subject or a form answer containing @everyone pings no one.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';

const brand = 0x5865f2;

export const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function ticketButtons(ticketId: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: 'Claim',
        custom_id: `ticket:claim:${ticketId}`,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Danger,
        label: 'Close',
        custom_id: `ticket:close:${ticketId}`,
      },
    ],
  };
}

export type OpeningMessageInput = {
  ticketId: string;
  number: number;
  subject: string;
  openerId: string;
  categoryName: string;
  openingMessage: string | null;
  answers: Record<string, string>;
  staffRoleIds: string[];
  source: { url: string; content: string; authorName: string } | null;
  /** Set when the ticket opens outside support hours: the notice to show. */
  outOfHours: string | null;
};

export function openingMessage(input: OpeningMessageInput): RESTPostAPIChannelMessageJSONBody {
  const fields = Object.entries(input.answers)
    .filter(([, value]) => value.trim() !== '')
    .slice(0, 20)
    .map(([name, value]) => ({ name: clip(name, 256), value: clip(value, 1024) }));
  if (input.source) {
    fields.push({
      name: clip(`Message from ${input.source.authorName}`, 256),
      value: clip(
        `${input.source.content ? `> ${input.source.content.replaceAll('\n', '\n> ')}\n` : ''}${input.source.url}`,
        1024,
      ),
    });
  }
  const embeds: APIEmbed[] = [
    {
      title: clip(`#${input.number} · ${input.subject}`, 256),
      description: clip(
        input.openingMessage ??
          'Thanks for reaching out. Describe what you need; staff will be with you shortly.',
        4096,
      ),
      color: brand,
      fields,
      footer: { text: clip(input.categoryName, 2048) },
    },
  ];
  if (input.outOfHours) {
    embeds.push({
      title: 'Outside support hours',
      description: clip(input.outOfHours, 4096),
      color: 0xf0b232,
    });
  }
  const mentions = [`<@${input.openerId}>`, ...input.staffRoleIds.map((id) => `<@&${id}>`)];
  return {
    content: mentions.join(' '),
    allowed_mentions: { parse: [], users: [input.openerId], roles: input.staffRoleIds.slice(0, 100) },
    embeds,
    components: [ticketButtons(input.ticketId)],
  };
}

/** A desk reply: posted by the bot, authored in the embed by the staff member who wrote it. */
export function replyMessage(staffName: string, body: string): RESTPostAPIChannelMessageJSONBody {
  return {
    embeds: [{ author: { name: clip(staffName, 256) }, description: clip(body, 4096), color: brand }],
    allowed_mentions: { parse: [] },
  };
}

/** A one-line notice in the ticket channel (claimed, closed, …) that pings no one. */
export function notice(text: string): RESTPostAPIChannelMessageJSONBody {
  return { content: clip(text, 2000), allowed_mentions: { parse: [] } };
}

export const defaultOutOfHours =
  'You opened this ticket outside our support hours. We have it and will answer when staff are back.';
