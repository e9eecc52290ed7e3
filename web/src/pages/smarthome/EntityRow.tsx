/**
 * One entity in a room: its name (opening its history), what it is doing now and the control its
 * domain gets. Locks only change after a confirmation, which the page owns.
 */
import type { ServiceCallInput, SmartHomeEntity } from '@homelab/db/smarthome';
import { Match, Show, Switch } from 'solid-js';
import { Button } from '../../ui/Button';
import { RangeSlider, ToggleSwitch } from './controls';
import {
  brightnessPercent,
  climateOf,
  controlOf,
  isOn,
  isUnavailable,
  readableState,
  toggleCall,
  volumePercent,
} from './entities';

export interface EntityRowProps {
  entity: SmartHomeEntity;
  deviceName?: string | undefined;
  onCall: (call: ServiceCallInput) => void;
  onLock: (entity: SmartHomeEntity, service: 'lock' | 'unlock') => void;
  onOpen: (entity: SmartHomeEntity) => void;
}

const domainIcon: Record<string, string> = {
  light: 'i-ph-lightbulb',
  switch: 'i-ph-toggle-right',
  fan: 'i-ph-fan',
  input_boolean: 'i-ph-toggle-left',
  climate: 'i-ph-thermometer',
  cover: 'i-ph-arrows-down-up',
  media_player: 'i-ph-speaker-high',
  script: 'i-ph-scroll',
  automation: 'i-ph-robot',
  lock: 'i-ph-lock',
  sensor: 'i-ph-gauge',
  binary_sensor: 'i-ph-circle-half',
};

