/** Create or edit a notification channel: the type's own fields, checked here and again by the API. */
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { createStore } from 'solid-js/store';
import { ApiForm, createApiForm } from '../../ui/ApiForm';
import { Dialog } from '../../ui/Dialog';
import { CheckboxField, Field } from '../../ui/Field';
import { toast } from '../../ui/Toast';
import { createChannel, updateChannel } from './api';
import {
  buildChannelInput,
  type ChannelFormState,
  channelFieldNames,
  channelFormOf,
  channelTypeLabels,
  channelTypeList,
  emptyChannelForm,
} from './channel-config';
import type { Channel } from './types';

export function ChannelDialog(props: { channel: Channel | null; onClose: () => void; onSaved: () => void }) {
  const editing = () => props.channel !== null;
  const form = createApiForm({ failure: 'Could not save the channel.', fields: channelFieldNames });
  const [state, setState] = createStore<ChannelFormState>(
    props.channel ? channelFormOf(props.channel) : emptyChannelForm(),
  );
  const [local, setLocal] = createSignal<Record<string, string>>({});
  // The API never sends a channel's settings back (they hold secrets): an edit keeps them unless
  // the owner chooses to enter new ones.
  const [replacing, setReplacing] = createSignal(!props.channel);
  const nameOnly = () => editing() && !replacing();
  const set = <K extends keyof ChannelFormState>(key: K, value: ChannelFormState[K]) => {
    setState(key, value as never);
    setLocal(buildChannelInput({ ...state }).errors);
  };
  const error = (key: string) => form.fieldError(key, local()[key]);
  const input = (key: keyof ChannelFormState) => (e: { currentTarget: { value: string } }) =>
    set(key, e.currentTarget.value as never);
  const secretHint = () =>
    editing() ? 'Kept secret: enter it again to save.' : 'Stored encrypted; never shown again.';

  const submit = form.handleSubmit(
    async () => {
      const { input: body } = buildChannelInput({ ...state });
      const saved = props.channel
        ? await updateChannel(
            props.channel.id,
            nameOnly() ? { name: state.name.trim(), enabled: state.enabled } : body,
          )
        : await createChannel(body);
      toast(`Channel ${saved.name ?? body.name} saved`);
      props.onSaved();
      props.onClose();
    },
    {
      invalid: () => {
        const all = buildChannelInput({ ...state }).errors;
        const errors = nameOnly() ? (all.name ? { name: all.name } : {}) : all;
        setLocal(errors);
        return Object.keys(errors).length > 0;
      },
    },
  );

  return (
    <Dialog
      open={true}
      title={editing() ? `Edit channel ${props.channel?.name ?? ''}` : 'New notification channel'}
      onClose={props.onClose}
      locked={form.busy()}
    >
      <ApiForm
        form={form}
        onSubmit={submit}
        failureTitle="Could not save the channel"
        submitLabel={editing() ? 'Save channel' : 'Create channel'}
        submitIcon="i-ph-floppy-disk"
        onCancel={props.onClose}
      >
        <fieldset class="flex flex-col gap-2" disabled={editing()}>
          <legend class="mb-1 text-sm font-medium text-ink">Type</legend>
          <div class="grid grid-cols-2 gap-2">
            <For each={channelTypeList}>
              {(type) => (
                <label class="flex cursor-pointer items-center gap-2 rounded-control border border-space-500 px-3 py-2 text-sm text-ink">
                  <input
                    type="radio"
                    name="channel-type"
                    class="accent-violet-500"
                    checked={state.type === type}
                    onChange={() => set('type', type)}
                  />
                  <span class={`${channelTypeLabels[type].icon} text-violet-300`} aria-hidden="true" />
                  {channelTypeLabels[type].label}
                </label>
              )}
            </For>
          </div>
        </fieldset>
        <Field label="Name" value={state.name} onInput={input('name')} error={error('name')} />
        <Show when={editing()}>
          <CheckboxField
            label={`Replace the settings (now ${props.channel?.target ?? 'kept secret'})`}
            checked={replacing()}
            onChange={setReplacing}
          />
        </Show>
        <Show when={!nameOnly()}>
          <Switch>
            <Match when={state.type === 'discord'}>
              <Field
                label="Webhook URL"
                type="password"
                autocomplete="off"
                placeholder="https://discord.com/api/webhooks/…"
                hint={secretHint()}
                value={state.url}
                onInput={input('url')}
                error={error('config.webhookUrl')}
              />
            </Match>
            <Match when={state.type === 'webhook'}>
              <Field
                label="URL"
                type="url"
                value={state.url}
                onInput={input('url')}
                error={error('config.url')}
              />
              <Field
                label="Signing secret"
                type="password"
                autocomplete="off"
                hint={`Signs each body as X-HomeLabHub-Signature (HMAC-SHA256). ${secretHint()}`}
                value={state.secret}
                onInput={input('secret')}
                error={error('config.secret')}
              />
            </Match>
            <Match when={state.type === 'smtp'}>
              <div class="grid gap-4 sm:grid-cols-[1fr_6rem]">
                <Field
                  label="Mail server"
                  value={state.host}
                  onInput={input('host')}
                  error={error('config.host')}
                />
                <Field
                  label="Port"
                  type="number"
                  value={state.port}
                  onInput={input('port')}
                  error={error('config.port')}
                />
              </div>
              <CheckboxField
                label="TLS from the start (port 465)"
                hint="Otherwise STARTTLS when the server offers it."
                checked={state.secure}
                onChange={(on) => set('secure', on)}
              />
              <div class="grid gap-4 sm:grid-cols-2">
                <Field
                  label="Username"
                  autocomplete="off"
                  value={state.username}
                  onInput={input('username')}
                  error={error('config.username')}
                />
                <Field
                  label="Password"
                  type="password"
                  autocomplete="off"
                  hint={secretHint()}
                  value={state.password}
                  onInput={input('password')}
                  error={error('config.password')}
                />
              </div>
              <Field
                label="From"
                type="email"
                value={state.from}
                onInput={input('from')}
                error={error('config.from')}
              />
              <Field
                label="To"
                hint="One or more addresses, separated by commas."
                value={state.to}
                onInput={input('to')}
                error={error('config.to')}
              />
            </Match>
            <Match when={state.type === 'ntfy'}>
              <Field
                label="Server"
                type="url"
                value={state.serverUrl}
                onInput={input('serverUrl')}
                error={error('config.serverUrl')}
              />
              <Field
                label="Topic"
                value={state.topic}
                onInput={input('topic')}
                error={error('config.topic')}
              />
              <Field
                label="Access token"
                type="password"
                autocomplete="off"
                hint={`Optional. ${secretHint()}`}
                value={state.token}
                onInput={input('token')}
                error={error('config.token')}
              />
            </Match>
          </Switch>
        </Show>
        <CheckboxField label="Enabled" checked={state.enabled} onChange={(on) => set('enabled', on)} />
      </ApiForm>
    </Dialog>
  );
}
