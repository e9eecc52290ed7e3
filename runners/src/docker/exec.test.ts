import { describe, expect, it } from 'vitest';
import { parseExecCommand } from './exec';

describe('parseExecCommand', () => {
  it('defaults to a shell', () => {
    expect(parseExecCommand(null)).toEqual(['/bin/sh']);
    expect(parseExecCommand('  ')).toEqual(['/bin/sh']);
  });
  it('takes a JSON array as the argv', () => {
    expect(parseExecCommand('["sh","-c","echo $HOME; ls"]')).toEqual(['sh', '-c', 'echo $HOME; ls']);
  });
  it('splits a plain string on whitespace, with no shell involved', () => {
    expect(parseExecCommand('ls  -la /tmp')).toEqual(['ls', '-la', '/tmp']);
  });
  it('refuses what it cannot use', () => {
    expect(() => parseExecCommand('x'.repeat(4097))).toThrow(/4 KB/);
    expect(() => parseExecCommand('[1,2]')).toThrow(/array of non-empty strings/);
    expect(() => parseExecCommand('[oops')).toThrow(/JSON/);
    expect(() => parseExecCommand('[]')).toThrow();
  });
});
