/**
 * Gauges and bars for "how full is it": both are role="meter" with the value and a readable
 * text, and both change colour past 75 % and 90 % (with the number always shown, never colour alone).
 */
import type { JSX } from 'solid-js';

export interface MeterProps {
  label: string;
  /** 0–100. */
  value: number;
  /** Spoken and shown instead of the bare percentage, e.g. "3.1 GB of 8 GB". */
  valueText?: string;
  class?: string;
}

export const clamp = (v: number) => Math.min(100, Math.max(0, Number.isFinite(v) ? v : 0));
export const level = (v: number) => (v >= 90 ? 'danger' : v >= 75 ? 'warn' : 'ok');
const strokes = { ok: 'text-cyan-300', warn: 'text-warn-300', danger: 'text-danger-300' } as const;
const fills = { ok: 'bg-cyan-400', warn: 'bg-warn-400', danger: 'bg-danger-400' } as const;

/** What the meter says in words: the caller's text, else the rounded percentage. */
const valueText = (props: MeterProps) => props.valueText ?? `${Math.round(clamp(props.value))}%`;

/** The element assistive technology reads as the meter: its name, its 0–100 value and that value in words. */
function MeterElement(props: { meter: MeterProps; class: string; children: JSX.Element }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a native <meter> can be drawn neither as a ring nor with one look in every engine (its bar is pseudo-elements)
    <div
      role="meter"
      aria-label={props.meter.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(clamp(props.meter.value))}
      aria-valuetext={valueText(props.meter)}
      class={props.class}
    >
      {props.children}
    </div>
  );
}

/** A ring gauge for the headline number of a card (CPU). */
export function Gauge(props: MeterProps) {
  const radius = 42;
  const circumference = 2 * Math.PI * radius;
  const value = () => clamp(props.value);
  return (
    <MeterElement meter={props} class={`relative grid h-32 w-32 place-items-center ${props.class ?? ''}`}>
      <svg viewBox="0 0 100 100" class="absolute inset-0 -rotate-90" aria-hidden="true">
        <circle cx="50" cy="50" r={radius} fill="none" stroke="rgba(86, 95, 150, 0.35)" stroke-width="8" />
        <circle
          cx="50"
          cy="50"
          r={radius}
          fill="none"
          stroke="currentColor"
          stroke-width="8"
          stroke-linecap="round"
          stroke-dasharray={`${circumference}`}
          stroke-dashoffset={circumference * (1 - value() / 100)}
          class={`${strokes[level(value())]} transition-[stroke-dashoffset] duration-700`}
        />
      </svg>
      <span class="text-2xl font-semibold tabular-nums text-ink" aria-hidden="true">
        {Math.round(value())}%
      </span>
    </MeterElement>
  );
}

/** The track and its fill, the meter itself for assistive technology; `track` sizes it. */
function Bar(props: { meter: MeterProps; track: string }) {
  const value = () => clamp(props.meter.value);
  return (
    <MeterElement meter={props.meter} class={`${props.track} overflow-hidden rounded-pill bg-space-600/70`}>
      <div
        class={`h-full rounded-pill transition-[width] duration-700 ${fills[level(value())]}`}
        style={{ width: `${value()}%` }}
      />
    </MeterElement>
  );
}

/** A horizontal bar with its label and value text above it (memory, a disk, one core). */
export function Meter(props: MeterProps) {
  return (
    <div class={`flex flex-col gap-1 ${props.class ?? ''}`}>
      <div class="flex items-baseline justify-between gap-2 text-sm" aria-hidden="true">
        <span class="truncate text-ink">{props.label}</span>
        <span class="tabular-nums text-ink-muted">{valueText(props)}</span>
      </div>
      <Bar meter={props} track="h-2" />
    </div>
  );
}

/** A thin bar for a table cell (a container's CPU or memory), with its value as text beside it. */
export function MiniMeter(props: MeterProps) {
  return (
    <div class={`flex min-w-24 items-center gap-2 ${props.class ?? ''}`}>
      <Bar meter={props} track="h-1.5 w-12 shrink-0" />
      <span class="whitespace-nowrap text-xs tabular-nums text-ink-muted" aria-hidden="true">
        {valueText(props)}
      </span>
    </div>
  );
}
