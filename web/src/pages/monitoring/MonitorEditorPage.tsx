/**
 * /monitoring/new and /monitoring/:id/edit: the type picker, the chosen type's fields, the
 * schedule (interval ≥ 20 s, retries, timeout), tags, domain and notification channels. "Test
 * now" runs the unsaved settings once and shows what the check found; the API's 400 messages
 * land under their fields, next to the page's own checks.
 */
import { A, useNavigate, useParams } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { ApiError } from '../../api/client';
import { usePageTitle } from '../../lib/title';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CheckboxField, Field } from '../../ui/Field';
import { LoadState } from '../../ui/LoadState';
import { toast } from '../../ui/Toast';
import { listChannels } from '../notifications/api';
import { createMonitor, getMonitor, testMonitor, updateMonitor } from './api';
import { CheckResultView } from './CheckResultView';
import {
  buildMonitorInput,
  type EditorState,
  editorFieldNames,
  editorStateOf,
  editorTypes,
  emptyEditorState,
  type FieldErrors,
  foldFieldErrors,
  messageFor,
  minIntervalSeconds,
} from './editor-config';
import { createLoaded } from './load';
import { TypeFields } from './TypeFields';
import type { CheckResult, Monitor } from './types';

export default function MonitorEditorPage() {
  const params = useParams<{ id?: string }>();
  const id = params.id;
  usePageTitle(id ? 'Edit monitor' : 'New monitor');
  const existing = id ? createLoaded(() => getMonitor(id)) : null;
  return (
    <div class="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" class="text-sm">
        <A
          href={id ? `/monitoring/${encodeURIComponent(id)}` : '/monitoring'}
          class="text-ink-muted hover:text-ink"
        >
          <span class="i-ph-arrow-left" aria-hidden="true" /> {id ? 'Back to the monitor' : 'Monitoring'}
        </A>
      </nav>
      <h1 class="text-2xl font-semibold text-ink">{id ? 'Edit monitor' : 'New monitor'}</h1>
      <Show when={existing} fallback={<MonitorEditor />}>
        {(load) => (
          <LoadState load={load()} what="monitor" lines={6}>
            {(monitor) => <MonitorEditor monitor={monitor} />}
          </LoadState>
        )}
      </Show>
    </div>
  );
}

