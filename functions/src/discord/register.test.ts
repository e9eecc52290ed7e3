import { createDiscordRest } from '@homelab/db/discord/rest';
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commandLines } from './help';
import { parseGuildArgument, registerCommands, registerConfig } from './register';
import { buildRegistry, defaultHandlerSets } from './registry';

function recordingRest() {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const rest = createDiscordRest({
    token: 'bot-token',
    baseUrl: 'http://discord.test',
    fetch: async (input, init) => {
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method: init?.method ?? 'GET', url: String(input), body });
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    },
  });
  return { rest, calls };
}

const definitions: RESTPostAPIApplicationCommandsJSONBody[] = [
  { name: 'help', description: 'List what this bot can do', type: 1 },
];

describe('discord:register', () => {
  it('bulk-overwrites the global commands, or one guild’s', async () => {
    const { rest, calls } = recordingRest();
    await registerCommands(rest, '100000000000000001', definitions);
    await registerCommands(rest, '100000000000000001', definitions, '200000000000000002');
    expect(calls).toEqual([
      {
        method: 'PUT',
        url: 'http://discord.test/api/v10/applications/100000000000000001/commands',
        body: definitions,
      },
      {
        method: 'PUT',
        url: 'http://discord.test/api/v10/applications/100000000000000001/guilds/200000000000000002/commands',
        body: definitions,
      },
    ]);
  });

  it('names the missing settings', () => {
    expect(() => registerConfig({ DISCORD_BOT_TOKEN: 'x' })).toThrow(/DISCORD_APPLICATION_ID/);
    expect(() => registerConfig({})).toThrow(/DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN/);
    expect(registerConfig({ DISCORD_APPLICATION_ID: '1', DISCORD_BOT_TOKEN: 't' }).baseUrl).toBe(
      'https://discord.com',
    );
  });

  it('reads --guild and refuses a value that is not an id', () => {
    expect(parseGuildArgument([])).toBeUndefined();
    expect(parseGuildArgument(['--guild', '200000000000000002'])).toBe('200000000000000002');
    expect(() => parseGuildArgument(['--guild'])).toThrow(/guild id/);
  });
});

describe('registry', () => {
  it('registers every definition the handlers serve, with a handler for each command', () => {
    const registry = buildRegistry(defaultHandlerSets);
    const names = registry.definitions.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['help', 'ping']));
    for (const name of names) expect(registry.commands.has(name)).toBe(true);
  });

  it('refuses two handlers for one name instead of shadowing one', () => {
    const handler = async () => ({ type: 6 }) as const;
    expect(() =>
      buildRegistry([{ components: { ticket: handler } }, { components: { ticket: handler } }]),
    ).toThrow(/components "ticket"/);
  });

  it('lists subcommands and context menus for /help', () => {
    expect(
      commandLines([
        {
          name: 'ticket',
          description: 'Tickets',
          options: [
            { type: 1, name: 'open', description: 'Open a ticket' },
            {
              type: 2,
              name: 'member',
              description: 'Members',
              options: [{ type: 1, name: 'add', description: 'Add someone' }],
            },
          ],
        },
        { name: 'Open ticket from message', type: 3 },
      ]),
    ).toEqual([
      '`/ticket open`: Open a ticket',
      '`/ticket member add`: Add someone',
      '**Open ticket from message**: right-click a message → Apps',
    ]);
  });
});
