/** A tiny trend line; its accessible name states the latest value and the peak, since the picture can't be read aloud. */
import { seriesPaths } from './chart-path';

export interface SparklineProps {
  values: readonly number[];
  label: string;
  format: (value: number) => string;
  /** Fixed top of the scale (100 for percentages); otherwise the series' own peak. */
  max?: number;
  /** A text colour class; the line is drawn in currentColor. */
  class?: string;
}

export function Sparkline(props: SparklineProps) {
  const max = () => props.max ?? Math.max(1, ...props.values);
  const paths = () => seriesPaths(props.values, max(), 100, 32);
  const summary = () => {
    const last = props.values.at(-1);
    if (last === undefined) return `${props.label}: no data yet`;
    const peak = Math.max(...props.values);
    return `${props.label}: latest ${props.format(last)}, peak ${props.format(peak)} over the last ${props.values.length} samples`;
  };
  return (
    <svg
      role="img"
      aria-label={summary()}
      viewBox="0 0 100 32"
      preserveAspectRatio="none"
      class={`block h-8 w-full ${props.class ?? 'text-cyan-300'}`}
    >
      <path d={paths().area} fill="currentColor" opacity="0.15" />
      <path
        d={paths().line}
        fill="none"
        stroke="currentColor"
        stroke-width="1.5"
        stroke-linejoin="round"
        vector-effect="non-scaling-stroke"
      />
    </svg>
  );
}
