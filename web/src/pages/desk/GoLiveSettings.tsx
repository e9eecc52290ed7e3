/**
 * The go-live settings form: channel, message template (previewed with the same renderer the
 * runner posts with), roles, auto-discovery, quiet hours and what happens to the post at the end.
 */

import { goLiveTemplateVariables, renderGoLiveTemplate } from '@homelab/db/discord/template';
import { createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { createApiForm, FormError } from '../../ui/ApiForm';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CheckboxField, Field, SelectField, TextAreaField } from '../../ui/Field';
import { toast } from '../../ui/Toast';
import { updateGuildSettings } from './api';
import { ChannelSelect, channelKinds, RoleSelect } from './discord-pickers';
import type { SectionProps } from './section';
import type { GuildSettings } from './types';

const fieldNames = [
  'goLiveChannelId',
  'goLiveTemplate',
  'goLiveMentionRoleId',
  'goLiveLiveRoleId',
  'goLiveDiscoverRoleId',
  'goLiveAutoDiscover',
  'goLiveQuietHours',
  'goLiveQuietHours.from',
  'goLiveQuietHours.to',
  'goLiveEndAction',
];

const variables = Object.entries(goLiveTemplateVariables);

/** What the preview fills in: a made-up stream, and the chosen mention role's name. */
export function previewOf(template: string, roleName: string | null) {
  return renderGoLiveTemplate(template, {
    streamer: 'Rig City',
    mention: '@Rig City',
    platform: 'Twitch',
    title: 'Late-night build stream',
    game: 'Factorio',
    url: 'https://twitch.tv/rigcity',
    role: roleName ? `@${roleName}` : '',
  });
}

