/**
 * Deploys a database in three steps in one dialog: the form (template, version, name, exposure,
 * port, resources), the live progress from the events stream, then how to connect. The form's
 * hints are checked here; the API's 400 field messages are shown on the fields they name.
 */
import { createEffect, createMemo, createSignal, For, Match, on, Show, Switch } from 'solid-js';
import { ApiForm, createApiForm } from '../../ui/ApiForm';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field, SelectField } from '../../ui/Field';
import { deployInstance } from './api';
import { ConnectionPanel } from './ConnectionPanel';
import type { DatabasesFeed } from './databases-feed';
import {
  deployProgress,
  exposures,
  identifierProblem,
  nameProblem,
  portProblem,
  type StepState,
  suggestName,
} from './instances';
import type { DatabaseExposure, DatabaseInstance, DatabaseTemplate } from './types';

/** The API's names of the fields the form shows, so their messages are not repeated in the banner. */
const formFields = [
  'name',
  'hostPort',
  'memoryMb',
  'cpus',
  'username',
  'databaseName',
  'version',
  'template',
  'expose',
] as const;

const stepIcon: Record<StepState, string> = {
  pending: 'i-ph-circle text-ink-subtle',
  active: 'i-ph-circle-notch spinner text-cyan-300',
  done: 'i-ph-check-circle text-ok-300',
  failed: 'i-ph-x-circle text-danger-300',
};
const stepWord: Record<StepState, string> = {
  pending: 'to do',
  active: 'in progress',
  done: 'done',
  failed: 'failed',
};

export interface DeployWizardProps {
  /** The template to start from; null closes the dialog. */
  template: DatabaseTemplate | null;
  templates: readonly DatabaseTemplate[];
  feed: DatabasesFeed;
  onClose: () => void;
}

