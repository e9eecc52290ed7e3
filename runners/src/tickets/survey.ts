/** The exit survey sent to a ticket's opener by DM: a line of text and five star buttons. */

/** The custom_id the functions' survey handler reads: guild first, because a DM carries no guild. */
export function surveyCustomId(guildId: string, ticketId: string, stars: number) {
  return `survey:${guildId}:${ticketId}:${stars}`;
}

export function surveyMessage(input: {
  guildId: string;
  guildName: string;
  ticketId: string;
  ticketNumber: number;
  subject: string;
}) {
  return {
    content: `Your ticket #${input.ticketNumber} (${input.subject}) in **${input.guildName}** was closed. How did we do? Pick 1 to 5 stars.`,
    allowed_mentions: { parse: [] },
    components: [
      {
        type: 1,
        components: [1, 2, 3, 4, 5].map((stars) => ({
          type: 2,
          style: 2,
          label: `${stars} ${stars === 1 ? 'star' : 'stars'}`,
          emoji: { name: '⭐' },
          custom_id: surveyCustomId(input.guildId, input.ticketId, stars),
        })),
      },
    ],
  };
}
