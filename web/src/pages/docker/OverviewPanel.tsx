/** A container at a glance: what it runs, since when, and what it is wired to (ports, mounts, networks, labels). */
import { For, type JSX, Show } from 'solid-js';
import { formatDateTime, shortId } from '../../lib/format';
import { CopyButton } from '../../ui/CopyButton';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { describePorts, uptimeText } from './containers';
import { PortLink } from './PortLink';
import type { ContainerSummary } from './types';

function Section(props: { title: string; children: JSX.Element }) {
  return (
    <section class="flex flex-col gap-2">
      <h3 class="text-sm font-semibold text-ink">{props.title}</h3>
      {props.children}
    </section>
  );
}

function Fact(props: { label: string; children: JSX.Element }) {
  return (
    <div class="flex flex-col gap-0.5">
      <dt class="text-xs text-ink-muted">{props.label}</dt>
      <dd class="break-all text-sm text-ink">{props.children}</dd>
    </div>
  );
}

/** Labels from the inspect document (Config.Labels), sorted by key. */
export function labelsOf(inspect: Record<string, unknown> | null): [string, string][] {
  const config = inspect?.Config as { Labels?: Record<string, string> | null } | undefined;
  return Object.entries(config?.Labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
}

export function OverviewPanel(props: {
  container: ContainerSummary;
  inspect: Record<string, unknown> | null;
  now: number;
}) {
  const c = () => props.container;
  const ports = () => describePorts(c().ports, window.location.hostname);
  const labels = () => labelsOf(props.inspect);
  return (
    <div class="flex flex-col gap-6">
      <dl class="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Fact label="ID">
          <span class="flex items-center gap-2">
            <span class="font-mono">{shortId(c().id)}</span>
            <CopyButton text={c().id} what="container id" />
          </span>
        </Fact>
        <Fact label="Image">
          <span class="font-mono text-xs">{c().image}</span>
        </Fact>
        <Fact label="Command">
          <span class="font-mono text-xs">{c().command || '—'}</span>
        </Fact>
        <Fact label="Uptime">{uptimeText(c(), props.now)}</Fact>
        <Fact label="Created">{formatDateTime(c().createdAt)}</Fact>
        <Fact label="Started">{c().startedAt ? formatDateTime(c().startedAt) : '—'}</Fact>
        <Fact label="Restarts">{c().restartCount}</Fact>
        <Fact label="Last exit code">{c().exitCode ?? '—'}</Fact>
        <Fact label="Stack">
          {c().project ? `${c().project}${c().service ? ` / ${c().service}` : ''}` : '—'}
        </Fact>
        <Fact label="Managed by HomeLabHub">{c().managed ? 'Yes' : 'No'}</Fact>
        <Fact label="Status">{c().status}</Fact>
      </dl>

      <Section title="Ports">
        <Show when={ports().length > 0} fallback={<p class="text-sm text-ink-muted">No ports exposed.</p>}>
          <ul class="flex flex-wrap gap-2">
            <For each={ports()}>
              {(port) => (
                <li class="rounded-control border border-space-600 px-2 py-1 font-mono text-xs">
                  <PortLink port={port} />
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Section>

      <Section title="Mounts">
        <Show when={c().mounts.length > 0} fallback={<p class="text-sm text-ink-muted">No mounts.</p>}>
          <DataTable
            minWidth="min-w-[36rem]"
            columns={[{ label: 'Type' }, { label: 'Source' }, { label: 'Destination' }, { label: 'Mode' }]}
            items={c().mounts}
          >
            {(m) => (
              <tr>
                <td class="py-1.5 pr-4 text-ink-muted">{m.type}</td>
                <td class="break-all py-1.5 pr-4 font-mono text-xs text-ink">{m.name ?? m.source}</td>
                <td class="break-all py-1.5 pr-4 font-mono text-xs text-ink">{m.destination}</td>
                <td class="py-1.5 text-ink-muted">{m.readOnly ? 'read-only' : 'read-write'}</td>
              </tr>
            )}
          </DataTable>
        </Show>
      </Section>

      <Section title="Networks">
        <Show when={c().networks.length > 0} fallback={<p class="text-sm text-ink-muted">No networks.</p>}>
          <ul class="flex flex-wrap gap-2">
            <For each={c().networks}>
              {(n) => <li class="rounded-control border border-space-600 px-2 py-1 text-xs text-ink">{n}</li>}
            </For>
          </ul>
        </Show>
      </Section>

      <Section title="Labels">
        <Show when={labels().length > 0} fallback={<EmptyState title="No labels" icon="i-ph-tag" />}>
          <DataTable
            minWidth="min-w-[36rem]"
            columns={[{ label: 'Key', class: 'w-2/5' }, { label: 'Value' }]}
            items={labels()}
          >
            {([key, value]) => (
              <tr>
                <td class="break-all py-1.5 pr-4 font-mono text-xs text-ink-muted">{key}</td>
                <td class="break-all py-1.5 font-mono text-xs text-ink">{value}</td>
              </tr>
            )}
          </DataTable>
        </Show>
      </Section>
    </div>
  );
}
