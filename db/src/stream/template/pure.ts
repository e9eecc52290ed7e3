/**
 * The variables the renderer answers itself (random, pick, time) and the text helpers both the
 * parser and the renderer use, so a literal argument the parser accepts renders the same way.
 */

export type Range = { min: number; max: number };

/** "1-100" or "-5--1" → limits, or a message saying what to write instead. */
export function parseRange(text: string): Range | string {
  const match = /^(-?\d+)-(-?\d+)$/.exec(text.trim());
  if (!match) return `needs a range like 1-100, got "${shorten(text, 20)}"`;
  const min = Number(match[1]);
  const max = Number(match[2]);
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)) return 'the limits are too large';
  if (min > max) return `${min}-${max} is backwards; write ${max}-${min}`;
  return { min, max };
}

export function randomInRange({ min, max }: Range, random: () => number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** `$(pick a, b c, d)` → ["a", "b c", "d"]: the words are joined back, then split at commas. */
export function pickOptions(args: string[]): string[] {
  return args
    .join(' ')
    .split(',')
    .map((option) => option.trim())
    .filter((option) => option !== '');
}

export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * "14:05" in the zone. An unknown zone (a typo, or one computed from a viewer's words) falls back
 * to UTC and says so ("12:05 UTC") rather than showing a wrong local time without a hint.
 */
export function formatTime(now: Date, timeZone: string): string {
  const valid = isTimeZone(timeZone);
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: valid ? timeZone : 'UTC',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  return valid ? text : `${text} UTC`;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Cuts to at most `max` UTF-16 units ending in "…", never inside an emoji or a combined letter. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? '…' : '';
  let kept = '';
  for (const { segment } of segmenter.segment(text)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  return `${kept.trimEnd()}…`;
}
