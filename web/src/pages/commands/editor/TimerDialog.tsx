/** New and Edit of a timer: how often, after how much chat, where, and the message. */
import { createSignal } from 'solid-js';
import { CheckboxField, Field } from '../../../ui/Field';
import { createSaveForm, FormDialog } from '../../../ui/FormDialog';
import { type BotTimer, type BotTimerInput, createTimer, type Platform, updateTimer } from '../api';
import { wholeUpTo } from './checks';
import { PlatformChoice } from './PlatformChoice';
import { TemplateEditor } from './TemplateEditor';

export function TimerDialog(props: { timer: BotTimer | null; onClose: () => void; onSaved: () => void }) {
  const t = props.timer;
  const [name, setName] = createSignal(t?.name ?? '');
  const [message, setMessage] = createSignal(t?.message ?? '');
  const [minutes, setMinutes] = createSignal(String((t?.intervalS ?? 900) / 60));
  const [minLines, setMinLines] = createSignal(String(t?.minLines ?? 5));
  const [onlineOnly, setOnlineOnly] = createSignal(t?.onlineOnly ?? true);
  const [platforms, setPlatforms] = createSignal<Platform[]>(t?.platforms ?? ['twitch', 'youtube', 'kick']);
  const [enabled, setEnabled] = createSignal(t?.enabled ?? true);

  const form = createSaveForm({
    failure: 'Could not save the timer.',
    fields: ['name', 'message', 'intervalS', 'minLines', 'platforms'],
    checks: () => {
      const m = Number(minutes());
      return {
        name: name().trim() ? null : 'Name the timer',
        message: message().trim() ? null : 'Write the message',
        intervalS:
          minutes().trim() !== '' && Number.isFinite(m) && Math.round(m * 60) >= 60 && m <= 1_440
            ? null
            : 'From 1 to 1440 minutes',
        minLines: wholeUpTo(minLines(), 1_000) ? null : 'From 0 to 1000',
        platforms: platforms().length ? null : 'Pick at least one platform',
      };
    },
    save: async () => {
      const input: BotTimerInput = {
        name: name().trim(),
        message: message().trim(),
        intervalS: Math.round(Number(minutes()) * 60),
        minLines: Number(minLines()),
        onlineOnly: onlineOnly(),
        platforms: platforms(),
        enabled: enabled(),
      };
      const saved = t ? await updateTimer(t.id, input) : await createTimer(input);
      return t ? `Timer ${saved.name} saved` : `Timer ${saved.name} added`;
    },
    onSaved: () => props.onSaved(),
    onClose: () => props.onClose(),
  });

  return (
    <FormDialog
      form={form}
      size="lg"
      title={t ? `Edit timer ${t.name}` : 'New timer'}
      failureTitle="Could not save the timer"
      submitLabel={t ? 'Save timer' : 'Add timer'}
      onClose={props.onClose}
    >
      <Field
        label="Name"
        value={name()}
        onInput={(e) => setName(e.currentTarget.value)}
        error={form.errorOf('name')}
      />
      <TemplateEditor
        label="Message"
        value={message()}
        onInput={setMessage}
        withArgs={false}
        error={form.errorOf('message')}
      />
      <div class="grid gap-4 sm:grid-cols-2">
        <Field
          label="Every (minutes)"
          type="number"
          min="1"
          max="1440"
          value={minutes()}
          onInput={(e) => setMinutes(e.currentTarget.value)}
          error={form.errorOf('intervalS')}
        />
        <Field
          label="After at least (chat lines)"
          hint="Lines since it last posted, so it never talks to an empty room"
          type="number"
          min="0"
          max="1000"
          value={minLines()}
          onInput={(e) => setMinLines(e.currentTarget.value)}
          error={form.errorOf('minLines')}
        />
      </div>
      <PlatformChoice value={platforms()} onChange={setPlatforms} error={form.errorOf('platforms')} />
      <CheckboxField label="Only while live" checked={onlineOnly()} onChange={setOnlineOnly} />
      <CheckboxField label="Enabled" checked={enabled()} onChange={setEnabled} />
    </FormDialog>
  );
}
