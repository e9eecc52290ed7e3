/** The bot's own commands: /help lists every registered command, /ping shows the endpoint answers. */
import type {
  APIApplicationCommandOption,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { HandlerSet } from './types';

const ephemeral = 64;
const embedColor = 0x5865f2;

/** One line per thing a member can run: subcommands spelled out, context-menu entries by their menu. */
export function commandLines(definitions: RESTPostAPIApplicationCommandsJSONBody[]): string[] {
  const lines: string[] = [];
  for (const definition of definitions) {
    if (definition.type === 2 || definition.type === 3) {
      const menu = definition.type === 2 ? 'a member' : 'a message';
      lines.push(`**${definition.name}**: right-click ${menu} → Apps`);
      continue;
    }
    if (definition.type !== undefined && definition.type !== 1) continue;
    const subcommands = chatInputLines(`/${definition.name}`, definition.options ?? []);
    if (subcommands.length) lines.push(...subcommands);
    else lines.push(`\`/${definition.name}\`: ${definition.description}`);
  }
  return lines;
}

function chatInputLines(prefix: string, options: APIApplicationCommandOption[]): string[] {
  const lines: string[] = [];
  for (const option of options) {
    if (option.type === 2) lines.push(...chatInputLines(`${prefix} ${option.name}`, option.options ?? []));
    else if (option.type === 1) lines.push(`\`${prefix} ${option.name}\`: ${option.description}`);
  }
  return lines;
}

/** Discord caps an embed description at 4096 characters. */
function fitDescription(lines: string[]): string {
  let text = '';
  for (const line of lines) {
    if (text.length + line.length + 1 > 4000) return `${text}\n…`;
    text += text ? `\n${line}` : line;
  }
  return text || 'No commands are registered.';
}

export function coreHandlers(allDefinitions: () => RESTPostAPIApplicationCommandsJSONBody[]): HandlerSet {
  return {
    definitions: [
      { name: 'help', description: 'List what this bot can do', type: 1 },
      { name: 'ping', description: 'Check that the bot answers', type: 1 },
    ],
    commands: {
      help: async () => ({
        type: 4,
        data: {
          flags: ephemeral,
          embeds: [
            {
              title: 'Commands',
              color: embedColor,
              description: fitDescription(commandLines(allDefinitions())),
            },
          ],
        },
      }),
      ping: async () => ({ type: 4, data: { flags: ephemeral, content: 'Pong.' } }),
    },
  };
}
