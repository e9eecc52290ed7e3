/**
 * /jarvis/runbooks: the steps Jarvis follows for known problems, as markdown, with the symptoms
 * that match them and the tools a plan from them may use (approval rules still apply).
 */
import { jarvisTools } from '@homelab/db/jarvis/catalog';
import { createSignal, For, Show } from 'solid-js';
import { usePageTitle } from '../../lib/title';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { Disclosure } from '../../ui/Disclosure';
import { Field, TextAreaField } from '../../ui/Field';
import { createSaveForm, FormDialog } from '../../ui/FormDialog';
import { LoadState } from '../../ui/LoadState';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import { createRunbook, deleteRunbook, listRunbooks, type Runbook, updateRunbook } from './api';
import { JarvisHeader } from './JarvisHeader';
import { riskLook } from './labels';

export default function RunbooksPage() {
  usePageTitle('Jarvis runbooks');
  const runbooks = createLoaded(listRunbooks);
  /** The runbook being edited; `null` a new one; `undefined` no dialog. */
  const [editing, setEditing] = createSignal<Runbook | null | undefined>(undefined);
  const removal = createConfirmation(async (runbook: Runbook) => {
    await deleteRunbook(runbook.id);
    toast(`Runbook ${runbook.title} deleted`);
    void runbooks.reload();
  }, 'Could not delete the runbook.');

  return (
    <div class="flex flex-col gap-6">
      <JarvisHeader
        title="Runbooks"
        description="How to fix problems you know: Jarvis follows the matching runbook when it sees its symptoms."
        actions={
          <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setEditing(null)}>
            New runbook
          </Button>
        }
      />
      <Card title="Runbooks" icon="i-ph-book-open-text">
        <LoadState
          load={runbooks}
          what="runbooks"
          empty={{
            title: 'No runbooks yet',
            icon: 'i-ph-book-open-text',
            body: 'Write the steps for a problem you have fixed before, so Jarvis does it the same way.',
          }}
        >
          {(list) => (
            <ul class="flex flex-col gap-3" aria-label="Runbooks">
              <For each={list}>
                {(runbook) => (
                  <li class="flex flex-col gap-2 rounded-control border border-space-600 p-4">
                    <div class="flex flex-wrap items-center gap-2">
                      <h3 class="font-semibold text-ink">{runbook.title}</h3>
                      <div class="ml-auto flex gap-2">
                        <Button size="sm" icon="i-ph-pencil-simple" onClick={() => setEditing(runbook)}>
                          Edit <span class="sr-only">{runbook.title}</span>
                        </Button>
                        <Button
                          size="sm"
                          variant="danger"
                          icon="i-ph-trash"
                          onClick={() => removal.open(runbook)}
                        >
                          Delete <span class="sr-only">{runbook.title}</span>
                        </Button>
                      </div>
                    </div>
                    <p class="text-sm text-ink-muted">Symptoms: {runbook.symptoms.join(', ')}</p>
                    <Show when={runbook.allowedTools.length > 0}>
                      <ul class="flex flex-wrap gap-1" aria-label="Allowed tools">
                        <For each={runbook.allowedTools}>
                          {(tool) => (
                            <li>
                              <Badge tone="neutral">{tool}</Badge>
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                    <Disclosure label="Steps" icon="i-ph-list-numbers">
                      <pre class="whitespace-pre-wrap font-sans text-sm text-ink">{runbook.body}</pre>
                    </Disclosure>
                  </li>
                )}
              </For>
            </ul>
          )}
        </LoadState>
      </Card>
      <Show when={editing() !== undefined}>
        <RunbookDialog
          runbook={editing() ?? null}
          onSaved={() => void runbooks.reload()}
          onClose={() => setEditing(undefined)}
        />
      </Show>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete ${removal.target()?.title ?? 'the runbook'}?`}
        description="Jarvis stops following it; diagnoses that used it keep their text."
        confirmLabel="Delete runbook"
      />
    </div>
  );
}

function RunbookDialog(props: { runbook: Runbook | null; onSaved: () => void; onClose: () => void }) {
  const [title, setTitle] = createSignal(props.runbook?.title ?? '');
  const [symptoms, setSymptoms] = createSignal(props.runbook?.symptoms.join(', ') ?? '');
  const [body, setBody] = createSignal(props.runbook?.body ?? '');
  const [tools, setTools] = createSignal<string[]>(props.runbook?.allowedTools ?? []);
  const symptomList = () =>
    symptoms()
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const toggle = (tool: string, on: boolean) =>
    setTools((list) => (on ? [...list, tool] : list.filter((t) => t !== tool)));

  const form = createSaveForm({
    failure: 'The runbook could not be saved.',
    fields: ['title', 'symptoms', 'body', 'allowedTools'],
    checks: () => ({
      title: title().trim() ? null : 'Give it a title.',
      symptoms: symptomList().length ? null : 'Name at least one symptom.',
      body: body().trim() ? null : 'Write the steps.',
    }),
    save: async () => {
      const input = { title: title().trim(), symptoms: symptomList(), body: body(), allowedTools: tools() };
      if (props.runbook) await updateRunbook(props.runbook.id, input);
      else await createRunbook(input);
      return `Runbook ${input.title} saved`;
    },
    onSaved: props.onSaved,
    onClose: props.onClose,
  });

  return (
    <FormDialog
      form={form}
      size="lg"
      title={props.runbook ? `Edit ${props.runbook.title}` : 'New runbook'}
      failureTitle="Could not save the runbook"
      submitLabel="Save runbook"
      onClose={props.onClose}
    >
      <Field
        label="Title"
        value={title()}
        onInput={(e) => setTitle(e.currentTarget.value)}
        error={form.errorOf('title')}
      />
      <Field
        label="Symptoms"
        value={symptoms()}
        onInput={(e) => setSymptoms(e.currentTarget.value)}
        hint="Comma-separated words that identify the problem: crash loop, OOMKilled, disk full."
        error={form.errorOf('symptoms')}
      />
      <TextAreaField
        label="Steps (markdown)"
        rows={10}
        value={body()}
        onInput={(e) => setBody(e.currentTarget.value)}
        error={form.errorOf('body')}
      />
      <fieldset class="flex flex-col gap-2">
        <legend class="text-sm font-medium text-ink">Tools a plan from this runbook may use</legend>
        <p class="text-xs text-ink-muted">Approval rules still apply: destructive tools always ask.</p>
        <div class="grid gap-1 sm:grid-cols-2">
          <For each={jarvisTools.filter((t) => t.risk !== 'read')}>
            {(tool) => (
              <label class="flex items-center gap-2 text-sm text-ink">
                <input
                  type="checkbox"
                  class="h-4 w-4 accent-violet-500"
                  checked={tools().includes(tool.name)}
                  onChange={(e) => toggle(tool.name, e.currentTarget.checked)}
                />
                <span class="font-mono">{tool.name}</span>
                <span class="text-xs text-ink-muted">({riskLook[tool.risk].text.toLowerCase()})</span>
              </label>
            )}
          </For>
        </div>
        <Show when={form.error()?.fields.allowedTools}>
          <p class="text-xs text-danger-300">{form.error()?.fields.allowedTools}</p>
        </Show>
      </fieldset>
    </FormDialog>
  );
}
