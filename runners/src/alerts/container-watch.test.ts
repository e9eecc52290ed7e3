import { describe, expect, it } from 'vitest';
import { createContainerWatch } from './container-watch';

const facts = (health: string, restartCount: number) => [{ id: 'c1', name: 'web', health, restartCount }];

describe('container watch', () => {
  it('measures how long a container has been unhealthy without a break', () => {
    const watch = createContainerWatch();
    watch.observe(facts('unhealthy', 0), 0);
    watch.observe(facts('unhealthy', 0), 30_000);
    expect(watch.unhealthyFor(60, 30_000)).toEqual([]);
    watch.observe(facts('unhealthy', 0), 60_000);
    expect(watch.unhealthyFor(60, 60_000)).toEqual([{ name: 'web', sinceMs: 60_000 }]);
    watch.observe(facts('healthy', 0), 75_000);
    watch.observe(facts('unhealthy', 0), 90_000);
    expect(watch.unhealthyFor(60, 90_000)).toEqual([]);
    expect(watch.unhealthyFor(0, 90_000)).toHaveLength(1);
  });

  it('counts restarts seen after the first look, within the window only', () => {
    const watch = createContainerWatch();
    watch.observe(facts('none', 7), 0);
    expect(watch.restartedMoreThan(0, 600, 0)).toEqual([]);
    watch.observe(facts('none', 9), 15_000);
    watch.observe(facts('none', 10), 30_000);
    expect(watch.restartedMoreThan(2, 600, 30_000)).toEqual([{ name: 'web', restarts: 3 }]);
    expect(watch.restartedMoreThan(3, 600, 30_000)).toEqual([]);
    // Twenty-five seconds later the first two restarts fall out of a 30 s window.
    expect(watch.restartedMoreThan(0, 30, 55_000)).toEqual([{ name: 'web', restarts: 1 }]);
  });

  it('starts again from a recreated container and forgets removed ones', () => {
    const watch = createContainerWatch();
    watch.observe(facts('none', 5), 0);
    watch.observe(facts('none', 0), 15_000);
    expect(watch.restartedMoreThan(0, 600, 15_000)).toEqual([]);
    watch.observe(facts('unhealthy', 0), 20_000);
    watch.observe([], 30_000);
    expect(watch.unhealthyFor(0, 30_000)).toEqual([]);
  });
});
