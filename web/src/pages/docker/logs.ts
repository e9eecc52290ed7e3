/**
 * The log viewer's buffer and search: lines arrive one by one from the stream, the buffer keeps the
 * newest `maxLines` (a DOM of a million lines would freeze the tab), and search splits each line
 * into plain and matching parts for highlighting.
 */
import type { LogLine } from './types';

/** How many lines the viewer keeps on the page. */
export const maxLines = 5000;

export interface ViewLine extends LogLine {
  /** Unique per line for the page's lifetime, so rows keep their identity as old ones drop off. */
  seq: number;
}

// Colour and cursor escape sequences: CSI (ESC [ … final byte) and OSC (ESC ] … BEL or ESC \).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the escape sequences being stripped
const ansi = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** Text without terminal colour codes, which would otherwise show as "[0;32m". */
export const stripAnsi = (text: string) => text.replace(ansi, '');

/** Appends lines and drops the oldest beyond `limit`; returns how many were dropped. */
export function appendLines(buffer: readonly ViewLine[], incoming: readonly ViewLine[], limit = maxLines) {
  const joined = buffer.concat(incoming);
  const dropped = Math.max(0, joined.length - limit);
  return { lines: dropped ? joined.slice(dropped) : joined, dropped };
}

/** Lines containing `query` (any case); all lines for an empty query. */
export function filterLines<T extends { text: string }>(lines: readonly T[], query: string): readonly T[] {
  const needle = query.toLowerCase();
  if (!needle) return lines;
  return lines.filter((line) => line.text.toLowerCase().includes(needle));
}

export interface Segment {
  text: string;
  match: boolean;
}

/** The line split around every occurrence of `query` (any case), for <mark>ing the matches. */
export function highlight(text: string, query: string): Segment[] {
  if (!query) return [{ text, match: false }];
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  const segments: Segment[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
    if (at > from) segments.push({ text: text.slice(from, at), match: false });
    segments.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < text.length || segments.length === 0) segments.push({ text: text.slice(from), match: false });
  return segments;
}

export const sinceChoices = [
  { value: '', label: 'Any time' },
  { value: '300', label: 'Last 5 minutes' },
  { value: '3600', label: 'Last hour' },
  { value: '21600', label: 'Last 6 hours' },
  { value: '86400', label: 'Last 24 hours' },
  { value: '604800', label: 'Last 7 days' },
] as const;

/** A "since" choice (seconds back from now) as the Unix time the API expects; empty stays empty. */
export function sinceParam(secondsBack: string, now = Date.now()): string {
  if (!secondsBack) return '';
  return String(Math.floor(now / 1000) - Number(secondsBack));
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** The line's time as a short local stamp; engine times carry nanoseconds, which Date ignores. */
export function formatLogTime(at: string | null): string {
  if (!at) return '';
  const ms = Date.parse(at.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(ms) ? at : timeFormat.format(ms);
}
