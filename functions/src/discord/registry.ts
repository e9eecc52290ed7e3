/**
 * Every interaction handler the bot serves, by command name and custom_id prefix, built once from
 * the features' handler sets; the same definitions feed `npm run discord:register`.
 */
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { jarvisHandlers } from '../jarvis/discord';
import { ticketHandlers } from '../tickets/interactions';
import { coreHandlers } from './help';
import type { HandlerSet, InteractionHandler } from './types';

export type Registry = {
  commands: Map<string, InteractionHandler>;
  components: Map<string, InteractionHandler>;
  modals: Map<string, InteractionHandler>;
  definitions: RESTPostAPIApplicationCommandsJSONBody[];
};

/** Two features claiming one name or prefix would silently shadow each other: refuse instead. */
export function buildRegistry(sets: HandlerSet[]): Registry {
  const registry: Registry = {
    commands: new Map(),
    components: new Map(),
    modals: new Map(),
    definitions: [],
  };
  for (const set of sets) {
    for (const kind of ['commands', 'components', 'modals'] as const) {
      for (const [key, handler] of Object.entries(set[kind] ?? {})) {
        if (registry[kind].has(key)) throw new Error(`two interaction handlers for ${kind} "${key}"`);
        registry[kind].set(key, handler);
      }
    }
    for (const definition of set.definitions ?? []) {
      const clash = registry.definitions.find(
        (d) => d.name === definition.name && (d.type ?? 1) === (definition.type ?? 1),
      );
      if (clash) throw new Error(`two command definitions named "${definition.name}"`);
      registry.definitions.push(definition);
    }
  }
  return registry;
}

export const defaultHandlerSets: HandlerSet[] = [
  coreHandlers(() => defaultHandlerSets.flatMap((set) => set.definitions ?? [])),
  ticketHandlers,
  jarvisHandlers,
];
