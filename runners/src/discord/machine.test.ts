import { describe, expect, it } from 'vitest';
import {
  type Effect,
  type MachineContext,
  type MachineState,
  observe,
  offlineState,
  type StreamInfo,
  tick,
} from './golive/machine';
import { isQuietTime } from './golive/quiet-hours';

const twitch: StreamInfo = {
  platform: 'twitch',
  url: 'https://twitch.tv/ada',
  title: 'Speedrun',
  game: 'Celeste',
};
const youtube: StreamInfo = {
  platform: 'youtube',
  url: 'https://youtube.com/watch?v=abc123',
  title: 'Speedrun',
  game: 'Celeste',
};

/** A streamer driven on a fake clock, one second per tick, collecting every effect. */
function simulate(ctx: Partial<MachineContext> = {}) {
  let now = 1_000_000;
  let state: MachineState = offlineState(now);
  const effects: Effect[] = [];
  const context = () => ({ now, quiet: false, liveRole: true, endAction: 'edit' as const, ...ctx });
  const apply = (step: { state: MachineState; effects: Effect[] }) => {
    state = step.state;
    effects.push(...step.effects);
  };
  return {
    see(info: StreamInfo | null) {
      apply(observe(state, info, context()));
      apply(tick(state, context()));
    },
    wait(ms: number) {
      for (let left = ms; left > 0; left -= 1_000) {
        now += Math.min(1_000, left);
        apply(tick(state, context()));
      }
    },
    get state() {
      return state;
    },
    effects,
    types: () => effects.map((e) => e.type),
  };
}

describe('go-live machine', () => {
  it('never announces a stream shorter than the debounce', () => {
    const s = simulate();
    s.see(twitch);
    s.wait(20_000);
    s.see(null);
    s.wait(60_000);
    expect(s.effects).toEqual([]);
    expect(s.state.state).toBe('offline');
  });

  it('announces with the role mention after 30 seconds', () => {
    const s = simulate();
    s.see(twitch);
    s.wait(29_000);
    expect(s.effects).toEqual([]);
    s.wait(1_000);
    expect(s.effects).toEqual([{ type: 'announce', ping: true }, { type: 'addLiveRole' }]);
    expect(s.state).toMatchObject({ state: 'live', stream: twitch, hasPost: true });
  });

  it('continues the same post when the stream comes back within the grace', () => {
    const s = simulate();
    s.see(twitch);
    s.wait(30_000);
    s.see(null);
    s.wait(4 * 60_000);
    s.see(twitch);
    s.wait(10 * 60_000);
    expect(s.types()).toEqual(['announce', 'addLiveRole']);
    expect(s.state.state).toBe('live');
  });

  it('ends the post and takes the live role back after five minutes offline', () => {
    const s = simulate();
    s.see(twitch);
    s.wait(30_000);
    s.see(null);
    s.wait(5 * 60_000);
    expect(s.effects.slice(2)).toEqual([{ type: 'end', action: 'edit' }, { type: 'removeLiveRole' }]);
    expect(s.state.state).toBe('offline');
  });

  it('edits the post on a platform switch instead of posting again', () => {
    const s = simulate();
    s.see(twitch);
    s.wait(30_000);
    s.see(youtube);
    expect(s.effects.slice(2)).toEqual([{ type: 'update', reason: 'platform' }]);
    expect(s.state.stream?.platform).toBe('youtube');
  });

  it('throttles title changes to one edit a minute and sends the latest', () => {
    const s = simulate();
    s.see(twitch);
    s.wait(30_000);
    s.see({ ...twitch, title: 'one' });
    s.see({ ...twitch, title: 'two' });
    s.wait(30_000);
    expect(s.types()).toEqual(['announce', 'addLiveRole']);
    s.wait(30_000);
    expect(s.types()).toEqual(['announce', 'addLiveRole', 'update']);
    expect(s.state.stream?.title).toBe('two');
  });

  it('does not ping again when a stream flaps back inside the cooldown', () => {
    const s = simulate();
    s.see(twitch);
    s.wait(30_000);
    s.see(null);
    s.wait(5 * 60_000);
    s.see(twitch);
    s.wait(30_000);
    const announces = s.effects.filter((e) => e.type === 'announce');
    expect(announces).toHaveLength(1);
    expect(s.effects.at(-2)).toEqual({ type: 'update', reason: 'resumed' });
  });

  it('posts again without a ping inside the cooldown when the old post was deleted', () => {
    const s = simulate({ endAction: 'delete' });
    s.see(twitch);
    s.wait(30_000);
    s.see(null);
    s.wait(5 * 60_000);
    s.see(twitch);
    s.wait(30_000);
    expect(s.effects.filter((e) => e.type === 'announce')).toEqual([
      { type: 'announce', ping: true },
      { type: 'announce', ping: false },
    ]);
  });

  it('pings again for a stream after the cooldown', () => {
    const s = simulate();
    s.see(twitch);
    s.wait(30_000);
    s.see(null);
    s.wait(5 * 60_000 + 10 * 60_000);
    s.see(twitch);
    s.wait(30_000);
    expect(s.effects.filter((e) => e.type === 'announce')).toEqual([
      { type: 'announce', ping: true },
      { type: 'announce', ping: true },
    ]);
  });

  it('announces without the role mention during quiet hours', () => {
    const s = simulate({ quiet: true });
    s.see(twitch);
    s.wait(30_000);
    expect(s.effects[0]).toEqual({ type: 'announce', ping: false });
  });
});

describe('quiet hours', () => {
  it('reads the window in the guild timezone, across midnight', () => {
    const window = { from: '22:00', to: '07:00' };
    expect(isQuietTime(window, 'UTC', Date.parse('2024-05-01T23:30:00Z'))).toBe(true);
    expect(isQuietTime(window, 'UTC', Date.parse('2024-05-01T12:00:00Z'))).toBe(false);
    // 05:00 UTC is 07:00 in Berlin (summer): just outside the window.
    expect(isQuietTime(window, 'Europe/Berlin', Date.parse('2024-05-01T05:00:00Z'))).toBe(false);
    expect(isQuietTime(window, 'Europe/Berlin', Date.parse('2024-05-01T04:59:00Z'))).toBe(true);
    expect(isQuietTime(null, 'UTC', 0)).toBe(false);
  });
});
