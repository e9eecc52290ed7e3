/**
 * Creating or editing a hook: name, URL and the events it wants ("All events" or a chosen few).
 * After a create, the dialog shows the signing secret once, with a copy button: it is never shown again.
 */
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { Dialog } from '../../ui/Dialog';
import { CheckboxField, Field } from '../../ui/Field';
import { createHook, updateHook } from './api';
import { eventLabel } from './look';
import type { Hook } from './types';

export function HookDialog(props: {
  hook: Hook | null;
  eventTypes: string[];
  onSaved: () => void;
  onClose: () => void;
}) {
  const [name, setName] = createSignal(props.hook?.name ?? '');
  const [url, setUrl] = createSignal(props.hook?.url ?? '');
  const [events, setEvents] = createSignal<string[]>(props.hook?.events ?? []);
  const [saving, setSaving] = createSignal(false);
  const [failure, setFailure] = createSignal<string | null>(null);
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});
  const [secret, setSecret] = createSignal<string | null>(null);

  const toggle = (type: string, on: boolean) =>
    setEvents((current) => (on ? [...current, type] : current.filter((t) => t !== type)));

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!name().trim()) local.name = 'Give the hook a name.';
    if (!/^https?:\/\/\S+$/i.test(url().trim()))
      local.url = 'Enter the http:// or https:// URL of the webhook.';
    setFieldErrors(local);
    if (Object.keys(local).length > 0) return;
    setSaving(true);
    setFailure(null);
    const input = {
      name: name().trim(),
      url: url().trim(),
      events: events(),
      enabled: props.hook?.enabled ?? true,
    };
    try {
      if (props.hook) {
        await updateHook(props.hook.id, input);
        props.onSaved();
        props.onClose();
      } else {
        const created = await createHook(input);
        props.onSaved();
        setSecret(created.secret);
      }
    } catch (error) {
      if (error instanceof ApiError) {
        setFieldErrors({ ...error.fields });
        setFailure(error.message);
      } else setFailure('The hook could not be saved.');
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      open
      onClose={props.onClose}
      locked={saving()}
      size="lg"
      title={props.hook ? `Edit ${props.hook.name}` : 'New hook'}
      description="Events are POSTed as JSON to this URL, signed with the hook's secret."
    >
      <Show
        when={secret()}
        fallback={
          <form class="flex flex-col gap-4" onSubmit={submit} novalidate>
            <Show when={failure()}>
              <Banner tone="danger" title="Not saved">
                {failure()}
              </Banner>
            </Show>
            <Field
              label="Name"
              value={name()}
              onInput={(e) => setName(e.currentTarget.value)}
              error={fieldErrors().name}
              maxLength={100}
            />
            <Field
              label="Webhook URL"
              type="url"
              value={url()}
              onInput={(e) => setUrl(e.currentTarget.value)}
              error={fieldErrors().url}
              hint="In n8n: the Webhook node's Production URL, e.g. http://n8n:5678/webhook/homelab"
            />
            <fieldset class="flex flex-col gap-2">
              <legend class="mb-1 text-sm font-medium text-ink">Events</legend>
              <CheckboxField
                label="All events"
                checked={events().length === 0}
                onChange={(on) => setEvents(on ? [] : [props.eventTypes[0] ?? 'incident.opened'])}
                hint="Including event types added later."
              />
              <div class="grid grid-cols-1 gap-1 pl-6 sm:grid-cols-2">
                <For each={props.eventTypes}>
                  {(type) => (
                    <CheckboxField
                      label={eventLabel(type)}
                      checked={events().length === 0 || events().includes(type)}
                      disabled={events().length === 0}
                      onChange={(on) => toggle(type, on)}
                    />
                  )}
                </For>
              </div>
            </fieldset>
            <div class="flex justify-end gap-2">
              <Button type="button" variant="ghost" onClick={props.onClose} disabled={saving()}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" disabled={saving()}>
                {props.hook ? 'Save' : 'Create hook'}
              </Button>
            </div>
          </form>
        }
      >
        {(shown) => (
          <div class="flex flex-col gap-4">
            <Banner tone="warn" title="Copy the signing secret now">
              It is shown this once. Put it in your workflow to check the X-HomeLabHub-Signature header.
            </Banner>
            <div class="flex items-center gap-2">
              <code class="flex-1 break-all rounded bg-black/30 px-3 py-2 font-mono text-sm text-ink">
                {shown()}
              </code>
              <CopyButton text={shown()} what="signing secret" />
            </div>
            <div class="flex justify-end">
              <Button variant="primary" onClick={props.onClose}>
                Done
              </Button>
            </div>
          </div>
        )}
      </Show>
    </Dialog>
  );
}