export function GoLiveSettings(
  props: Omit<SectionProps, 'guildId'> & {
    guildId: string;
    settings: GuildSettings;
    onSaved: (settings: GuildSettings) => void;
  },
) {
  const s = props.settings;
  const [state, setState] = createStore({
    channelId: s.goLiveChannelId,
    template: s.goLiveTemplate,
    mentionRoleId: s.goLiveMentionRoleId,
    liveRoleId: s.goLiveLiveRoleId,
    discoverRoleId: s.goLiveDiscoverRoleId,
    autoDiscover: s.goLiveAutoDiscover,
    quietOn: s.goLiveQuietHours !== null,
    quietFrom: s.goLiveQuietHours?.from ?? '23:00',
    quietTo: s.goLiveQuietHours?.to ?? '07:00',
    endAction: s.goLiveEndAction,
  });
  const form = createApiForm({ failure: 'Could not save the go-live settings.', fields: fieldNames });
  const [local, setLocal] = createSignal<Record<string, string>>({});
  const error = (field: string) => form.fieldError(field, local()[field]);
  const lookup = () => props.lookup.value() ?? null;
  const roleName = () => lookup()?.roles.find((r) => r.id === state.mentionRoleId)?.name ?? null;

  const submit = form.handleSubmit(
    async () => {
      const saved = await updateGuildSettings(props.guildId, {
        goLiveChannelId: state.channelId,
        goLiveTemplate: state.template.trim(),
        goLiveMentionRoleId: state.mentionRoleId,
        goLiveLiveRoleId: state.liveRoleId,
        goLiveDiscoverRoleId: state.discoverRoleId,
        goLiveAutoDiscover: state.autoDiscover,
        goLiveQuietHours: state.quietOn ? { from: state.quietFrom, to: state.quietTo } : null,
        goLiveEndAction: state.endAction,
      });
      props.onSaved(saved);
      toast('Go-live settings saved');
    },
    {
      invalid: () => {
        const errors: Record<string, string> = state.template.trim()
          ? {}
          : { goLiveTemplate: 'Write the message' };
        setLocal(errors);
        return Object.keys(errors).length > 0;
      },
    },
  );

  return (
    <form class="flex flex-col gap-4" onSubmit={submit} noValidate>
      <FormError form={form} title="Could not save the go-live settings" />
      <fieldset disabled={props.readOnly()} class="grid gap-4 lg:grid-cols-2">
        <legend class="sr-only">Go-live settings</legend>
        <Card title="Announcement" icon="i-ph-megaphone">
          <ChannelSelect
            label="Channel"
            lookup={lookup()}
            kinds={channelKinds.text}
            none="Off: announce nowhere"
            value={state.channelId}
            onChange={(id) => setState('channelId', id)}
            error={error('goLiveChannelId')}
          />
          <TextAreaField
            label="Message template"
            rows={4}
            maxLength={2000}
            value={state.template}
            onInput={(event) => setState('template', event.currentTarget.value)}
            error={error('goLiveTemplate')}
            hint="Variables in braces, e.g. {streamer} is live on {platform}: {url}"
          />
          <div class="flex flex-col gap-1">
            <p class="text-sm font-medium text-ink" id="go-live-preview-label">
              Preview
            </p>
            <output
              aria-labelledby="go-live-preview-label"
              class="whitespace-pre-wrap rounded-control border border-space-500 bg-space-900 px-3 py-2 text-sm text-ink"
            >
              {previewOf(state.template, roleName()) || '(empty message)'}
            </output>
          </div>
          <details class="text-sm">
            <summary class="cursor-pointer text-ink">Variables you can use</summary>
            <dl class="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              <For each={variables}>
                {([name, meaning]) => (
                  <>
                    <dt class="font-mono text-violet-200">{`{${name}}`}</dt>
                    <dd class="text-ink-muted">{meaning}</dd>
                  </>
                )}
              </For>
            </dl>
          </details>
        </Card>
        <Card title="Roles and timing" icon="i-ph-user-focus">
          <RoleSelect
            label="Mention role"
            hint="Pinged in the post as {role}; only this role and the streamer can be mentioned."
            lookup={lookup()}
            none="No mention"
            value={state.mentionRoleId}
            onChange={(id) => setState('mentionRoleId', id)}
            error={error('goLiveMentionRoleId')}
          />
          <RoleSelect
            label="Live role"
            hint="Given to a streamer while they are live."
            lookup={lookup()}
            none="None"
            value={state.liveRoleId}
            onChange={(id) => setState('liveRoleId', id)}
            error={error('goLiveLiveRoleId')}
          />
          <CheckboxField
            label="Discover streamers automatically"
            hint="Anyone with the discover role (or anyone, without one) who streams is announced."
            checked={state.autoDiscover}
            onChange={(on) => setState('autoDiscover', on)}
            disabled={props.readOnly()}
            error={error('goLiveAutoDiscover')}
          />
          <Show when={state.autoDiscover}>
            <RoleSelect
              label="Discover role"
              lookup={lookup()}
              none="Everyone"
              value={state.discoverRoleId}
              onChange={(id) => setState('discoverRoleId', id)}
              error={error('goLiveDiscoverRoleId')}
            />
          </Show>
          <CheckboxField
            label="Quiet hours (post without the role mention)"
            checked={state.quietOn}
            onChange={(on) => setState('quietOn', on)}
            disabled={props.readOnly()}
            error={error('goLiveQuietHours')}
          />
          <Show when={state.quietOn}>
            <div class="grid gap-4 sm:grid-cols-2">
              <Field
                label="Quiet from"
                type="time"
                value={state.quietFrom}
                onInput={(event) => setState('quietFrom', event.currentTarget.value)}
                error={error('goLiveQuietHours.from')}
              />
              <Field
                label="Quiet until"
                type="time"
                value={state.quietTo}
                onInput={(event) => setState('quietTo', event.currentTarget.value)}
                error={error('goLiveQuietHours.to')}
              />
            </div>
          </Show>
          <SelectField
            label="When the stream ends"
            value={state.endAction}
            options={[
              { value: 'edit', label: 'Edit the post to say it ended' },
              { value: 'delete', label: 'Delete the post' },
            ]}
            onChange={(action) => setState('endAction', action as 'edit' | 'delete')}
            error={error('goLiveEndAction')}
          />
        </Card>
      </fieldset>
      <Show when={!props.readOnly()}>
        <div class="flex justify-end">
          <Button type="submit" variant="primary" icon="i-ph-floppy-disk" busy={form.busy()}>
            Save go-live settings
          </Button>
        </div>
      </Show>
    </form>
  );
}
