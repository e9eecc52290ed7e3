import { describe, expect, it } from 'vitest';
import { runCheck } from './index';
import { checkOptions } from './test-support';

describe('runCheck', () => {
  it('leaves push monitors to the heartbeat', async () => {
    expect(await runCheck({ type: 'push' }, checkOptions())).toEqual({
      status: 'down',
      latencyMs: null,
      message: 'push monitors are checked by heartbeat',
      detail: {},
    });
  });

  it('does not start a check the scheduler already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runCheck(
      { type: 'tcp', host: '127.0.0.1', port: 1 },
      { ...checkOptions(), signal: controller.signal },
    );
    expect(result).toMatchObject({ status: 'down', message: 'check cancelled' });
  });

  it('turns a config it cannot use into a down result instead of throwing', async () => {
    const bogus = { type: 'gopher' } as unknown as Parameters<typeof runCheck>[0];
    expect(await runCheck(bogus, checkOptions())).toMatchObject({
      status: 'down',
      message: 'unknown monitor type gopher',
    });
    const badUrl = { type: 'http', url: 'not a url' } as unknown as Parameters<typeof runCheck>[0];
    expect(await runCheck(badUrl, checkOptions())).toMatchObject({ status: 'down' });
  });
});
