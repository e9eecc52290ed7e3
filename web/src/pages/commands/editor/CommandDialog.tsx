/** New and Edit of a custom command: its names, who may use it, cooldowns, cost and the reply. */
import { createSignal } from 'solid-js';
import { ApiForm, createApiForm } from '../../../ui/ApiForm';
import { Dialog } from '../../../ui/Dialog';
import { CheckboxField, Field, SelectField } from '../../../ui/Field';
import { toast } from '../../../ui/Toast';
import {
  type BotCommand,
  type BotCommandInput,
  createCommand,
  type Platform,
  type ResponseType,
  type UserLevel,
  updateCommand,
} from '../api';
import { levelOptions, responseTypeOptions } from './options';
import { PlatformChoice } from './PlatformChoice';
import { TemplateEditor } from './TemplateEditor';

const namePattern = /^!?[A-Za-z0-9_-]{1,40}$/;

export function CommandDialog(props: {
  command: BotCommand | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const form = createApiForm({
    failure: 'Could not save the command.',
    fields: ['name', 'aliases', 'response', 'platforms', 'globalCooldownS', 'userCooldownS', 'cost'],
  });
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
  const whole = (value: string, max: number) => {
    const n = Number(value);
    return value.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= max
      ? null
      : `A whole number from 0 to ${max}`;
  };
  const local = () => ({
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
  });
  const submit = form.handleSubmit(
    async () => {
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
      toast(c ? `!${saved.name} saved` : `!${saved.name} added`);
      props.onSaved();
      props.onClose();
    },
    { invalid: () => Object.values(local()).some(Boolean) },
  );

  return (
    <Dialog
      open={true}
      size="lg"
      title={c ? `Edit !${c.name}` : 'New command'}
      onClose={props.onClose}
      locked={form.busy()}
    >
      <ApiForm
        form={form}
        onSubmit={submit}
        failureTitle="Could not save the command"
        submitLabel={c ? 'Save command' : 'Add command'}
        submitIcon="i-ph-check"
        onCancel={props.onClose}
      >
        <div class="grid gap-4 sm:grid-cols-2">
          <Field
            label="Name"
            hint="Viewers type it after a !"
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
            error={form.fieldError('name', local().name)}
          />
          <Field
            label="Aliases"
            hint="Other names, separated by commas"
            value={aliases()}
            onInput={(e) => setAliases(e.currentTarget.value)}
            error={form.fieldError('aliases', local().aliases)}
          />
        </div>
        <TemplateEditor
          label="Reply"
          value={response()}
          onInput={setResponse}
          error={form.fieldError('response', local().response)}
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
            error={form.fieldError('globalCooldownS', local().globalCooldownS)}
          />
          <Field
            label="Cooldown per viewer (s)"
            type="number"
            min="0"
            max="86400"
            value={userCooldown()}
            onInput={(e) => setUserCooldown(e.currentTarget.value)}
            error={form.fieldError('userCooldownS', local().userCooldownS)}
          />
          <Field
            label="Cost"
            hint="Currency taken from the caller"
            type="number"
            min="0"
            value={cost()}
            onInput={(e) => setCost(e.currentTarget.value)}
            error={form.fieldError('cost', local().cost)}
          />
        </div>
        <PlatformChoice
          value={platforms()}
          onChange={setPlatforms}
          error={form.fieldError('platforms', local().platforms)}
        />
        <CheckboxField label="Enabled" checked={enabled()} onChange={setEnabled} />
      </ApiForm>
    </Dialog>
  );
}
