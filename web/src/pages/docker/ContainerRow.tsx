/** One row of the containers table: selection, name, live state, resources and the actions menu. */
import { A, useNavigate } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { Badge } from '../../ui/Badge';
import { Menu, type MenuItem } from '../../ui/Menu';
import { MiniMeter } from '../../ui/Meter';
import { Spinner } from '../../ui/Skeleton';
import {
  actionLook,
  allowedActions,
  describePorts,
  describeState,
  healthLook,
  uptimeText,
} from './containers';
import { PortLink } from './PortLink';
import { cpuText, memoryText } from './stats';
import type { ContainerAction, ContainerStats, ContainerSummary } from './types';

export interface ContainerRowProps {
  container: ContainerSummary;
  stats: ContainerStats | undefined;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  /** The action in flight for this container, if any. */
  pending: ContainerAction | 'remove' | undefined;
  onAction: (action: ContainerAction) => void;
  onRemove: () => void;
  now: number;
  showStack: boolean;
  /** The registry has a newer image for the container's tag. */
  updateAvailable?: boolean;
}

const cell = 'py-2 pr-4 align-middle';

export function ContainerRow(props: ContainerRowProps) {
  const navigate = useNavigate();
  const c = () => props.container;
  const href = () => `/docker/containers/${encodeURIComponent(c().id)}`;
  const state = () => describeState(c());
  const health = () => healthLook[c().health];
  const ports = () => describePorts(c().ports, window.location.hostname);

  const menuItems = (): MenuItem[] => [
    ...allowedActions(c().state).map((action) => ({
      label: actionLook[action].label,
      icon: actionLook[action].icon,
      danger: action === 'kill',
      onSelect: () => props.onAction(action),
    })),
    { label: 'Logs', icon: 'i-ph-scroll', onSelect: () => navigate(`${href()}?tab=logs`) },
    ...(c().state === 'running'
      ? [
          {
            label: 'Console',
            icon: 'i-ph-terminal-window',
            onSelect: () => navigate(`${href()}?tab=console`),
          },
        ]
      : []),
    { label: 'Remove…', icon: 'i-ph-trash', danger: true, onSelect: props.onRemove },
  ];

  return (
    <tr class={props.selected ? 'bg-violet-500/10' : 'hover:bg-space-700/40'}>
      <td class="py-2 pr-2 align-middle">
        <input
          type="checkbox"
          class="h-4 w-4 accent-violet-500"
          aria-label={`Select ${c().name}`}
          checked={props.selected}
          onChange={(event) => props.onSelect(event.currentTarget.checked)}
        />
      </td>
      <th scope="row" class={`${cell} text-left font-normal`}>
        <A
          href={href()}
          class="font-medium text-ink underline-offset-2 hover:text-violet-200 hover:underline"
        >
          {c().name}
        </A>
        <Show when={c().service || c().managed}>
          <div class="flex flex-wrap items-center gap-x-2 text-xs text-ink-muted">
            <Show when={c().service}>
              <span>service {c().service}</span>
            </Show>
            <Show when={c().managed}>
              <span class="text-violet-300" title="Created by HomeLabHub (a one-click database)">
                managed
              </span>
            </Show>
          </div>
        </Show>
      </th>
      <td class={`${cell} whitespace-nowrap`}>
        <Show
          when={props.pending}
          fallback={
            <Badge tone={state().tone} icon={state().icon}>
              {state().text}
            </Badge>
          }
        >
          {(action) => (
            <Spinner
              class="text-xs text-ink-muted"
              label={action() === 'remove' ? 'Removing…' : actionLook[action() as ContainerAction].busy}
            />
          )}
        </Show>
      </td>
      <td class={`${cell} whitespace-nowrap`}>
        <Show when={health()} fallback={<span class="text-ink-muted">—</span>}>
          {(h) => <Badge tone={h().tone}>{h().text}</Badge>}
        </Show>
      </td>
      <td class={`${cell} max-w-44 text-xs`}>
        <div class="truncate font-mono text-ink-muted" title={c().image}>
          {c().image}
        </div>
        <Show when={props.updateAvailable}>
          <A href={`${href()}?tab=updates`} class="mt-1 inline-block rounded-full">
            <Badge tone="warn" icon="i-ph-arrow-circle-up">
              Update available
            </Badge>
          </A>
        </Show>
      </td>
      <td class={`${cell} text-xs`}>
        <Show when={ports().length > 0} fallback={<span class="text-ink-muted">—</span>}>
          <ul class="flex flex-col gap-0.5">
            <For each={ports().slice(0, 3)}>
              {(port) => (
                <li class="whitespace-nowrap font-mono">
                  <PortLink port={port} />
                </li>
              )}
            </For>
            <Show when={ports().length > 3}>
              <li class="text-ink-muted">+{ports().length - 3} more</li>
            </Show>
          </ul>
        </Show>
      </td>
      <td class={`${cell} whitespace-nowrap tabular-nums text-ink-muted`}>{uptimeText(c(), props.now)}</td>
      <td class={`${cell} tabular-nums ${c().restartCount > 0 ? 'text-warn-300' : 'text-ink-muted'}`}>
        {c().restartCount}
      </td>
      <td class={cell}>
        <Show when={props.stats && c().state === 'running'} fallback={<span class="text-ink-muted">—</span>}>
          <MiniMeter
            label={`${c().name} CPU`}
            value={props.stats!.cpuPercent}
            valueText={cpuText(props.stats!)}
          />
        </Show>
      </td>
      <td class={cell}>
        <Show when={props.stats && c().state === 'running'} fallback={<span class="text-ink-muted">—</span>}>
          <MiniMeter
            label={`${c().name} memory`}
            value={props.stats!.memoryPercent}
            valueText={memoryText(props.stats!)}
          />
        </Show>
      </td>
      <Show when={props.showStack}>
        <td class={`${cell} text-ink-muted`}>{c().project ?? '—'}</td>
      </Show>
      <td class="py-2 text-right align-middle">
        <Menu label={`Actions for ${c().name}`} items={menuItems()} />
      </td>
    </tr>
  );
}
