/** Turns a series into SVG path data for the hand-drawn charts (no chart library: first-load budget). */

/** Line and filled-area paths of `values` scaled into a `width` × `height` box, 0 at the bottom. */
export function seriesPaths(
  values: readonly number[],
  max: number,
  width: number,
  height: number,
  slots = values.length,
) {
  if (values.length === 0) return { line: '', area: '' };
  const step = width / Math.max(1, slots - 1);
  // Right-align so a short series grows in from the right, the way a live chart fills up.
  const offset = width - step * (values.length - 1);
  const top = max > 0 ? max : 1;
  const points = values.map((v, i) => {
    const x = values.length === 1 ? width : offset + i * step;
    const y = height - (Math.min(Math.max(v, 0), top) / top) * height;
    return `${x.toFixed(2)},${y.toFixed(2)}`;
  });
  const line = `M${points.join('L')}`;
  const firstX = values.length === 1 ? width : offset;
  return { line, area: `${line}L${width},${height}L${firstX.toFixed(2)},${height}Z` };
}

/**
 * A "nice" axis maximum (1, 2, 2.5 or 5 × 10ⁿ) at or above the largest value, so the top label
 * reads cleanly. With `binary`, niceness is judged after scaling to KB/MB/GB (1024ⁿ), because
 * byte rates are printed in those units.
 */
export function niceMax(values: readonly number[], binary = false, floor = 1): number {
  const peak = Math.max(floor, ...values);
  const unit = binary ? 1024 ** Math.max(0, Math.floor(Math.log(peak) / Math.log(1024))) : 1;
  const scaled = peak / unit;
  const magnitude = 10 ** Math.floor(Math.log10(scaled));
  const nice = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= scaled) ?? 10;
  return nice * magnitude * unit;
}
