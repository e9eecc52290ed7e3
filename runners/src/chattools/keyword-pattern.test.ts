import { describe, expect, it } from 'vitest';
import { compileKeyword } from './keyword-pattern';

describe('compileKeyword', () => {
  it('matches whole words, case-insensitively, with * as any run', () => {
    const hello = compileKeyword('hello')!;
    expect(hello('HeLLo there')).toBe(true);
    expect(hello('othello')).toBe(false);
    expect(hello('hellos')).toBe(false);
    const wild = compileKeyword('what * game')!;
    expect(wild('so WHAT is this game?')).toBe(true);
    expect(wild('game what')).toBe(false);
    expect(compileKeyword('hel*')!('helicopter')).toBe(true);
    expect(compileKeyword('*lo')!('hello')).toBe(true);
  });

  it('treats regex syntax as text and refuses empty patterns', () => {
    expect(compileKeyword('a.b (c)+')!('a.b (c)+ yes')).toBe(true);
    expect(compileKeyword('a.b')!('axb')).toBe(false);
    expect(compileKeyword('[x')!('say [x now')).toBe(true);
    expect(compileKeyword('***')).toBeNull();
    expect(compileKeyword('  ')).toBeNull();
  });

  it('stays fast on patterns made to backtrack', () => {
    const evil = compileKeyword(`${'a*'.repeat(40)}b`)!;
    const started = performance.now();
    expect(evil('a'.repeat(500))).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
