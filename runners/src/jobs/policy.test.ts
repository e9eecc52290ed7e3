import { describe, expect, it } from 'vitest';
import { decideAfterFailure, jobErrorText, RetryJobError, unknownKindError } from './policy';

describe('decideAfterFailure', () => {
  it('retries with a growing delay while attempts remain', () => {
    expect(decideAfterFailure({ attempts: 1, maxAttempts: 5 })).toEqual({
      status: 'queued',
      retryInMs: 5_000,
    });
    expect(decideAfterFailure({ attempts: 2, maxAttempts: 5 })).toEqual({
      status: 'queued',
      retryInMs: 10_000,
    });
    expect(decideAfterFailure({ attempts: 4, maxAttempts: 5 })).toEqual({
      status: 'queued',
      retryInMs: 40_000,
    });
  });

  it('caps the delay', () => {
    expect(decideAfterFailure({ attempts: 20, maxAttempts: 50 })).toEqual({
      status: 'queued',
      retryInMs: 15 * 60_000,
    });
  });

  it('fails the job once the last attempt has failed', () => {
    expect(decideAfterFailure({ attempts: 5, maxAttempts: 5 })).toEqual({ status: 'failed' });
    expect(decideAfterFailure({ attempts: 1, maxAttempts: 1 })).toEqual({ status: 'failed' });
  });

  it('uses the retry schedule it is given', () => {
    expect(decideAfterFailure({ attempts: 3, maxAttempts: 5 }, { baseMs: 10, maxMs: 25 })).toEqual({
      status: 'queued',
      retryInMs: 25,
    });
  });
});

describe('job error texts', () => {
  it('names the unknown kind and the kinds the runner does handle', () => {
    expect(unknownKindError('system', 'reboot', ['compact'])).toBe(
      'The system runner has no handler for job kind "reboot" (it handles: "compact").',
    );
    expect(unknownKindError('docker', 'x', [])).toMatch(/it handles: none/);
  });

  it('keeps the message without the stack and bounds its length', () => {
    expect(jobErrorText(new TypeError('bad input'))).toBe('TypeError: bad input');
    expect(jobErrorText('plain')).toBe('plain');
    expect(jobErrorText(new Error('x'.repeat(5_000))).length).toBe(2_000);
  });
});

describe('RetryJobError', () => {
  it('lets a handler choose its own delay until the attempts run out', () => {
    const error = new RetryJobError('Discord is down', 2_000);
    expect(decideAfterFailure({ attempts: 1, maxAttempts: 5 }, undefined, error)).toEqual({
      status: 'queued',
      retryInMs: 2_000,
    });
    expect(decideAfterFailure({ attempts: 5, maxAttempts: 5 }, undefined, error)).toEqual({
      status: 'failed',
    });
  });
});
