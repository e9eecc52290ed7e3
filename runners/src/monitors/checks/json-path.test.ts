import { describe, expect, it } from 'vitest';
import { jsonValueText, parseJsonPath, readJsonPath } from './json-path';

const document = { a: { b: [{ c: 42 }, { c: 'x' }] }, 'odd key': true, list: [1, 2, 3], nothing: null };
const read = (path: string) => {
  const steps = parseJsonPath(path);
  if ('error' in steps) throw new Error(steps.error);
  return readJsonPath(document, steps);
};

describe('json path', () => {
  it('reads dotted names, indexes and quoted keys', () => {
    expect(read('$.a.b[0].c')).toBe(42);
    expect(read('$.a.b[1].c')).toBe('x');
    expect(read("$['odd key']")).toBe(true);
    expect(read('$["a"].b[0]')).toEqual({ c: 42 });
    expect(read('$.list[-1]')).toBe(3);
    expect(read('$.nothing')).toBeNull();
    expect(read('$')).toEqual(document);
  });

  it('gives undefined for a path that leads nowhere', () => {
    expect(read('$.a.b[5].c')).toBeUndefined();
    expect(read('$.a.missing')).toBeUndefined();
    expect(read('$.list.length')).toBeUndefined();
    expect(read('$.a[0]')).toBeUndefined();
    expect(read('$.a.toString')).toBeUndefined();
  });

  it('says what is wrong with a path it cannot read', () => {
    expect(parseJsonPath('a.b')).toEqual({ error: 'must start with $' });
    expect(parseJsonPath('$.a..b')).toEqual({ error: 'cannot read the path at "..b"' });
    expect(parseJsonPath('$.a[*]')).toEqual({ error: 'cannot read the path at "[*]"' });
  });

  it('compares strings as they are and everything else as JSON', () => {
    expect(jsonValueText('ok')).toBe('ok');
    expect(jsonValueText(3)).toBe('3');
    expect(jsonValueText(true)).toBe('true');
    expect(jsonValueText(null)).toBe('null');
    expect(jsonValueText({ a: 1 })).toBe('{"a":1}');
  });
});
