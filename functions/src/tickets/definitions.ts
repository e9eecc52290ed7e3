/** The ticket commands as Discord registers them: `/ticket …` and the message menu "Open ticket from message". */
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

export const ticketCommandName = 'ticket';
export const openFromMessageName = 'Open ticket from message';

const sub = (
  name: string,
  description: string,
  options: APIApplicationCommandBasicOption[] = [],
): APIApplicationCommandSubcommandOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  name,
  description,
  options,
});
const user = (description: string): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.User,
  name: 'user',
  description,
  required: true,
});

const guildOnly = {
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  dm_permission: false,
};

export const ticketDefinitions = [
  {
    type: ApplicationCommandType.ChatInput,
    name: ticketCommandName,
    description: 'Support tickets',
    ...guildOnly,
    options: [
      sub('open', 'Open a support ticket', [
        {
          type: ApplicationCommandOptionType.String,
          name: 'category',
          description: 'What it is about (a ticket category name)',
          max_length: 80,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'subject',
          description: 'A short subject',
          max_length: 100,
        },
      ]),
      sub('panel', 'Post the ticket panel in this channel (admins)'),
      sub('claim', 'Claim this ticket'),
      sub('release', 'Release your claim on this ticket'),
      sub('close', 'Close this ticket', [
        { type: ApplicationCommandOptionType.String, name: 'reason', description: 'Why', max_length: 500 },
      ]),
      sub('reopen', 'Reopen this ticket'),
      sub('add', 'Add someone to this ticket', [user('Who to add')]),
      sub('remove', 'Remove someone from this ticket', [user('Who to remove')]),
      sub('rename', 'Rename this ticket channel', [
        {
          type: ApplicationCommandOptionType.String,
          name: 'name',
          description: 'The new name',
          required: true,
          max_length: 100,
        },
      ]),
      sub('priority', 'Set the priority', [
        {
          type: ApplicationCommandOptionType.String,
          name: 'level',
          description: 'Priority',
          required: true,
          choices: ['low', 'normal', 'high', 'urgent'].map((v) => ({ name: v, value: v })),
        },
      ]),
      sub('transfer', 'Hand this ticket to another staff member', [user('Who takes it over')]),
      sub('note', 'Add a note only staff can see (kept in the desk)', [
        {
          type: ApplicationCommandOptionType.String,
          name: 'text',
          description: 'The note',
          required: true,
          max_length: 2000,
        },
      ]),
      sub('awaiting', 'Mark this ticket as waiting for the member to answer'),
    ],
  },
  {
    type: ApplicationCommandType.Message,
    name: openFromMessageName,
    ...guildOnly,
  },
] satisfies RESTPostAPIApplicationCommandsJSONBody[];
