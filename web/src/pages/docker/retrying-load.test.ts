import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { createRetryingLoad } from './retrying-load';

const engineDown = () => new ApiError(503, 'engine_unreachable', 'The engine is not reachable.');

afterEach(() => vi.useRealTimers());

describe('createRetryingLoad', () => {
  it('keeps retrying while the engine is down, then applies the answer and clears the error', async () => {
    vi.useFakeTimers();
    const fetchAnswer = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(engineDown())
      .mockRejectedValueOnce(engineDown())
      .mockResolvedValue('up');
    const apply = vi.fn();
    await createRoot(async (dispose) => {
      const load = createRetryingLoad(fetchAnswer, { apply, retryMs: 1000 });
      await load.reload();
      expect(load.outage()).toBe('engine');
      await vi.advanceTimersByTimeAsync(2000);
      expect(apply).toHaveBeenCalledWith('up');
      expect(load.error()).toBeNull();
      expect(fetchAnswer).toHaveBeenCalledTimes(3);
      dispose();
    });
  });

  it('does not retry a refusal, drops stale answers, and stops once disposed', async () => {
    vi.useFakeTimers();
    const fetchAnswer = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new ApiError(404, 'not_found', 'No such container.'))
      .mockResolvedValueOnce('old')
      .mockRejectedValue(engineDown());
    const apply = vi.fn();
    await createRoot(async (dispose) => {
      const load = createRetryingLoad(fetchAnswer, { apply, stale: (a) => a === 'old', retryMs: 1000 });
      await load.reload();
      await vi.advanceTimersByTimeAsync(5000);
      expect(fetchAnswer).toHaveBeenCalledTimes(1);
      expect(load.outage()).toBeNull();

      await load.reload();
      expect(apply).not.toHaveBeenCalled();
      expect(load.error()).toBeInstanceOf(ApiError);

      await load.reload();
      dispose();
      await vi.advanceTimersByTimeAsync(5000);
      expect(fetchAnswer).toHaveBeenCalledTimes(3);
    });
  });
});
