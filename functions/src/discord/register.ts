/**
 * `npm run discord:register [-- --guild <id>]`: replaces the application's commands (global, or
 * one guild's, which update at once and suit testing) with the definitions the handlers serve.
 */
import { pathToFileURL } from 'node:url';
import { createDiscordRest, type DiscordRest } from '@homelab/db/discord/rest';
import type {
  RESTPostAPIApplicationCommandsJSONBody,
  RESTPutAPIApplicationCommandsResult,
} from 'discord-api-types/v10';
import { buildRegistry, defaultHandlerSets } from './registry';

export type RegisterConfig = { applicationId: string; botToken: string; baseUrl: string };

export function registerConfig(env: Record<string, string | undefined>): RegisterConfig {
  const missing = ['DISCORD_APPLICATION_ID', 'DISCORD_BOT_TOKEN'].filter((name) => !env[name]);
  if (missing.length) throw new Error(`Set ${missing.join(' and ')} to register the bot's commands.`);
  return {
    applicationId: env.DISCORD_APPLICATION_ID!,
    botToken: env.DISCORD_BOT_TOKEN!,
    baseUrl: env.DISCORD_BASE_URL || 'https://discord.com',
  };
}

export function parseGuildArgument(args: string[]): string | undefined {
  const at = args.indexOf('--guild');
  if (at === -1) return undefined;
  const guildId = args[at + 1];
  if (!guildId || !/^\d{5,20}$/.test(guildId)) throw new Error('--guild needs a Discord guild id (digits).');
  return guildId;
}

/** A bulk overwrite: commands missing from the definitions are deleted by Discord. */
export function registerCommands(
  rest: DiscordRest,
  applicationId: string,
  definitions: RESTPostAPIApplicationCommandsJSONBody[],
  guildId?: string,
): Promise<RESTPutAPIApplicationCommandsResult> {
  const path = guildId
    ? `/applications/${applicationId}/guilds/${guildId}/commands`
    : `/applications/${applicationId}/commands`;
  return rest.put<RESTPutAPIApplicationCommandsResult>(path, definitions);
}

async function main() {
  const config = registerConfig(process.env);
  const guildId = parseGuildArgument(process.argv.slice(2));
  const rest = createDiscordRest({ token: config.botToken, baseUrl: config.baseUrl });
  const { definitions } = buildRegistry(defaultHandlerSets);
  const registered = await registerCommands(rest, config.applicationId, definitions, guildId);
  const where = guildId ? `in guild ${guildId}` : 'globally';
  console.log(`Registered ${registered.length} commands ${where}:`);
  for (const command of registered) {
    const kind = command.type === 2 ? ' (user menu)' : command.type === 3 ? ' (message menu)' : '';
    console.log(`  ${command.type === 2 || command.type === 3 ? command.name : `/${command.name}`}${kind}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
