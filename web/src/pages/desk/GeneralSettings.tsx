/**
 * The guild's general ticket settings: time zone and support hours, staff roles, auto-close,
 * the exit survey and where transcripts and the log go. Errors from the API's 400 land under
 * the field they name.
 */
import { createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { createApiForm, FormError } from '../../ui/ApiForm';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CheckboxField, Field, SelectField, TextAreaField } from '../../ui/Field';
import { LoadState } from '../../ui/LoadState';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import { getGuildSettings, updateGuildSettings } from './api';
import { ChannelSelect, channelKinds, RoleChecklist } from './discord-pickers';
import { weekdays } from './labels';
import type { SectionProps } from './section';
import type { GuildSettings, GuildSettingsInput } from './types';

const fieldNames = [
  'timezone',
  'supportHours',
  'supportHours.days',
  'supportHours.from',
  'supportHours.to',
  'outOfHoursMessage',
  'staffRoleIds',
  'autoCloseHours',
  'surveyEnabled',
  'transcriptChannelId',
  'logChannelId',
] as const;

/** Every zone the browser knows, so the select offers only names the API accepts. */
const timeZones = (current: string) => {
  const zones: string[] =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
  return (zones.includes(current) ? zones : [current, ...zones]).map((z) => ({ value: z, label: z }));
};

interface GeneralForm {
  timezone: string;
  hoursOn: boolean;
  days: number[];
  from: string;
  to: string;
  outOfHoursMessage: string;
  staffRoleIds: string[];
  autoCloseHours: string;
  surveyEnabled: boolean;
  transcriptChannelId: string | null;
  logChannelId: string | null;
}

const formOf = (s: GuildSettings): GeneralForm => ({
  timezone: s.timezone,
  hoursOn: s.supportHours !== null,
  days: s.supportHours?.days ?? [1, 2, 3, 4, 5],
  from: s.supportHours?.from ?? '09:00',
  to: s.supportHours?.to ?? '17:00',
  outOfHoursMessage: s.outOfHoursMessage ?? '',
  staffRoleIds: [...s.staffRoleIds],
  autoCloseHours: s.autoCloseHours === null ? '' : String(s.autoCloseHours),
  surveyEnabled: s.surveyEnabled,
  transcriptChannelId: s.transcriptChannelId,
  logChannelId: s.logChannelId,
});

const inputOf = (f: GeneralForm): GuildSettingsInput => ({
  timezone: f.timezone,
  supportHours: f.hoursOn ? { days: [...f.days].sort(), from: f.from, to: f.to } : null,
  outOfHoursMessage: f.outOfHoursMessage.trim() || null,
  staffRoleIds: f.staffRoleIds,
  autoCloseHours: f.autoCloseHours.trim() === '' ? null : Number(f.autoCloseHours),
  surveyEnabled: f.surveyEnabled,
  transcriptChannelId: f.transcriptChannelId,
  logChannelId: f.logChannelId,
});

export function GeneralSettings(props: SectionProps) {
  const settings = createLoaded(() => getGuildSettings(props.guildId));
  return (
    <LoadState load={settings} what="settings" lines={8}>
      {(loaded) => <GeneralSettingsForm {...props} settings={loaded} onSaved={(s) => settings.setValue(s)} />}
    </LoadState>
  );
}