export function MonitorEditor(props: { monitor?: Monitor }) {
  const navigate = useNavigate();
  const [state, setState] = createStore<EditorState>(
    props.monitor ? editorStateOf(props.monitor) : emptyEditorState(),
  );
  const channels = createLoaded(listChannels);
  const [submitted, setSubmitted] = createSignal(false);
  const [local, setLocal] = createSignal<FieldErrors>({});
  const [apiError, setApiError] = createSignal<ApiError | null>(null);
  const [saving, setSaving] = createSignal(false);
  const [testing, setTesting] = createSignal(false);
  const [result, setResult] = createSignal<CheckResult | null>(null);

  const set = <K extends keyof EditorState>(key: K, value: EditorState[K]) => {
    setState(key, value as never);
    // What the user typed answers the page's own objection; recheck once they have tried to send.
    if (submitted()) setLocal(buildMonitorInput({ ...state }).errors);
  };
  const apiFields = () => foldFieldErrors(apiError()?.fields ?? {});
  const error = (key: string) =>
    messageFor(apiFields(), key) ?? (submitted() ? messageFor(local(), key) : undefined);
  const formError = () => {
    const e = apiError();
    if (!e) return null;
    const named = Object.keys(apiFields()).some((field) =>
      (editorFieldNames as readonly string[]).some(
        (known) => field === known || field.startsWith(`${known}.`),
      ),
    );
    return named ? null : e.message;
  };

  /** The input when the page finds nothing to object to; otherwise null, with the objections shown. */
  const prepare = () => {
    setSubmitted(true);
    setApiError(null);
    const built = buildMonitorInput({ ...state, channelIds: [...state.channelIds] });
    setLocal(built.errors);
    if (Object.keys(built.errors).length > 0) {
      // Focus the first field the page objects to, so keyboard users land on it.
      queueMicrotask(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
      return null;
    }
    return built.input;
  };

  const fail = (caught: unknown, fallback: string) =>
    setApiError(caught instanceof ApiError ? caught : new ApiError(0, 'unknown', fallback));

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    if (saving()) return;
    const input = prepare();
    if (!input) return;
    setSaving(true);
    try {
      const saved = props.monitor ? await updateMonitor(props.monitor.id, input) : await createMonitor(input);
      toast(props.monitor ? `Monitor ${saved.name} saved` : `Monitor ${saved.name} created`);
      navigate(`/monitoring/${encodeURIComponent(saved.id)}`);
    } catch (caught) {
      fail(caught, 'Could not save the monitor.');
    } finally {
      setSaving(false);
    }
  };

  const testNow = async () => {
    if (testing()) return;
    const input = prepare();
    if (!input) return;
    setTesting(true);
    setResult(null);
    try {
      setResult(await testMonitor(input));
    } catch (caught) {
      fail(caught, 'Could not run the test.');
    } finally {
      setTesting(false);
    }
  };

  const toggleChannel = (channelId: string, on: boolean) =>
    set(
      'channelIds',
      on ? [...state.channelIds, channelId] : state.channelIds.filter((c) => c !== channelId),
    );

  return (
    <form class="flex flex-col gap-6" onSubmit={(event) => void save(event)} noValidate>
      <Show when={formError()}>
        {(message) => (
          <Banner tone="danger" title="Could not save the monitor">
            {message()}
          </Banner>
        )}
      </Show>
      <Card title="What to check" icon="i-ph-crosshair">
        <fieldset class="flex flex-col gap-2">
          <legend class="mb-2 text-sm font-medium text-ink">Type</legend>
          <div class="grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
            <For each={editorTypes}>
              {(option) => (
                <label
                  class="flex cursor-pointer items-center gap-2 rounded-control border border-space-500 px-3 py-2 text-sm text-ink hover:border-space-400"
                  classList={{ 'border-violet-400 bg-space-700': state.type === option.type }}
                >
                  <input
                    type="radio"
                    name="monitor-type"
                    class="accent-violet-500"
                    value={option.type}
                    checked={state.type === option.type}
                    onChange={() => {
                      set('type', option.type);
                      setResult(null);
                    }}
                  />
                  <span class={`${option.icon} text-violet-300`} aria-hidden="true" />
                  {option.label}
                </label>
              )}
            </For>
          </div>
        </fieldset>
        <Field
          label="Name"
          placeholder="rig-city.com website"
          value={state.name}
          onInput={(e) => set('name', e.currentTarget.value)}
          error={error('name')}
        />
        <TypeFields
          state={state}
          set={set}
          error={error}
          savedUrl={
            props.monitor?.type === 'postgres' || props.monitor?.type === 'redis'
              ? String(props.monitor.config.url ?? '')
              : undefined
          }
        />
        <div class="flex flex-wrap items-center gap-3">
          <Button icon="i-ph-flask" busy={testing()} onClick={() => void testNow()}>
            Test now
          </Button>
          <span class="text-xs text-ink-muted">
            Runs the check once with these settings; nothing is saved.
          </span>
        </div>
        <div aria-live="polite">
          <Show when={result()}>{(r) => <CheckResultView result={r()} />}</Show>
        </div>
      </Card>

      <Card title="Schedule and alerts" icon="i-ph-clock">
        <div class="grid gap-4 sm:grid-cols-3">
          <Field
            label="Check every (seconds)"
            type="number"
            min={String(minIntervalSeconds)}
            hint={`At least ${minIntervalSeconds} seconds.`}
            value={state.intervalSeconds}
            onInput={(e) => set('intervalSeconds', e.currentTarget.value)}
            error={error('intervalSeconds')}
          />
          <Field
            label="Timeout (seconds)"
            type="number"
            step="0.5"
            value={state.timeoutSeconds}
            onInput={(e) => set('timeoutSeconds', e.currentTarget.value)}
            error={error('timeoutMs')}
          />
          <Field
            label="Retries before down"
            type="number"
            min="0"
            max="10"
            value={state.retries}
            onInput={(e) => set('retries', e.currentTarget.value)}
            error={error('retries')}
          />
        </div>
        <div class="grid gap-4 sm:grid-cols-2">
          <Field
            label="Domain"
            placeholder="rig-city.com"
            hint="Groups the monitor under its domain and on the public status page."
            value={state.domain}
            onInput={(e) => set('domain', e.currentTarget.value)}
            error={error('domain')}
          />
          <Field
            label="Tags"
            placeholder="website, production"
            hint="Separated by commas."
            value={state.tags}
            onInput={(e) => set('tags', e.currentTarget.value)}
            error={error('tags')}
          />
        </div>
        <CheckboxField label="Paused" checked={state.paused} onChange={(on) => set('paused', on)} />
        <fieldset class="flex flex-col gap-2">
          <legend class="mb-1 text-sm font-medium text-ink">Notify</legend>
          <LoadState
            load={channels}
            what="notification channels"
            lines={2}
            empty={{
              title: 'No notification channels yet',
              icon: 'i-ph-bell',
              body: (
                <>
                  Add Discord, a webhook, e-mail or ntfy under{' '}
                  <A href="/notifications" class="underline">
                    Notifications
                  </A>
                  .
                </>
              ),
            }}
          >
            {(list) => (
              <div class="flex flex-wrap gap-x-6 gap-y-2">
                <For each={list}>
                  {(channel) => (
                    <CheckboxField
                      label={`${channel.name} (${channel.type})`}
                      checked={state.channelIds.includes(channel.id)}
                      onChange={(on) => toggleChannel(channel.id, on)}
                    />
                  )}
                </For>
              </div>
            )}
          </LoadState>
          <Show when={error('channelIds')}>
            <p class="text-xs text-danger-300">{error('channelIds')}</p>
          </Show>
        </fieldset>
      </Card>

      <div class="flex justify-end gap-2">
        <A
          href={props.monitor ? `/monitoring/${encodeURIComponent(props.monitor.id)}` : '/monitoring'}
          class="btn-ghost"
        >
          Cancel
        </A>
        <Button type="submit" variant="primary" icon="i-ph-floppy-disk" busy={saving()}>
          {props.monitor ? 'Save monitor' : 'Create monitor'}
        </Button>
      </div>
    </form>
  );
}
