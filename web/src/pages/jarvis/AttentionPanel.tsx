/**
 * "Needs attention" on the home page: open incidents with Jarvis's diagnosis, calls waiting for
 * approval (decided right here), expiring certificates, image updates and whether a model is
 * connected, refreshed while the page is visible.
 */
import { A } from '@solidjs/router';
import { For, Index, type JSX, Show } from 'solid-js';
import { formatRelative, plural } from '../../lib/format';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { LoadState } from '../../ui/LoadState';
import { createLoaded } from '../monitoring/load';
import { AskJarvis } from './AskJarvis';
import { type Attention, getAttention } from './api';
import { diagnosisStateLook } from './labels';
import { whenLoaded } from './loaded';
import { ToolCallCard } from './ToolCallCard';

const quiet = (a: Attention) =>
  a.incidents.length === 0 &&
  a.approvals.count === 0 &&
  a.certificates.length === 0 &&
  (a.updates?.length ?? 0) === 0;

export function AttentionPanel(props: { class?: string }) {
  const attention = createLoaded(getAttention);
  pollWhileVisible(() => attention.reload(), pollMs);

  return (
    <Card
      title="Needs attention"
      icon="i-ph-bell-ringing"
      class={props.class}
      actions={<Show when={attention.value()}>{(a) => <ModelStatus model={a().model} />}</Show>}
    >
      <AskJarvis />
      <LoadState load={whenLoaded(attention)} what="attention list">
        {() => <Items attention={attention.value()!} onDecided={() => void attention.reload()} />}
      </LoadState>
    </Card>
  );
}

/** Read through props, so a refresh updates what is on screen without remounting it (focus stays put). */
function Items(props: { attention: Attention; onDecided: () => void }) {
  const a = () => props.attention;
  return (
    <Show
      when={!quiet(a())}
      fallback={
        <p class="flex items-center gap-2 text-sm text-ink-muted">
          <span class="i-ph-check-circle text-ok-300" aria-hidden="true" />
          All clear: no open incidents, nothing waiting for approval, no certificate expiring soon.
        </p>
      }
    >
      <div class="grid gap-4 lg:grid-cols-2">
        <Show when={a().incidents.length > 0}>
          <Section title={`Open incidents (${a().incidents.length})`}>
            <ul class="flex flex-col gap-2">
              <For each={a().incidents}>
                {(incident) => (
                  <li class="flex flex-col gap-1 rounded-control border border-space-600 p-3">
                    <div class="flex flex-wrap items-center gap-2">
                      <span class="i-ph-siren text-danger-300" aria-hidden="true" />
                      <span class="font-medium text-ink">{incident.source ?? incident.cause}</span>
                      <Show when={incident.diagnosis} fallback={<Badge tone="neutral">Not diagnosed</Badge>}>
                        {(d) => (
                          <Badge
                            tone={diagnosisStateLook[d().state].tone}
                            icon={diagnosisStateLook[d().state].icon}
                          >
                            {diagnosisStateLook[d().state].text}
                          </Badge>
                        )}
                      </Show>
                      <span class="ml-auto text-xs text-ink-muted">{formatRelative(incident.startedAt)}</span>
                    </div>
                    <p class="text-sm text-ink-muted">
                      {incident.diagnosis?.summary ?? incident.lastMessage ?? incident.cause}
                    </p>
                    <A href="/jarvis/incidents" class="text-xs text-cyan-300 underline">
                      Timeline and evidence
                    </A>
                  </li>
                )}
              </For>
            </ul>
          </Section>
        </Show>
        <Show when={a().approvals.count > 0}>
          <Section title={`Waiting for your approval (${a().approvals.count})`}>
            <div class="flex flex-col gap-2">
              <Index each={a().approvals.calls}>
                {(call) => (
                  <ToolCallCard
                    call={call()}
                    context={`In “${call().conversationTitle}”`}
                    onDecided={props.onDecided}
                  />
                )}
              </Index>
            </div>
          </Section>
        </Show>
        <Show when={a().certificates.length > 0}>
          <Section title="Certificates expiring">
            <ul class="flex flex-col gap-1 text-sm">
              <For each={a().certificates}>
                {(cert) => (
                  <li class="flex items-center gap-2">
                    <span class="i-ph-certificate text-warn-300" aria-hidden="true" />
                    <A href={`/monitoring/${cert.monitorId}`} class="text-ink underline">
                      {cert.name}
                    </A>
                    <span class="text-ink-muted">
                      {cert.daysLeft <= 0 ? 'expired' : `in ${plural(cert.daysLeft, 'day')}`}
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </Section>
        </Show>
        <Show when={(a().updates?.length ?? 0) > 0}>
          <Section title="Image updates">
            <ul class="flex flex-col gap-1 text-sm">
              <For each={a().updates ?? []}>
                {(update) => (
                  <li class="flex flex-wrap items-center gap-2">
                    <span class="i-ph-arrow-circle-up text-cyan-300" aria-hidden="true" />
                    <span class="font-mono text-ink">{update.image}</span>
                    <span class="text-ink-muted">
                      used by {update.containers.join(', ') || 'no container'}
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </Section>
        </Show>
      </div>
    </Show>
  );
}

function Section(props: { title: string; children: JSX.Element }) {
  return (
    <section class="flex flex-col gap-2" aria-label={props.title}>
      <h3 class="text-sm font-semibold text-ink">{props.title}</h3>
      {props.children}
    </section>
  );
}

function ModelStatus(props: { model: Attention['model'] }) {
  return (
    <Show
      when={props.model.connected}
      fallback={
        <Badge tone="danger" icon="i-ph-plugs">
          Jarvis runner unreachable
        </Badge>
      }
    >
      <Show
        when={props.model.configured}
        fallback={
          <Badge tone="warn" icon="i-ph-robot">
            No model: rules only
          </Badge>
        }
      >
        <Badge tone="ok" icon="i-ph-robot">
          Model {props.model.model ?? 'ready'}
        </Badge>
      </Show>
    </Show>
  );
}