function GeneralSettingsForm(
  props: SectionProps & { settings: GuildSettings; onSaved: (settings: GuildSettings) => void },
) {
  const [state, setState] = createStore<GeneralForm>(formOf(props.settings));
  const form = createApiForm({ failure: 'Could not save the settings.', fields: fieldNames });
  const [local, setLocal] = createSignal<Record<string, string>>({});
  const check = () => {
    const errors: Record<string, string> = {};
    const hours = state.autoCloseHours.trim();
    if (hours !== '' && !(Number.isInteger(Number(hours)) && Number(hours) >= 1 && Number(hours) <= 2160)) {
      errors.autoCloseHours = 'Use whole hours from 1 to 2160 (90 days), or leave it empty';
    }
    if (state.hoursOn && state.days.length === 0) errors['supportHours.days'] = 'Pick at least one day';
    setLocal(errors);
    return Object.keys(errors).length > 0;
  };
  const error = (field: string) => form.fieldError(field, local()[field]);
  const submit = form.handleSubmit(
    async () => {
      const saved = await updateGuildSettings(props.guildId, inputOf({ ...state }));
      props.onSaved(saved);
      toast('Settings saved');
    },
    { invalid: check },
  );
  const lookup = () => props.lookup.value() ?? null;

  return (
    <form class="flex flex-col gap-4" onSubmit={submit} noValidate>
      <FormError form={form} title="Could not save the settings" />
      <fieldset disabled={props.readOnly()} class="flex flex-col gap-4">
        <legend class="sr-only">General settings</legend>
        <Card title="Support hours" icon="i-ph-clock">
          <SelectField
            label="Time zone"
            value={state.timezone}
            options={timeZones(state.timezone)}
            onChange={(zone) => setState('timezone', zone)}
            error={error('timezone')}
          />
          <CheckboxField
            label="Only staffed at set hours"
            hint="Outside them, new tickets get the out-of-hours message."
            checked={state.hoursOn}
            onChange={(on) => setState('hoursOn', on)}
            disabled={props.readOnly()}
            error={error('supportHours')}
          />
          <Show when={state.hoursOn}>
            <fieldset class="flex flex-col gap-1.5">
              <legend class="mb-1 text-sm font-medium text-ink">Days</legend>
              <div class="flex flex-wrap gap-3">
                <For each={weekdays}>
                  {(day, i) => (
                    <label class="flex items-center gap-1.5 text-sm text-ink">
                      <input
                        type="checkbox"
                        class="h-4 w-4 accent-violet-500"
                        checked={state.days.includes(i())}
                        onChange={(event) =>
                          setState('days', (days) =>
                            event.currentTarget.checked ? [...days, i()] : days.filter((d) => d !== i()),
                          )
                        }
                      />
                      {day}
                    </label>
                  )}
                </For>
              </div>
              <Show when={error('supportHours.days')}>
                <p class="text-xs text-danger-300">{error('supportHours.days')}</p>
              </Show>
            </fieldset>
            <div class="grid gap-4 sm:grid-cols-2">
              <Field
                label="From"
                type="time"
                value={state.from}
                onInput={(event) => setState('from', event.currentTarget.value)}
                error={error('supportHours.from')}
              />
              <Field
                label="To"
                type="time"
                value={state.to}
                onInput={(event) => setState('to', event.currentTarget.value)}
                error={error('supportHours.to')}
              />
            </div>
            <TextAreaField
              label="Out-of-hours message"
              rows={3}
              maxLength={1000}
              value={state.outOfHoursMessage}
              onInput={(event) => setState('outOfHoursMessage', event.currentTarget.value)}
              error={error('outOfHoursMessage')}
            />
          </Show>
        </Card>
        <Card title="Staff and tickets" icon="i-ph-users">
          <RoleChecklist
            label="Staff roles"
            hint="Members with these roles see every ticket and can work them from the desk."
            roles={lookup()?.roles ?? []}
            selected={state.staffRoleIds}
            onChange={(ids) => setState('staffRoleIds', ids)}
            error={error('staffRoleIds')}
          />
          <Field
            label="Auto-close after (hours without activity)"
            type="number"
            min={1}
            max={2160}
            hint="Leave empty to keep tickets open until someone closes them."
            value={state.autoCloseHours}
            onInput={(event) => setState('autoCloseHours', event.currentTarget.value)}
            error={error('autoCloseHours')}
          />
          <CheckboxField
            label="Send the exit survey (1–5 stars) when a ticket closes"
            checked={state.surveyEnabled}
            onChange={(on) => setState('surveyEnabled', on)}
            disabled={props.readOnly()}
            error={error('surveyEnabled')}
          />
        </Card>
        <Card title="Channels" icon="i-ph-hash">
          <div class="grid gap-4 sm:grid-cols-2">
            <ChannelSelect
              label="Transcript channel"
              hint="Where a link to each closed ticket's transcript is posted."
              lookup={lookup()}
              kinds={channelKinds.text}
              none="Don't post transcripts"
              value={state.transcriptChannelId}
              onChange={(id) => setState('transcriptChannelId', id)}
              error={error('transcriptChannelId')}
            />
            <ChannelSelect
              label="Log channel"
              hint="Where ticket opens, claims and closes are logged."
              lookup={lookup()}
              kinds={channelKinds.text}
              none="No log"
              value={state.logChannelId}
              onChange={(id) => setState('logChannelId', id)}
              error={error('logChannelId')}
            />
          </div>
        </Card>
      </fieldset>
      <Show when={!props.readOnly()}>
        <div class="flex justify-end">
          <Button type="submit" variant="primary" icon="i-ph-floppy-disk" busy={form.busy()}>
            Save settings
          </Button>
        </div>
      </Show>
    </form>
  );
}
