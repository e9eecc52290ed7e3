import { describe, expect, it } from 'vitest';
import { nextState } from './results';

const up = { state: 'up' as const, failures: 0, retries: 1, incident: null };
const downWith = { state: 'down' as const, failures: 2, retries: 1, incident: { id: 'i', silenced: false } };

describe('nextState', () => {
  it('tolerates `retries` failures in a row before going down', () => {
    const first = nextState(up, 'down', false);
    expect(first).toMatchObject({ failures: 1, down: false, open: false, state: 'up' });
    const second = nextState({ ...up, failures: 1 }, 'down', false);
    expect(second).toMatchObject({ failures: 2, down: true, open: true, state: 'down' });
  });

  it('goes down at the first failure with no retries, and opens the incident once', () => {
    expect(nextState({ ...up, retries: 0 }, 'down', false)).toMatchObject({ open: true, state: 'down' });
    expect(nextState(downWith, 'down', false)).toMatchObject({ open: false, close: false, state: 'down' });
  });

  it('closes the incident at the first success', () => {
    expect(nextState(downWith, 'up', false)).toMatchObject({ failures: 0, close: true, state: 'up' });
  });

  it('reads maintenance during a window whatever the result', () => {
    expect(nextState({ ...up, retries: 0 }, 'down', true)).toMatchObject({
      open: true,
      state: 'maintenance',
    });
    expect(nextState(up, 'up', true)).toMatchObject({ state: 'maintenance' });
  });

  it('keeps a new monitor pending through tolerated failures', () => {
    expect(nextState({ ...up, state: 'pending' }, 'down', false).state).toBe('pending');
  });
});