export function EntityRow(props: EntityRowProps) {
  const e = () => props.entity;
  const unavailable = () => isUnavailable(e());
  const call = (service: string, data?: Record<string, unknown>) =>
    props.onCall({
      domain: e().domain as ServiceCallInput['domain'],
      service,
      entityId: e().entityId,
      ...(data ? { data } : {}),
    });

  return (
    <li class="flex flex-col gap-2 rounded-control border border-space-600 bg-space-800/40 px-3 py-2.5">
      <div class="flex items-center gap-3">
        <span
          class={`${domainIcon[e().domain] ?? 'i-ph-circle'} shrink-0 text-lg ${
            isOn(e()) ? 'text-warn-300' : 'text-ink-subtle'
          }`}
          aria-hidden="true"
        />
        <div class="min-w-0 flex-1">
          <button
            type="button"
            class="block max-w-full truncate text-left text-sm font-medium text-ink underline-offset-2 hover:underline"
            aria-label={`${e().name}: details and history`}
            onClick={() => props.onOpen(e())}
          >
            {e().name}
          </button>
          <p class="truncate text-xs text-ink-muted">
            {readableState(e())}
            <Show when={props.deviceName && props.deviceName !== e().name}> · {props.deviceName}</Show>
          </p>
        </div>
        <Switch>
          <Match when={controlOf(e()) === 'light' || controlOf(e()) === 'toggle'}>
            <ToggleSwitch
              label={e().name}
              checked={isOn(e())}
              disabled={unavailable()}
              onChange={(on) => props.onCall(toggleCall(e(), on))}
            />
          </Match>
          <Match when={controlOf(e()) === 'script'}>
            <Button
              size="sm"
              icon="i-ph-play"
              disabled={unavailable()}
              aria-label={`Run ${e().name}`}
              onClick={() => call('turn_on')}
            >
              Run
            </Button>
          </Match>
          <Match when={controlOf(e()) === 'lock'}>
            <Button
              size="sm"
              icon={e().state === 'locked' ? 'i-ph-lock-open' : 'i-ph-lock'}
              disabled={unavailable()}
              aria-label={`${e().state === 'locked' ? 'Unlock' : 'Lock'} ${e().name}`}
              onClick={() => props.onLock(e(), e().state === 'locked' ? 'unlock' : 'lock')}
            >
              {e().state === 'locked' ? 'Unlock…' : 'Lock…'}
            </Button>
          </Match>
          <Match when={controlOf(e()) === 'cover'}>
            <fieldset class="flex gap-1">
              <legend class="sr-only">{e().name} position</legend>
              <Button
                size="sm"
                icon="i-ph-arrow-up"
                disabled={unavailable()}
                aria-label={`Open ${e().name}`}
                onClick={() => call('open_cover')}
              />
              <Button
                size="sm"
                icon="i-ph-stop"
                disabled={unavailable()}
                aria-label={`Stop ${e().name}`}
                onClick={() => call('stop_cover')}
              />
              <Button
                size="sm"
                icon="i-ph-arrow-down"
                disabled={unavailable()}
                aria-label={`Close ${e().name}`}
                onClick={() => call('close_cover')}
              />
            </fieldset>
          </Match>
          <Match when={controlOf(e()) === 'media'}>
            <Button
              size="sm"
              icon={e().state === 'playing' ? 'i-ph-pause' : 'i-ph-play'}
              disabled={unavailable() || e().state === 'off'}
              aria-label={`${e().state === 'playing' ? 'Pause' : 'Play'} ${e().name}`}
              onClick={() => call('media_play_pause')}
            />
          </Match>
        </Switch>
      </div>

      <Show when={controlOf(e()) === 'light' && brightnessPercent(e()) !== null}>
        <RangeSlider
          label={`Brightness of ${e().name}`}
          value={isOn(e()) ? (brightnessPercent(e()) ?? 0) : 0}
          min={0}
          max={100}
          disabled={unavailable()}
          valueText={(value) => `${value} %`}
          onCommit={(value) => (value === 0 ? call('turn_off') : call('turn_on', { brightness_pct: value }))}
        />
      </Show>
      <Show when={controlOf(e()) === 'media' && volumePercent(e()) !== null}>
        <RangeSlider
          label={`Volume of ${e().name}`}
          value={volumePercent(e()) ?? 0}
          min={0}
          max={100}
          disabled={unavailable()}
          valueText={(value) => `${value} %`}
          onCommit={(value) => call('volume_set', { volume_level: value / 100 })}
        />
      </Show>
      <Show when={controlOf(e()) === 'climate'}>
        <ClimateControl
          entity={e()}
          disabled={unavailable()}
          onSet={(t) => call('set_temperature', { temperature: t })}
        />
      </Show>
    </li>
  );
}

function ClimateControl(props: {
  entity: SmartHomeEntity;
  disabled: boolean;
  onSet: (value: number) => void;
}) {
  const c = () => climateOf(props.entity);
  const step = (direction: 1 | -1) => {
    const target = c().target ?? c().current ?? 20;
    const next = Math.min(c().max, Math.max(c().min, Math.round((target + direction * c().step) * 10) / 10));
    if (next !== target) props.onSet(next);
  };
  return (
    <div class="flex flex-wrap items-center gap-3 text-sm">
      <span class="text-ink-muted">
        Now{' '}
        <span class="font-medium tabular-nums text-ink">
          {c().current ?? '—'} {c().unit}
        </span>
      </span>
      <fieldset class="ml-auto flex items-center gap-1">
        <legend class="sr-only">Target temperature of {props.entity.name}</legend>
        <Button
          size="sm"
          icon="i-ph-minus"
          disabled={props.disabled || c().target === null}
          aria-label={`Lower the target of ${props.entity.name}`}
          onClick={() => step(-1)}
        />
        <output class="w-20 text-center font-semibold tabular-nums text-ink" aria-live="polite">
          {c().target === null ? '—' : `${c().target} ${c().unit}`}
        </output>
        <Button
          size="sm"
          icon="i-ph-plus"
          disabled={props.disabled || c().target === null}
          aria-label={`Raise the target of ${props.entity.name}`}
          onClick={() => step(1)}
        />
      </fieldset>
    </div>
  );
}
