import { describe, expect, it } from 'vitest';
import { decideAfterFailure, defaultRetryDelaysMs } from './policy';

describe('decideAfterFailure', () => {
  it('waits 5 s, 30 s, 2 min, 10 min and 30 min, then gives up after the 6th try', () => {
    const waits = [1, 2, 3, 4, 5].map((attempts) =>
      decideAfterFailure({ attempts, event: 'opened' }, undefined),
    );
    expect(waits).toEqual(defaultRetryDelaysMs.map((retryInMs) => ({ status: 'pending', retryInMs })));
    expect(decideAfterFailure({ attempts: 6, event: 'opened' }, undefined)).toEqual({ status: 'failed' });
  });

  it("takes the target's Retry-After instead of the schedule", () => {
    expect(decideAfterFailure({ attempts: 1, event: 'resolved' }, 1_234)).toEqual({
      status: 'pending',
      retryInMs: 1_234,
    });
  });

  it('tries a test message once: the person is waiting for its outcome', () => {
    expect(decideAfterFailure({ attempts: 1, event: 'test' }, undefined)).toEqual({ status: 'failed' });
  });
});
