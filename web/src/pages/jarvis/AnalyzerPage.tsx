/**
 * /jarvis/analyzer: point Jarvis at a project folder on the server; it shows the stack it found and
 * what it would deploy, and proposes the deployment as a call a person approves in a conversation.
 */
import { A } from '@solidjs/router';
import { createSignal, Match, Show, Switch } from 'solid-js';
import { ApiError } from '../../api/client';
import { usePageTitle } from '../../lib/title';
import { createApiForm } from '../../ui/ApiForm';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { Field } from '../../ui/Field';
import { Skeleton } from '../../ui/Skeleton';
import { AnalysisView } from './AnalysisView';
import { type Analysis, analyzeProject, type ProjectInput, proposeDeployment } from './analyzer-api';
import { JarvisHeader } from './JarvisHeader';

/** The runners have no JARVIS_PROJECTS_DIR: nothing can be analysed until the owner sets it. */
const notConfigured = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.status === 503 && error.code === 'not_configured';

/** The runner's refusals of the folder itself (outside the projects folder, missing) name no field. */
const aboutFolder = (error: ApiError) =>
  (error.status === 400 || error.status === 404) && Object.keys(error.fields).length === 0;

export default function AnalyzerPage() {
  usePageTitle('Jarvis deployment analyzer');
  const [path, setPath] = createSignal('');
  const [host, setHost] = createSignal('');
  const [analysed, setAnalysed] = createSignal<{ input: ProjectInput; analysis: Analysis } | null>(null);
  const [unconfigured, setUnconfigured] = createSignal<string | null>(null);
  const form = createApiForm({ failure: 'The project could not be analysed.', fields: ['path', 'host'] });

  const localPathError = () => {
    const value = path().trim();
    if (!value) return 'Name the project folder.';
    return value.startsWith('/') ? null : 'Give the absolute path, starting with /.';
  };
  const pathError = () => {
    const error = form.error();
    return (
      form.fieldError('path', localPathError()) ?? (error && aboutFolder(error) ? error.message : undefined)
    );
  };
  const bannerError = () => {
    const error = form.error();
    return error && aboutFolder(error) ? null : form.formError();
  };

  const submit = form.handleSubmit(
    async () => {
      const input: ProjectInput = { path: path().trim() };
      if (host().trim()) input.host = host().trim();
      setAnalysed(null);
      try {
        setAnalysed({ input, analysis: await analyzeProject(input) });
        setUnconfigured(null);
      } catch (error) {
        if (!notConfigured(error)) throw error;
        setUnconfigured(error.message);
      }
    },
    { invalid: localPathError },
  );

  return (
    <div class="flex flex-col gap-6">
      <JarvisHeader
        title="Deployment analyzer"
        description="Point Jarvis at a project on the server: it finds the stack, proposes how to run it behind Caddy, and deploys it once you approve."
      />
      <Card title="Project" icon="i-ph-folder-open">
        <form class="grid items-start gap-4 md:grid-cols-[2fr_1fr_auto]" onSubmit={submit} noValidate>
          <Field
            label="Project folder"
            name="path"
            placeholder="/srv/projects/my-app"
            autocomplete="off"
            spellcheck={false}
            maxLength={500}
            value={path()}
            onInput={(event) => setPath(event.currentTarget.value)}
            error={pathError()}
            hint="An absolute path under the projects folder (JARVIS_PROJECTS_DIR); for a git repository, its checkout."
          />
          <Field
            label="Host name (optional)"
            name="host"
            placeholder="app.example.com"
            autocomplete="off"
            spellcheck={false}
            maxLength={253}
            value={host()}
            onInput={(event) => setHost(event.currentTarget.value)}
            error={form.fieldError('host')}
            hint="The site the Caddy route answers; <project>.example.com when empty."
          />
          <Button
            type="submit"
            variant="primary"
            icon="i-ph-magnifying-glass"
            busy={form.busy()}
            class="md:mt-7"
          >
            Analyze
          </Button>
        </form>
        <Show when={bannerError()}>
          {(message) => (
            <Banner tone="danger" title="Could not analyse the project">
              {message()}
            </Banner>
          )}
        </Show>
      </Card>

      <Switch>
        <Match when={unconfigured()}>
          {(message) => (
            <Card title="No projects folder" icon="i-ph-folder-dashed">
              <EmptyState title="Set JARVIS_PROJECTS_DIR to use the analyzer" icon="i-ph-folder-dashed">
                <p>
                  The analyzer reads projects only from the folder named by JARVIS_PROJECTS_DIR in the
                  runners' environment. Set it to where your projects (or their git checkouts) live and
                  restart the runners.
                </p>
                <p class="mt-2">{message()}</p>
              </EmptyState>
            </Card>
          )}
        </Match>
        <Match when={form.busy() && !analysed()}>
          <Card title="Analysing" icon="i-ph-magnifying-glass">
            <Skeleton lines={5} label="Analysing the project…" />
          </Card>
        </Match>
        <Match when={analysed()}>
          {(current) => (
            <>
              <AnalysisView analysis={current().analysis} />
              <DeployCard
                input={current().input}
                analysis={current().analysis}
                onNotConfigured={setUnconfigured}
              />
            </>
          )}
        </Match>
      </Switch>
    </div>
  );
}

function DeployCard(props: {
  input: ProjectInput;
  analysis: Analysis;
  onNotConfigured: (message: string) => void;
}) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [conversationId, setConversationId] = createSignal<string | null>(null);

  const propose = async () => {
    if (busy()) return;
    setBusy(true);
    setError(null);
    try {
      setConversationId((await proposeDeployment(props.input)).conversationId);
    } catch (caught) {
      if (notConfigured(caught)) props.onNotConfigured(caught.message);
      else setError(caught instanceof ApiError ? caught.message : 'The deployment could not be proposed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Deploy" icon="i-ph-rocket-launch">
      <Switch>
        <Match when={props.analysis.stack.kind === 'compose'}>
          <p class="text-sm text-ink-muted">
            This is a compose project: deploy it as a stack, with its own compose file, rather than as one
            image.
          </p>
        </Match>
        <Match when={props.analysis.stack.kind === 'unknown'}>
          <p class="text-sm text-ink-muted">
            Jarvis did not recognise the stack, so there is nothing to build.
          </p>
        </Match>
        <Match when={conversationId()}>
          {(id) => (
            <Banner
              tone="ok"
              title="Deployment proposed"
              action={
                <A href={`/jarvis/${id()}`} class="btn-primary btn-sm shrink-0">
                  <span class="i-ph-arrow-right" aria-hidden="true" />
                  Open the conversation
                </A>
              }
            >
              It waits for your approval in its conversation; nothing is built until then.
            </Banner>
          )}
        </Match>
        <Match when>
          <p class="text-sm text-ink-muted">
            Building the image and starting the container replaces any earlier container of{' '}
            {props.analysis.name}, so Jarvis proposes it and waits for your approval.
          </p>
          <Show when={error()}>
            {(message) => (
              <Banner tone="danger" title="Could not propose the deployment">
                {message()}
              </Banner>
            )}
          </Show>
          <Button
            variant="primary"
            icon="i-ph-rocket-launch"
            busy={busy()}
            class="self-start"
            onClick={() => void propose()}
          >
            Propose deployment
          </Button>
        </Match>
      </Switch>
    </Card>
  );
}
