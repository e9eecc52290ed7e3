import type { LogLine } from '@homelab/db/docker';
import { describe, expect, it } from 'vitest';
import { createLogParser, sinceSeconds } from './logs';

function frame(stream: 1 | 2, text: string) {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

function parseAll(chunks: Buffer[], options: { tty: boolean; timestamps: boolean }) {
  const parser = createLogParser(options);
  const lines: LogLine[] = [];
  for (const chunk of chunks) parser.push(chunk, (line) => lines.push(line));
  parser.end((line) => lines.push(line));
  return lines;
}

describe('createLogParser', () => {
  it('tells stdout from stderr and splits the timestamp off', () => {
    const lines = parseAll(
      [frame(1, '2026-01-01T00:00:00.123456789Z hello\n'), frame(2, '2026-01-01T00:00:01Z oops\n')],
      { tty: false, timestamps: true },
    );
    expect(lines).toEqual([
      { stream: 'stdout', at: '2026-01-01T00:00:00.123456789Z', text: 'hello' },
      { stream: 'stderr', at: '2026-01-01T00:00:01Z', text: 'oops' },
    ]);
  });

  it('copes with headers and multi-byte characters split across chunks', () => {
    const whole = Buffer.concat([frame(1, 'grüße\nzwei'), frame(1, 'te zeile\n'), frame(2, 'err\n')]);
    // Every possible cut, including inside the header and inside "ü".
    for (let cut = 1; cut < whole.length; cut++) {
      const lines = parseAll([whole.subarray(0, cut), whole.subarray(cut)], {
        tty: false,
        timestamps: false,
      });
      expect(lines).toEqual([
        { stream: 'stdout', at: null, text: 'grüße' },
        { stream: 'stdout', at: null, text: 'zweite zeile' },
        { stream: 'stderr', at: null, text: 'err' },
      ]);
    }
  });

  it('reads a TTY stream raw, with carriage returns dropped and the last partial line flushed', () => {
    const lines = parseAll([Buffer.from('one\r\ntw'), Buffer.from('o\r\nprompt$ ')], {
      tty: true,
      timestamps: false,
    });
    expect(lines.map((l) => [l.stream, l.text])).toEqual([
      ['stdout', 'one'],
      ['stdout', 'two'],
      ['stdout', 'prompt$ '],
    ]);
  });

  it('keeps a line whole when timestamps are off even if it starts like one', () => {
    const [line] = parseAll([frame(1, '2026-01-01T00:00:00Z text\n')], { tty: false, timestamps: false });
    expect(line).toEqual({ stream: 'stdout', at: null, text: '2026-01-01T00:00:00Z text' });
  });
});

describe('sinceSeconds', () => {
  it('accepts Unix seconds and ISO times', () => {
    expect(sinceSeconds('1767225600')).toBe('1767225600');
    expect(sinceSeconds('2026-01-01T00:00:00.500Z')).toBe('1767225600.500');
    expect(sinceSeconds(undefined)).toBeUndefined();
    expect(() => sinceSeconds('yesterday')).toThrow(/ISO time/);
  });
});
