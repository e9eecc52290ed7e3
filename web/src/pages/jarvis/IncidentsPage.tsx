/**
 * /jarvis/incidents: every diagnosis as a timeline (incident opened → investigating → diagnosis with
 * its evidence and plan → approvals → verification → resolved), searchable so a problem seen
 * before is recognised with how it was fixed.
 */
import { A } from '@solidjs/router';
import { createSignal, For, type JSX, Show } from 'solid-js';
import { formatDateTime } from '../../lib/format';
import { debounced } from '../../lib/poll';
import { usePageTitle } from '../../lib/title';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { Disclosure } from '../../ui/Disclosure';
import { LoadState } from '../../ui/LoadState';
import { SearchBox } from '../../ui/SearchBox';
import { createLoaded } from '../monitoring/load';
import { type Diagnosis, getConversation, listDiagnoses } from './api';
import { JarvisHeader } from './JarvisHeader';
import { diagnosisStateLook, formatArgs } from './labels';
import { ToolCallCard } from './ToolCallCard';

export default function IncidentsPage() {
  usePageTitle('Jarvis incidents');
  const [query, setQuery] = createSignal('');
  const diagnoses = createLoaded(() => listDiagnoses(query().trim() || undefined));
  const search = debounced(() => void diagnoses.reload(), 300);

  return (
    <div class="flex flex-col gap-6">
      <JarvisHeader
        title="Incidents"
        description="What Jarvis found out about each incident, the evidence it used and how it ended."
      />
      <Card
        title="Diagnoses"
        icon="i-ph-stethoscope"
        actions={
          <SearchBox
            label="Search past diagnoses"
            value={query()}
            onInput={(text) => {
              setQuery(text);
              search(text);
            }}
          />
        }
      >
        <LoadState
          load={diagnoses}
          what="diagnoses"
          empty={{
            title: query().trim() ? 'No diagnosis matches' : 'No incidents diagnosed yet',
            icon: 'i-ph-stethoscope',
            body: query().trim()
              ? 'Try other words: a container name, an error, a domain.'
              : 'When a monitor opens an incident, Jarvis investigates it and its diagnosis appears here.',
          }}
        >
          {(list) => (
            <ul class="flex flex-col gap-4" aria-label="Diagnoses">
              <For each={list}>{(d) => <DiagnosisTimeline diagnosis={d} />}</For>
            </ul>
          )}
        </LoadState>
      </Card>
    </div>
  );
}

function Step(props: { icon: string; title: string; at?: string | null; children?: JSX.Element }) {
  return (
    <li class="relative flex gap-3 pb-4 pl-1">
      <span class={`${props.icon} mt-0.5 shrink-0 text-violet-300`} aria-hidden="true" />
      <div class="flex min-w-0 flex-col gap-1">
        <p class="text-sm font-medium text-ink">
          {props.title}
          <Show when={props.at}>
            <span class="ml-2 text-xs font-normal text-ink-muted">{formatDateTime(props.at)}</span>
          </Show>
        </p>
        {props.children}
      </div>
    </li>
  );
}

function DiagnosisTimeline(props: { diagnosis: Diagnosis }) {
  const d = () => props.diagnosis;
  const look = () => diagnosisStateLook[d().state];
  const title = () => d().incident?.source ?? d().subject ?? d().problem?.replaceAll('_', ' ') ?? 'Incident';

  return (
    <li class="flex flex-col gap-3 rounded-control border border-space-600 p-4">
      <header class="flex flex-wrap items-center gap-2">
        <h3 class="font-semibold text-ink">{title()}</h3>
        <Badge tone={look().tone} icon={look().icon}>
          {look().text}
        </Badge>
        <Show when={d().source}>
          <Badge tone="neutral">{d().source === 'rules' ? 'Built-in checks' : 'AI model'}</Badge>
        </Show>
        <Show when={d().conversationId}>
          {(id) => (
            <A href={`/jarvis/${id()}`} class="ml-auto text-sm text-cyan-300 underline">
              Open the investigation
            </A>
          )}
        </Show>
      </header>
      <ol class="flex flex-col border-l border-space-600 pl-3" aria-label={`Timeline of ${title()}`}>
        <Show when={d().incident}>
          {(incident) => (
            <Step icon="i-ph-siren" title="Incident opened" at={incident().startedAt}>
              <p class="text-sm text-ink-muted">{incident().cause}</p>
            </Step>
          )}
        </Show>
        <Step icon="i-ph-magnifying-glass" title="Investigating" at={d().createdAt} />
        <Show when={d().summary}>
          <Step icon="i-ph-stethoscope" title="Diagnosis">
            <p class="text-sm text-ink">{d().summary}</p>
            <Show when={d().evidence.length > 0}>
              <p class="text-xs font-medium text-ink-muted">Evidence</p>
              <ul class="flex flex-col gap-2">
                <For each={d().evidence}>
                  {(item) => (
                    <li class="text-sm text-ink">
                      <span class="font-mono text-xs text-violet-200">{item.tool}</span>: {item.summary}
                      <Show when={item.excerpt}>
                        <blockquote class="mt-1 whitespace-pre-wrap border-l-2 border-space-500 pl-3 font-mono text-xs text-ink-muted">
                          {item.excerpt}
                        </blockquote>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={d().plan.length > 0}>
              <p class="text-xs font-medium text-ink-muted">Plan</p>
              <ol class="flex list-decimal flex-col gap-1 pl-5 text-sm text-ink">
                <For each={d().plan}>
                  {(step) => (
                    <li>
                      <span class="font-mono">{step.tool}</span>{' '}
                      <span class="font-mono text-xs text-ink-muted">{formatArgs(step.args)}</span>
                      <span class="block text-ink-muted">{step.why}</span>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
          </Step>
        </Show>
        <Show when={d().conversationId}>
          {(id) => (
            <li class="pb-4 pl-1">
              <Disclosure label="Approvals and verification" icon="i-ph-hand">
                <Calls conversationId={id()} />
              </Disclosure>
            </li>
          )}
        </Show>
        <Show when={d().state === 'resolved' || d().incident?.resolvedAt}>
          <Step icon="i-ph-check-circle" title="Resolved" at={d().incident?.resolvedAt ?? d().updatedAt}>
            <Show when={d().resolution}>
              <p class="text-sm text-ink">{d().resolution}</p>
            </Show>
          </Step>
        </Show>
      </ol>
    </li>
  );
}

/** The calls the investigation proposed or made, loaded when the person opens them. */
function Calls(props: { conversationId: string }) {
  const detail = createLoaded(() => getConversation(props.conversationId));
  const calls = () => {
    const value = detail.value();
    return value ? value.toolCalls.filter((c) => c.risk !== 'read') : null;
  };
  return (
    <LoadState
      load={{ ...detail, value: calls }}
      what="actions"
      empty={{
        title: 'No action was needed',
        icon: 'i-ph-eye',
        body: 'Jarvis only read, nothing was changed.',
      }}
    >
      {(list) => (
        <div class="flex flex-col gap-2">
          <For each={list}>
            {(call) => <ToolCallCard call={call} onDecided={() => void detail.reload()} />}
          </For>
        </div>
      )}
    </LoadState>
  );
}
