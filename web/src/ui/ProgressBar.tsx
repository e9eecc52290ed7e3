/** Progress of one task (a layer download, a deploy step); without a known total it shows activity only. */
import { Show } from 'solid-js';
import { clamp } from './Meter';

export interface ProgressBarProps {
  label: string;
  /** Done so far and the total, in any unit; a null total means "unknown". */
  value: number | null;
  max: number | null;
  /** Shown beside the label and spoken, e.g. "12 MB of 40 MB". */
  valueText?: string;
  tone?: 'active' | 'done' | 'failed';
  class?: string;
}

const fills = { active: 'bg-violet-400', done: 'bg-ok-400', failed: 'bg-danger-400' } as const;

export function ProgressBar(props: ProgressBarProps) {
  const known = () => props.value !== null && props.max !== null && props.max > 0;
  const percent = () => (known() ? clamp((props.value! / props.max!) * 100) : 0);
  const tone = () => props.tone ?? 'active';
  return (
    <div class={`flex flex-col gap-1 ${props.class ?? ''}`}>
      <div class="flex items-baseline justify-between gap-2 text-xs" aria-hidden="true">
        <span class="truncate text-ink">{props.label}</span>
        <Show when={props.valueText}>
          <span class="shrink-0 tabular-nums text-ink-muted">{props.valueText}</span>
        </Show>
      </div>
      <div
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={known() ? 0 : undefined}
        aria-valuemax={known() ? 100 : undefined}
        aria-valuenow={known() ? Math.round(percent()) : undefined}
        aria-valuetext={props.valueText}
        class="h-1.5 overflow-hidden rounded-pill bg-space-600/70"
      >
        <div
          class={`h-full rounded-pill transition-[width] duration-300 ${fills[tone()]} ${known() || tone() !== 'active' ? '' : 'motion-safe:animate-pulse'}`}
          style={{ width: `${known() ? percent() : tone() === 'active' ? 35 : 100}%` }}
        />
      </div>
    </div>
  );
}
