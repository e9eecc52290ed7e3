/**
 * A multi-series line chart in plain SVG with a legend of latest values. The SVG stretches to its
 * box, so labels live in HTML beside it where they are not distorted.
 */
import { For } from 'solid-js';
import { niceMax, seriesPaths } from './chart-path';

export interface ChartSeries {
  name: string;
  values: readonly number[];
  /** Text colour class for line and legend swatch, e.g. `text-cyan-300`. */
  class: string;
}

export interface LineChartProps {
  label: string;
  series: readonly ChartSeries[];
  format: (value: number) => string;
  /** How many points fit across; fewer points grow in from the right. */
  slots?: number;
  max?: number;
  /** Values are bytes: round the scale to KB/MB/GB steps. */
  binary?: boolean;
}

const width = 300;
const height = 100;

export function LineChart(props: LineChartProps) {
  const top = () =>
    props.max ??
    niceMax(
      props.series.flatMap((s) => s.values),
      props.binary,
    );
  const summary = () => {
    const parts = props.series
      .filter((s) => s.values.length > 0)
      .map((s) => `${s.name} ${props.format(s.values.at(-1)!)}`);
    return parts.length ? `${props.label}, latest: ${parts.join(', ')}` : `${props.label}: no data yet`;
  };
  return (
    <figure class="flex flex-col gap-2">
      <div class="relative">
        <span class="absolute right-0 top-0 text-[0.7rem] text-ink-muted" aria-hidden="true">
          {props.format(top())}
        </span>
        <svg
          role="img"
          aria-label={summary()}
          viewBox={`0 0 ${width} ${height}`}
          preserveAspectRatio="none"
          class="block h-32 w-full"
        >
          <For each={[0.25, 0.5, 0.75]}>
            {(f) => (
              <line
                x1="0"
                x2={width}
                y1={height * f}
                y2={height * f}
                stroke="rgba(179, 185, 214, 0.15)"
                vector-effect="non-scaling-stroke"
              />
            )}
          </For>
          <For each={props.series}>
            {(s) => {
              const paths = () => seriesPaths(s.values, top(), width, height, props.slots ?? s.values.length);
              return (
                <g class={s.class}>
                  <path d={paths().area} fill="currentColor" opacity="0.12" />
                  <path
                    d={paths().line}
                    fill="none"
                    stroke="currentColor"
                    stroke-width="2"
                    stroke-linejoin="round"
                    vector-effect="non-scaling-stroke"
                  />
                </g>
              );
            }}
          </For>
        </svg>
      </div>
      <figcaption class="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-hidden="true">
        <For each={props.series}>
          {(s) => (
            <span class="flex items-center gap-1.5">
              <span class={`inline-block h-2 w-3 rounded-sm bg-current ${s.class}`} />
              <span class="text-ink-muted">{s.name}</span>
              <span class="font-medium tabular-nums text-ink">
                {s.values.length ? props.format(s.values.at(-1)!) : '—'}
              </span>
            </span>
          )}
        </For>
      </figcaption>
    </figure>
  );
}
