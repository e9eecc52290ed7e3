import { describe, expect, it } from 'vitest';
import { parseLabels } from './labels';
import { engineNameProblem } from './names';

describe('parseLabels', () => {
  it('reads key=value lines, skipping blanks and comments', () => {
    expect(parseLabels('backup=nightly\n\n# note\nowner = media\nflag')).toEqual({
      labels: { backup: 'nightly', owner: 'media', flag: '' },
      error: null,
    });
  });

  it('names the line that has no key', () => {
    expect(parseLabels('a=1\n=2').error).toBe('Line 2 has no key before "=".');
  });
});

describe('engine names', () => {
  it('asks for a name, then for one Docker accepts', () => {
    expect(engineNameProblem('')).toBe('Give it a name.');
    expect(engineNameProblem('media_data.v2')).toBeNull();
    expect(engineNameProblem('-data')).toMatch(/^Not a valid name/);
    expect(engineNameProblem('my data')).toMatch(/^Not a valid name/);
  });
});
