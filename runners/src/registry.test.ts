import { describe, expect, it } from 'vitest';
import { allRunners, runnerNames } from './registry';

describe('runnerNames', () => {
  it('names every runner of the registry, in its order', () => {
    expect(allRunners().map((runner) => runner.name)).toEqual([...runnerNames]);
  });
});
