/** New and Edit of a custom command: its names, who may use it, cooldowns, cost and the reply. */
import { createSignal } from 'solid-js';
import { CheckboxField, Field, SelectField } from '../../../ui/Field';
import { createSaveForm, FormDialog } from '../../../ui/FormDialog';
import {
  type BotCommand,
  type BotCommandInput,
  createCommand,
  type Platform,
  type ResponseType,
  type UserLevel,
  updateCommand,
} from '../api';
import { wholeUpTo } from './checks';
import { levelOptions, responseTypeOptions } from './options';
import { PlatformChoice } from './PlatformChoice';
import { TemplateEditor } from './TemplateEditor';

const namePattern = /^!?[A-Za-z0-9_-]{1,40}$/;

export function CommandDialog(props: {
  command: BotCommand | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const c = props.command;
  const [name, setName] = createSignal(c?.name ?? '');
  const [aliases, setAliases] = createSignal(c?.aliases.join(', ') ?? '');
  const [response, setResponse] = createSignal(c?.response ?? '');
  const [responseType, setResponseType] = createSignal<ResponseType>(c?.responseType ?? 'say');
  const [minLevel, setMinLevel] = createSignal<UserLevel>(c?.minLevel ?? 'everyone');
  const [platforms, setPlatforms] = createSignal<Platform[]>(c?.platforms ?? ['twitch', 'youtube', 'kick']);
  const [globalCooldown, setGlobalCooldown] = createSignal(String(c?.globalCooldownS ?? 5));
  const [userCooldown, setUserCooldown] = createSignal(String(c?.userCooldownS ?? 15));
  const [cost, setCost] = createSignal(String(c?.cost ?? 0));
  const [enabled, setEnabled] = createSignal(c?.enabled ?? true);

  const aliasList = () =>
    aliases()
      .split(/[\s,]+/)
      .map((a) => a.trim())
      .filter(Boolean);
  const whole = (value: string, max: number) =>
    wholeUpTo(value, max) ? null : `A whole number from 0 to ${max}`;
  const form = createSaveForm({
    failure: 'Could not save the command.',
    fields: ['name', 'aliases', 'response', 'platforms', 'globalCooldownS', 'userCooldownS', 'cost'],
    checks: () => ({
      name: namePattern.test(name().trim()) ? null : 'Use 1–40 letters, digits, _ or - (no spaces)',
      aliases:
        aliasList().length > 10
          ? 'At most 10 aliases'
          : aliasList().every((a) => namePattern.test(a))
            ? null
            : 'Each alias: 1–40 letters, digits, _ or -',
      response: response().trim() ? null : 'Write the reply',
      platforms: platforms().length ? null : 'Pick at least one platform',
      globalCooldownS: whole(globalCooldown(), 86_400),
      userCooldownS: whole(userCooldown(), 86_400),
      cost: whole(cost(), 1_000_000_000),
    }),
    save: async () => {
      const input: BotCommandInput = {
        name: name().trim(),
        aliases: aliasList(),
        response: response().trim(),
        responseType: responseType(),
        minLevel: minLevel(),
        platforms: platforms(),
        globalCooldownS: Number(globalCooldown()),
        userCooldownS: Number(userCooldown()),
        cost: Number(cost()),
        enabled: enabled(),
      };
      const saved = c ? await updateCommand(c.id, input) : await createCommand(input);
      return c ? `!${saved.name} saved` : `!${saved.name} added`;
    },
    onSaved: () => props.onSaved(),
    onClose: () => props.onClose(),
  });

  return (
    <FormDialog
      form={form}
      size="lg"
      title={c ? `Edit !${c.name}` : 'New command'}
      failureTitle="Could not save the command"
      submitLabel={c ? 'Save command' : 'Add command'}
      onClose={props.onClose}
    >
      <div class="grid gap-4 sm:grid-cols-2">
        <Field
          label="Name"
          hint="Viewers type it after a !"
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
          error={form.errorOf('name')}
        />
        <Field
          label="Aliases"
          hint="Other names, separated by commas"
          value={aliases()}
          onInput={(e) => setAliases(e.currentTarget.value)}
          error={form.errorOf('aliases')}
        />
      </div>
      <TemplateEditor
        label="Reply"
        value={response()}
        onInput={setResponse}
        error={form.errorOf('response')}
      />
      <div class="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Who may use it"
          value={minLevel()}
          onChange={(v) => setMinLevel(v as UserLevel)}
          options={levelOptions}
        />
        <SelectField
          label="How it answers"
          value={responseType()}
          onChange={(v) => setResponseType(v as ResponseType)}
          options={responseTypeOptions}
        />
      </div>
      <div class="grid gap-4 sm:grid-cols-3">
        <Field
          label="Cooldown for everyone (s)"
          type="number"
          min="0"
          max="86400"
          value={globalCooldown()}
          onInput={(e) => setGlobalCooldown(e.currentTarget.value)}
          error={form.errorOf('globalCooldownS')}
        />
        <Field
          label="Cooldown per viewer (s)"
          type="number"
          min="0"
          max="86400"
          value={userCooldown()}
          onInput={(e) => setUserCooldown(e.currentTarget.value)}
          error={form.errorOf('userCooldownS')}
        />
        <Field
          label="Cost"
          hint="Currency taken from the caller"
          type="number"
          min="0"
          value={cost()}
          onInput={(e) => setCost(e.currentTarget.value)}
          error={form.errorOf('cost')}
        />
      </div>
      <PlatformChoice value={platforms()} onChange={setPlatforms} error={form.errorOf('platforms')} />
      <CheckboxField label="Enabled" checked={enabled()} onChange={setEnabled} />
    </FormDialog>
  );
}
