import { describe, expect, it } from 'vitest';
import {
  appendLines,
  filterLines,
  formatLogTime,
  highlight,
  sinceParam,
  stripAnsi,
  type ViewLine,
} from './logs';

const line = (seq: number, text = `line ${seq}`): ViewLine => ({ seq, text, stream: 'stdout', at: null });

describe('appendLines', () => {
  it('keeps the newest lines up to the limit and says how many fell off', () => {
    const first = appendLines([], [line(1), line(2), line(3)], 4);
    expect(first).toMatchObject({ dropped: 0 });
    const next = appendLines(first.lines, [line(4), line(5), line(6)], 4);
    expect(next.dropped).toBe(2);
    expect(next.lines.map((l) => l.seq)).toEqual([3, 4, 5, 6]);
  });
});

describe('search', () => {
  const lines = [line(1, 'GET /health 200'), line(2, 'ERROR disk full'), line(3, 'error: retrying')];

  it('keeps lines containing the query in any case, and all lines for an empty one', () => {
    expect(filterLines(lines, 'error').map((l) => l.seq)).toEqual([2, 3]);
    expect(filterLines(lines, '')).toBe(lines);
  });

  it('splits a line around every match for highlighting, keeping the original case', () => {
    expect(highlight('Error, error!', 'ERROR')).toEqual([
      { text: 'Error', match: true },
      { text: ', ', match: false },
      { text: 'error', match: true },
      { text: '!', match: false },
    ]);
    expect(highlight('nothing here', 'x')).toEqual([{ text: 'nothing here', match: false }]);
    expect(highlight('', 'x')).toEqual([{ text: '', match: false }]);
    expect(highlight('abc', '')).toEqual([{ text: 'abc', match: false }]);
  });
});

describe('formatting', () => {
  it('strips terminal colour codes', () => {
    expect(stripAnsi('\u001b[32mINFO\u001b[0m ready \u001b]0;title\u0007done')).toBe('INFO ready done');
  });

  it('turns "last hour" into the Unix time the API expects', () => {
    expect(sinceParam('3600', Date.parse('2025-01-01T01:00:00Z'))).toBe(
      String(Date.parse('2025-01-01T00:00:00Z') / 1000),
    );
    expect(sinceParam('')).toBe('');
  });

  it('reads engine times with nanoseconds', () => {
    expect(formatLogTime('2025-01-01T12:34:56.123456789Z')).not.toBe('2025-01-01T12:34:56.123456789Z');
    expect(formatLogTime(null)).toBe('');
  });
});
