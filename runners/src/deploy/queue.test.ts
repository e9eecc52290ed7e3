import { describe, expect, it } from 'vitest';
import { createDeployQueue, type DeployTrigger } from './queue';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('the deploy queue', () => {
  it('runs a trigger that arrives during a deploy right after it, once, however many arrive', async () => {
    const runs: DeployTrigger[] = [];
    const first = gate();
    let n = 0;
    const queue = createDeployQueue(
      async (trigger, started) => {
        runs.push(trigger);
        n += 1;
        started(`row-${n}`);
        if (n === 1) await first.opened;
      },
      () => {},
    );

    const a = queue.trigger({ source: 'manual', triggeredBy: 'user-1' });
    const b = queue.trigger({ source: 'webhook', triggeredBy: 'push abc' });
    const c = queue.trigger({ source: 'poll', triggeredBy: null });

    expect(a.queued).toBe(false);
    expect(await a.started).toBe('row-1');
    expect([b.queued, c.queued]).toEqual([true, true]);
    expect(queue.queued()).toBe(true);

    first.open();
    expect(await b.started).toBe('row-2');
    expect(await c.started).toBe('row-2');
    await queue.idle();
    expect(runs.map((r) => r.source)).toEqual(['manual', 'webhook']);
    expect(queue.busy()).toBe(false);
  });

  it('keeps going after a deploy that throws', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const queue = createDeployQueue(
      async () => {
        n += 1;
        if (n === 1) throw new Error('database gone');
      },
      (error) => errors.push(error),
    );

    expect(await queue.trigger({ source: 'manual', triggeredBy: null }).started).toBeNull();
    await queue.idle();
    queue.trigger({ source: 'manual', triggeredBy: null });
    await queue.idle();
    expect(n).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
