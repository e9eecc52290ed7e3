/**
 * The studio lists the built-ins (and refuses custom commands that would shadow them) from
 * db/src/stream/builtins.ts; the runner answers them from each feature's commands. They must agree.
 */
import type { Pool } from '@homelab/db/client/pool';
import { builtinCommands } from '@homelab/db/stream/builtins';
import { botSettingsSchema } from '@homelab/db/stream/settings';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../chat/clock';
import { createLogger } from '../log';
import { createBotFeatures } from './features';
import type { BotDeps, BuiltinCommand } from './types';

const deps = {
  pool: {} as Pool,
  log: createLogger({ level: 'error' }),
  clock: systemClock,
  channels: () => [],
  channel: () => undefined,
  send: () => false,
  settings: async () => botSettingsSchema.parse({}),
  live: () => ({ live: false, startedAt: null, title: null, game: null, viewers: null }),
  platform: {
    channelInfo: async () => null,
    followedAt: async () => null,
    broadcaster: async () => null,
    moderate: async () => ({ ok: false, reason: 'refused' }),
    setChatSettings: async () => ({ ok: false, reason: 'refused' }),
  },
} satisfies BotDeps;

function levelOf(command: BuiltinCommand) {
  if (typeof command.minLevel === 'string') return command.minLevel;
  const vip = botSettingsSchema.parse({ builtins: { modLevel: 'vip' } });
  return command.minLevel(vip) === 'vip' ? 'modLevel' : command.minLevel(botSettingsSchema.parse({}));
}

describe('built-in commands', () => {
  it('are the ones the studio lists, with the same aliases and levels', () => {
    const answered = createBotFeatures({
      ai: { baseUrl: 'http://127.0.0.1:9/v1', model: 'm', moderationModel: 'm', timeoutMs: 1_000 },
    })
      .flatMap((factory) => factory(deps).commands ?? [])
      .map((c) => ({ name: c.name, aliases: [...(c.aliases ?? [])].sort(), level: levelOf(c) }))
      .sort((x, y) => x.name.localeCompare(y.name));
    const listed = builtinCommands
      .map((c) => ({ name: c.name, aliases: [...c.aliases].sort(), level: c.level }))
      .sort((x, y) => x.name.localeCompare(y.name));
    expect(answered).toEqual(listed);
  });
});
