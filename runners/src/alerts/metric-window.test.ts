import { describe, expect, it } from 'vitest';
import { judgeWindow, type Sample } from './metric-window';

const now = 1_000_000;
const rule = { threshold: 80, durationSeconds: 300 };
const options = { now, sampleIntervalMs: 5_000 };

/** Samples every `stepMs` from `fromMs` before now up to now, each with `value(i)`. */
function series(fromMs: number, stepMs: number, value: (at: number) => number): Sample[] {
  const out: Sample[] = [];
  for (let at = now - fromMs; at <= now; at += stepMs) out.push({ at, value: value(at) });
  return out;
}

describe('judgeWindow', () => {
  it('breaches when every sample of a covered window is above the threshold', () => {
    expect(
      judgeWindow(
        series(295_000, 5_000, () => 95),
        rule,
        options,
      ),
    ).toEqual({
      state: 'breach',
      latest: 95,
      min: 95,
    });
  });

  it('does not breach on a window that is only partly covered', () => {
    expect(
      judgeWindow(
        series(200_000, 5_000, () => 95),
        rule,
        options,
      ),
    ).toMatchObject({
      state: 'undecided',
      reason: 'the samples do not cover the window yet',
    });
  });

  it('does not breach across a gap in the samples', () => {
    const withHole = series(295_000, 5_000, () => 95).filter(
      (s) => s.at < now - 200_000 || s.at > now - 100_000,
    );
    expect(judgeWindow(withHole, rule, options)).toMatchObject({
      reason: 'the window has a gap in its samples',
    });
  });

  it('does not breach when one sample dipped, nor on stale samples', () => {
    expect(
      judgeWindow(
        series(295_000, 5_000, (at) => (at === now - 100_000 ? 50 : 95)),
        rule,
        options,
      ),
    ).toMatchObject({
      state: 'undecided',
      reason: 'not above for the whole window',
    });
    const stale = series(295_000, 5_000, () => 95).filter((s) => s.at < now - 60_000);
    expect(judgeWindow(stale, rule, options)).toMatchObject({ reason: 'the latest sample is stale' });
  });

  it('clears as soon as the latest sample is not above', () => {
    expect(
      judgeWindow(
        series(295_000, 5_000, (at) => (at === now ? 80 : 95)),
        rule,
        options,
      ),
    ).toEqual({
      state: 'clear',
      latest: 80,
    });
    expect(judgeWindow([], rule, options)).toMatchObject({ state: 'undecided' });
  });
});
