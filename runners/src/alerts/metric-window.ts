/**
 * Whether a host metric has been too high for long enough: every sample of the rule's window must
 * be above the threshold, and the samples must really cover the window, so a single spike, a runner
 * that just started or a hole in the history never raises an alert. Pure, tested on plain numbers.
 */

export type Sample = { at: number; value: number };

export type WindowVerdict =
  /** Every sample above, window covered. */
  | { state: 'breach'; latest: number; min: number }
  /** The latest sample is at or below the threshold: a firing rule recovers. */
  | { state: 'clear'; latest: number }
  /** Above now, but not for the whole window, or the window has holes: no change either way. */
  | { state: 'undecided'; reason: string };

export type WindowRule = { threshold: number; durationSeconds: number };

/** Spacing between samples that still counts as continuous: a tenth of the window, or two sampling intervals. */
export function maxGapMs(durationSeconds: number, sampleIntervalMs: number) {
  return Math.max(durationSeconds * 100, 2 * sampleIntervalMs);
}

/** `samples` are those of the last `durationSeconds` before `now`, oldest first. */
export function judgeWindow(
  samples: Sample[],
  rule: WindowRule,
  options: { now: number; sampleIntervalMs: number },
): WindowVerdict {
  const latest = samples.at(-1);
  if (!latest) return { state: 'undecided', reason: 'no samples in the window' };
  if (latest.value <= rule.threshold) return { state: 'clear', latest: latest.value };
  const durationMs = rule.durationSeconds * 1000;
  const gapMs = maxGapMs(rule.durationSeconds, options.sampleIntervalMs);
  // The newest sample must be recent, or "the whole window" is really an old stretch of it.
  if (options.now - latest.at > gapMs) return { state: 'undecided', reason: 'the latest sample is stale' };
  const first = samples[0] as Sample;
  if (latest.at - first.at < 0.9 * durationMs)
    return { state: 'undecided', reason: 'the samples do not cover the window yet' };
  for (let i = 1; i < samples.length; i++) {
    if ((samples[i] as Sample).at - (samples[i - 1] as Sample).at > gapMs)
      return { state: 'undecided', reason: 'the window has a gap in its samples' };
  }
  let min = latest.value;
  for (const sample of samples) {
    if (sample.value <= rule.threshold)
      return { state: 'undecided', reason: 'not above for the whole window' };
    min = Math.min(min, sample.value);
  }
  return { state: 'breach', latest: latest.value, min };
}