export function DeployWizard(props: DeployWizardProps) {
  const [templateId, setTemplateId] = createSignal('');
  const [version, setVersion] = createSignal('');
  const [name, setName] = createSignal('');
  const [expose, setExpose] = createSignal<DatabaseExposure>('none');
  const [hostPort, setHostPort] = createSignal('');
  const [memoryMb, setMemoryMb] = createSignal('');
  const [cpus, setCpus] = createSignal('');
  const [username, setUsername] = createSignal('');
  const [databaseName, setDatabaseName] = createSignal('');
  const form = createApiForm({ failure: 'Could not start the deploy.', fields: formFields });
  const [deployed, setDeployed] = createSignal<DatabaseInstance | null>(null);
  let formElement: HTMLFormElement | undefined;
  const focusFirstInvalid = () => formElement?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();

  const template = createMemo(() => props.templates.find((t) => t.id === templateId()) ?? null);
  const taken = () => (props.feed.instances() ?? []).map((i) => i.name);

  const applyTemplate = (t: DatabaseTemplate) => {
    setTemplateId(t.id);
    setVersion(t.defaultVersion);
    setName(suggestName(t, taken()));
    setHostPort(String(t.defaultPort + 10_000));
    setMemoryMb(String(t.defaults.memoryMb));
    setCpus(String(t.defaults.cpus));
    setUsername(t.defaults.username);
    setDatabaseName(t.defaults.databaseName ?? '');
  };

  createEffect(
    on(
      () => props.template,
      (t) => {
        if (!t) return;
        applyTemplate(t);
        setExpose('none');
        form.reset();
        setDeployed(null);
      },
    ),
  );

  const errors = (): Record<(typeof formFields)[number], string | undefined> => ({
    name: form.fieldError('name', nameProblem(name().trim())),
    hostPort: form.fieldError('hostPort', expose() === 'none' ? null : portProblem(hostPort())),
    memoryMb: form.fieldError(
      'memoryMb',
      Number.isInteger(Number(memoryMb())) && Number(memoryMb()) >= 64
        ? null
        : 'At least 64 MB, in whole MB.',
    ),
    cpus: form.fieldError(
      'cpus',
      Number(cpus()) >= 0.1 && Number(cpus()) <= 64 ? null : 'Between 0.1 and 64.',
    ),
    username: form.fieldError('username', template()?.fields.username ? identifierProblem(username()) : null),
    databaseName: form.fieldError(
      'databaseName',
      template()?.fields.databaseName ? identifierProblem(databaseName()) : null,
    ),
    version: form.fieldError('version', null),
    template: form.fieldError('template', null),
    expose: form.fieldError('expose', null),
  });
  const firstInvalid = () => Object.entries(errors()).find(([, message]) => message)?.[0];

  const submit = form.handleSubmit(
    async () => {
      const t = template();
      if (!t) return;
      const instance = await deployInstance({
        template: t.id,
        name: name().trim(),
        version: version(),
        expose: expose(),
        ...(expose() === 'none' ? {} : { hostPort: Number(hostPort()) }),
        memoryMb: Number(memoryMb()),
        cpus: Number(cpus()),
        ...(t.fields.username && username() ? { username: username() } : {}),
        ...(t.fields.databaseName && databaseName() ? { databaseName: databaseName() } : {}),
      });
      props.feed.put(instance);
      setDeployed(instance);
    },
    {
      invalid: () => {
        if (!firstInvalid()) return false;
        focusFirstInvalid();
        return true;
      },
      onFailure: () => queueMicrotask(focusFirstInvalid),
    },
  );

  const live = () => {
    const d = deployed();
    return d ? ((props.feed.instances() ?? []).find((i) => i.id === d.id) ?? d) : null;
  };
  const progress = () => deployProgress(deployed() ? props.feed.progressOf(deployed()!.id) : []);
  const running = () => live()?.status === 'running' || (progress().finished && !progress().error);
  const failed = () => live()?.status === 'failed' || Boolean(progress().error);
  const phase = () => (!deployed() ? 'form' : running() ? 'ready' : failed() ? 'failed' : 'deploying');

  const title = () =>
    phase() === 'form'
      ? `Deploy ${template()?.name ?? 'a database'}`
      : phase() === 'ready'
        ? `${deployed()!.name} is running`
        : phase() === 'failed'
          ? `Deploying ${deployed()!.name} failed`
          : `Deploying ${deployed()!.name}…`;

  return (
    <Dialog
      open={props.template !== null}
      onClose={props.onClose}
      locked={form.busy()}
      title={title()}
      size="lg"
    >
      <Switch>
        <Match when={phase() === 'form'}>
          <ApiForm
            ref={formElement}
            form={form}
            onSubmit={submit}
            failureTitle="Could not deploy"
            submitLabel="Deploy"
            submitIcon="i-ph-rocket-launch"
            onCancel={props.onClose}
          >
            <div class="grid gap-4 sm:grid-cols-2">
              <SelectField
                label="Database"
                value={templateId()}
                onChange={(id) => {
                  const t = props.templates.find((x) => x.id === id);
                  if (t) applyTemplate(t);
                }}
                options={props.templates.map((t) => ({ value: t.id, label: t.name }))}
                error={errors().template}
              />
              <SelectField
                label="Version"
                value={version()}
                onChange={setVersion}
                options={(template()?.versions ?? []).map((v) => ({
                  value: v,
                  label: v === template()?.defaultVersion ? `${v} (recommended)` : v,
                }))}
                hint={template()?.images[version()]}
                error={errors().version}
              />
            </div>
            <Field
              label="Name"
              data-autofocus
              required
              maxLength={57}
              spellcheck={false}
              autocomplete="off"
              value={name()}
              hint="Lowercase letters, digits and “-”. It becomes the hostname other containers use."
              error={errors().name}
              onInput={(event) => setName(event.currentTarget.value)}
            />
            <fieldset
              class="flex flex-col gap-2"
              aria-describedby={errors().expose ? 'expose-error' : undefined}
            >
              <legend class="mb-1 text-sm font-medium text-ink">Who can reach it</legend>
              <For each={exposures}>
                {(option) => (
                  <label class="flex cursor-pointer items-start gap-2 rounded-control border border-space-600 px-3 py-2 hover:border-space-400 has-[:checked]:border-violet-400">
                    <input
                      type="radio"
                      name="expose"
                      value={option.value}
                      class="mt-1 accent-violet-500"
                      checked={expose() === option.value}
                      onChange={() => setExpose(option.value)}
                    />
                    <span class="flex flex-col">
                      <span class="text-sm text-ink">{option.label}</span>
                      <span class="text-xs text-ink-muted">{option.hint}</span>
                    </span>
                  </label>
                )}
              </For>
              <Show when={errors().expose}>
                <p id="expose-error" class="text-xs text-danger-300">
                  {errors().expose}
                </p>
              </Show>
            </fieldset>
            <Show when={expose() !== 'none'}>
              <Field
                label="Port on this server"
                type="number"
                inputMode="numeric"
                min={1024}
                max={65535}
                value={hostPort()}
                hint={`Inside the container it listens on ${template()?.defaultPort}.`}
                error={errors().hostPort}
                onInput={(event) => setHostPort(event.currentTarget.value)}
              />
            </Show>
            <div class="grid gap-4 sm:grid-cols-2">
              <Field
                label="Memory limit (MB)"
                type="number"
                inputMode="numeric"
                min={64}
                step={64}
                value={memoryMb()}
                error={errors().memoryMb}
                onInput={(event) => setMemoryMb(event.currentTarget.value)}
              />
              <Field
                label="CPU limit (cores)"
                type="number"
                inputMode="decimal"
                min={0.1}
                step={0.1}
                value={cpus()}
                error={errors().cpus}
                onInput={(event) => setCpus(event.currentTarget.value)}
              />
              <Show when={template()?.fields.username}>
                <Field
                  label="Username"
                  spellcheck={false}
                  autocomplete="off"
                  value={username()}
                  error={errors().username}
                  hint={
                    template()?.reservedUsernames.length
                      ? `Not ${template()!.reservedUsernames.join(', ')}.`
                      : undefined
                  }
                  onInput={(event) => setUsername(event.currentTarget.value)}
                />
              </Show>
              <Show when={template()?.fields.databaseName}>
                <Field
                  label="Database name"
                  spellcheck={false}
                  autocomplete="off"
                  value={databaseName()}
                  error={errors().databaseName}
                  onInput={(event) => setDatabaseName(event.currentTarget.value)}
                />
              </Show>
            </div>
            <p class="text-xs text-ink-muted">
              A strong password is generated and stored encrypted; you can see it once deployed.
            </p>
          </ApiForm>
        </Match>
        <Match when={deployed()}>
          {(instance) => (
            <div class="flex flex-col gap-4">
              <ol class="flex flex-col gap-2" aria-label="Deploy steps">
                <For each={progress().steps}>
                  {(step) => (
                    <li class="flex items-center gap-2 text-sm">
                      <span class={stepIcon[step.state]} aria-hidden="true" />
                      <span class={step.state === 'pending' ? 'text-ink-muted' : 'text-ink'}>
                        {step.label}
                      </span>
                      <span class="sr-only">: {stepWord[step.state]}</span>
                    </li>
                  )}
                </For>
              </ol>
              <p class="text-sm text-ink-muted" role="status" aria-live="polite">
                {progress().message}
              </p>
              <Show when={phase() === 'failed'}>
                <Banner tone="danger" title="The deploy failed">
                  {progress().error ?? live()?.statusDetail ?? 'See the runner logs for details.'} What it had
                  created was removed; fix the cause and deploy again, or delete the failed entry.
                </Banner>
              </Show>
              <Show when={phase() === 'ready'}>
                <Banner tone="ok" title="Ready to use">
                  Copy the connection string into your app.
                </Banner>
                <ConnectionPanel instance={live() ?? instance()} />
              </Show>
              <div class="flex justify-end">
                <Button variant={phase() === 'deploying' ? 'ghost' : 'primary'} onClick={props.onClose}>
                  {phase() === 'deploying' ? 'Continue in the background' : 'Done'}
                </Button>
              </div>
            </div>
          )}
        </Match>
      </Switch>
    </Dialog>
  );
}
