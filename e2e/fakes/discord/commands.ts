/**
 * Application commands as Discord validates them on registration: chat-input names match
 * ^[-_\p{L}\p{N}]{1,32}$ in lowercase with 1–100 character descriptions, context-menu commands
 * have a name and an empty description, at most 100 chat-input commands; ids survive a bulk
 * overwrite for a command of the same name and type.
 */
import { fieldError, invalidForm, isRecord } from './http';
import type { FakeCommand } from './state';
import { snowflake } from './state';

const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function optionErrors(options: unknown, depth: number): Record<string, unknown> | null {
  if (options === undefined) return null;
  if (!Array.isArray(options)) return fieldError('LIST_TYPE_CONVERT', 'Must be a list.');
  if (options.length > 25) return fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  const errors: Record<string, unknown> = {};
  options.forEach((option: unknown, i) => {
    const e: Record<string, unknown> = {};
    if (!isRecord(option)) return;
    if (
      typeof option.name !== 'string' ||
      !NAME.test(option.name) ||
      option.name !== option.name.toLowerCase()
    )
      e.name = fieldError('APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    if (
      typeof option.description !== 'string' ||
      option.description.length < 1 ||
      option.description.length > 100
    )
      e.description = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    if (typeof option.type !== 'number' || option.type < 1 || option.type > 11)
      e.type = fieldError('BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.');
    if (Array.isArray(option.choices) && option.choices.length > 25)
      e.choices = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    if ((option.type === 1 || option.type === 2) && depth < 2) {
      const nested = optionErrors(option.options, depth + 1);
      if (nested) e.options = nested;
    }
    if (Object.keys(e).length > 0) errors[String(i)] = e;
  });
  return Object.keys(errors).length > 0 ? errors : null;
}

function commandErrors(command: unknown): Record<string, unknown> | null {
  if (!isRecord(command))
    return fieldError('DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  const type = command.type ?? 1;
  const e: Record<string, unknown> = {};
  if (type !== 1 && type !== 2 && type !== 3 && type !== 4)
    e.type = fieldError('BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4}.');
  const name = command.name;
  if (typeof name !== 'string' || name.length < 1 || name.length > 32)
    e.name = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.');
  else if (type === 1 && (!NAME.test(name) || name !== name.toLowerCase()))
    e.name = fieldError('APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  const description = command.description ?? '';
  if (type === 1 && (typeof description !== 'string' || description.length < 1 || description.length > 100))
    e.description = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  if ((type === 2 || type === 3) && description !== '')
    e.description = fieldError(
      'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION',
      'Context menu commands cannot have description',
    );
  if (type === 1) {
    const options = optionErrors(command.options, 0);
    if (options) e.options = options;
  }
  return Object.keys(e).length > 0 ? e : null;
}

/** Validates and stores a bulk overwrite, keeping ids of commands that stay. */
export function overwriteCommands(
  body: unknown,
  existing: FakeCommand[],
  applicationId: string,
  guildId: string | null,
): FakeCommand[] {
  if (!Array.isArray(body)) throw invalidForm(fieldError('LIST_TYPE_CONVERT', 'Must be a list.'));
  const errors: Record<string, unknown> = {};
  body.forEach((command, i) => {
    const e = commandErrors(command);
    if (e) errors[String(i)] = e;
  });
  if (Object.keys(errors).length > 0) throw invalidForm(errors);
  const commands = body as Record<string, unknown>[];
  const count = (type: number) => commands.filter((c) => (c.type ?? 1) === type).length;
  if (count(1) > 100)
    throw invalidForm(fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.'));
  if (count(2) > 15 || count(3) > 15)
    throw invalidForm(
      fieldError(
        'APPLICATION_COMMANDS_TOO_MANY_CONTEXT_MENU',
        'Maximum number of context menu commands reached (15)',
      ),
    );
  const seen = new Set<string>();
  for (const [i, c] of commands.entries()) {
    const key = `${c.type ?? 1}:${String(c.name)}`;
    if (seen.has(key))
      throw invalidForm({
        [String(i)]: {
          name: fieldError('APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`),
        },
      });
    seen.add(key);
  }
  return commands.map((c) => {
    const type = (c.type as number | undefined) ?? 1;
    const kept = existing.find((e) => e.name === c.name && e.type === type);
    return {
      ...c,
      id: kept?.id ?? snowflake(),
      application_id: applicationId,
      version: snowflake(),
      type,
      name: String(c.name),
      description: type === 1 ? String(c.description) : '',
      default_member_permissions: (c.default_member_permissions as string | null | undefined) ?? null,
      nsfw: c.nsfw === true,
      ...(guildId
        ? { guild_id: guildId }
        : { contexts: c.contexts ?? null, integration_types: c.integration_types ?? [0] }),
    };
  });
}
