/**
 * The built-ins that manage custom commands and counters from chat: `!cmd add|edit|del|alias|show`,
 * `!counter`, `!commands`. A response is checked with the template parser before it is stored; a
 * parse error goes back to the mod as text and is never rendered.
 */
import {
  changeCounter,
  commandNameTaken,
  counterNamePattern,
  normalizeCommandName,
  readCounter,
} from '@homelab/db/stream/commands';
import { parseTemplate } from '@homelab/db/stream/template';
import type { BotDeps, BotEvent, BuiltinCommand } from '../bot/types';
import type { commandCache } from './store';

const maxResponse = 500;
const maxAliases = 10;
const modLevel = (settings: BotEvent['settings']) => settings.builtins.modLevel;

type Cache = ReturnType<typeof commandCache>;
type Found = { id: string; name: string; response: string; aliases: string[] };

export function manageCommands(deps: BotDeps, cache: Cache): BuiltinCommand[] {
  const { sql } = deps.pool;

  /** Every runner (this one included) drops the tenant's cached commands. */
  async function changed(tenantId: string) {
    cache.invalidate(tenantId);
    await sql`select pg_notify('bot', ${JSON.stringify({ tenantId, kind: 'config' })})`;
  }

  async function find(tenantId: string, name: string): Promise<Found | null> {
    const [row] = await sql<Found[]>`
      select id, name, response, aliases from bot_commands
      where tenant_id = ${tenantId} and (name = ${name} or ${name} = any(aliases))
      order by (name = ${name}) desc limit 1`;
    return row ?? null;
  }

  /** The template's parse error as a mod reads it; null when it parses. */
  function templateProblem(response: string): string | null {
    if (!response) return 'the response is empty';
    if (response.length > maxResponse) return `the response is longer than ${maxResponse} characters`;
    const parsed = parseTemplate(response);
    return parsed.ok ? null : `${parsed.error.message} (at character ${parsed.error.start + 1})`;
  }

  async function add(ctx: BotEvent, name: string, response: string) {
    const tenantId = ctx.event.tenantId;
    const problem = templateProblem(response);
    if (problem) return ctx.reply(`!${name} was not saved: ${problem}.`, { as: 'reply' });
    const taken = await commandNameTaken(deps.pool.db, tenantId, [name]);
    if (taken) return ctx.reply(`!${name} is already a command.`, { as: 'reply' });
    const inserted = await sql`
      insert into bot_commands (tenant_id, name, response) values (${tenantId}, ${name}, ${response})
      on conflict (tenant_id, name) do nothing returning id`;
    if (inserted.length === 0) return ctx.reply(`!${name} is already a command.`, { as: 'reply' });
    await changed(tenantId);
    ctx.reply(`Added !${name}.`, { as: 'reply' });
  }

  async function edit(ctx: BotEvent, name: string, response: string) {
    const tenantId = ctx.event.tenantId;
    const found = await find(tenantId, name);
    if (!found) return ctx.reply(`There is no !${name}.`, { as: 'reply' });
    const problem = templateProblem(response);
    if (problem) return ctx.reply(`!${found.name} was not changed: ${problem}.`, { as: 'reply' });
    await sql`update bot_commands set response = ${response}, updated_at = now() where id = ${found.id}`;
    await changed(tenantId);
    ctx.reply(`Changed !${found.name}.`, { as: 'reply' });
  }

  async function remove(ctx: BotEvent, name: string) {
    const tenantId = ctx.event.tenantId;
    const found = await find(tenantId, name);
    if (!found) return ctx.reply(`There is no !${name}.`, { as: 'reply' });
    await sql`delete from bot_commands where id = ${found.id}`;
    await changed(tenantId);
    ctx.reply(`Deleted !${found.name}.`, { as: 'reply' });
  }

  async function alias(ctx: BotEvent, name: string, rawAlias: string | undefined) {
    const tenantId = ctx.event.tenantId;
    const aliasName = rawAlias ? normalizeCommandName(rawAlias) : null;
    if (!aliasName) return ctx.reply('Usage: !cmd alias !name !alias (a-z, 0-9, _ and -).', { as: 'reply' });
    const found = await find(tenantId, name);
    if (!found) return ctx.reply(`There is no !${name}.`, { as: 'reply' });
    if (found.aliases.length >= maxAliases)
      return ctx.reply(`!${found.name} already has ${maxAliases} aliases.`, { as: 'reply' });
    const taken = await commandNameTaken(deps.pool.db, tenantId, [aliasName]);
    if (taken) return ctx.reply(`!${aliasName} is already a command.`, { as: 'reply' });
    await sql`
      update bot_commands set aliases = array_append(aliases, ${aliasName}), updated_at = now()
      where id = ${found.id}`;
    await changed(tenantId);
    ctx.reply(`!${aliasName} now runs !${found.name}.`, { as: 'reply' });
  }

  async function show(ctx: BotEvent, name: string) {
    const found = await find(ctx.event.tenantId, name);
    if (!found) return ctx.reply(`There is no !${name}.`, { as: 'reply' });
    const aliases = found.aliases.length ? ` (aliases: ${found.aliases.map((a) => `!${a}`).join(', ')})` : '';
    ctx.reply(`!${found.name}${aliases}: ${found.response}`, { as: 'reply' });
  }

  const cmd: BuiltinCommand = {
    name: 'cmd',
    aliases: ['command'],
    minLevel: modLevel,
    description: 'Add, edit, delete, alias or show a custom command from chat.',
    async run(ctx, args) {
      const [action, rawName, ...rest] = args;
      const name = rawName ? normalizeCommandName(rawName) : null;
      const verb = (action ?? '').toLowerCase();
      if (!name || !['add', 'edit', 'del', 'delete', 'remove', 'alias', 'show'].includes(verb))
        return ctx.reply(
          'Usage: !cmd add|edit !name <response> · !cmd del|show !name · !cmd alias !name !alias',
          {
            as: 'reply',
          },
        );
      const response = rest.join(' ').trim();
      if (verb === 'add') return add(ctx, name, response);
      if (verb === 'edit') return edit(ctx, name, response);
      if (verb === 'alias') return alias(ctx, name, rest[0]);
      if (verb === 'show') return show(ctx, name);
      return remove(ctx, name);
    },
  };

  const counter: BuiltinCommand = {
    name: 'counter',
    minLevel: modLevel,
    description: 'Show, set or change a counter used by $(count) and $(getcount).',
    async run(ctx, args) {
      const name = (args[0] ?? '').toLowerCase();
      const change = args[1] ?? '';
      const match = /^([+=-])(\d{1,15})$/.exec(change);
      if (!counterNamePattern.test(name) || (change && !match))
        return ctx.reply('Usage: !counter <name> [+n|-n|=n]', { as: 'reply' });
      const db = deps.pool.db;
      const tenantId = ctx.event.tenantId;
      if (!match) return ctx.reply(`${name}: ${await readCounter(db, tenantId, name)}`);
      const n = Number(match[2]);
      const value = await changeCounter(
        db,
        tenantId,
        name,
        match[1] === '=' ? { set: n } : { add: match[1] === '-' ? -n : n },
      );
      ctx.reply(`${name}: ${value}`);
    },
  };

  const list: BuiltinCommand = {
    name: 'commands',
    minLevel: 'everyone',
    description: "The channel's custom commands.",
    async run(ctx) {
      const { all } = await cache.get(ctx.event.tenantId);
      const names = all
        .filter((c) => c.enabled && c.platforms.includes(ctx.event.platform))
        .map((c) => `!${c.name}`);
      if (names.length === 0) return ctx.reply('This channel has no custom commands yet.');
      const head = 'Commands: ';
      let text = head;
      for (const [i, name] of names.entries()) {
        const next = `${text === head ? '' : ', '}${name}`;
        const more = names.length - i;
        if (text.length + next.length + ` and ${more} more`.length > 500) {
          text += ` and ${more} more`;
          break;
        }
        text += next;
      }
      ctx.reply(text);
    },
  };

  return [cmd, counter, list];
}
