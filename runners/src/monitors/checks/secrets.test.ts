import { describe, expect, it } from 'vitest';
import { withoutSecret } from './secrets';

describe('withoutSecret', () => {
  it('removes the URL and its password, plain or encoded, from a message', () => {
    const url = 'postgres://app:p%40ss%2Fword@db:5432/app';
    expect(withoutSecret(`cannot parse ${url}`, url)).toBe('cannot parse <url>');
    expect(withoutSecret('auth p@ss/word and p%40ss%2Fword failed', url)).toBe('auth *** and *** failed');
    expect(withoutSecret('plain message', 'redis://host')).toBe('plain message');
  });
});
