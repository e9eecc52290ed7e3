/**
 * The go-live state machine of one streamer, pure and driven by an injected clock: observations
 * (streaming or not) and ticks move it through offline → pending → live → ending → offline, and it
 * answers with the effects to deliver. Debounce, grace, cooldown and the edit throttle are options.
 */
import type { GoLiveState, StreamPlatform } from '@homelab/db/schema';

export type StreamInfo = {
  platform: StreamPlatform;
  url: string | null;
  title: string | null;
  game: string | null;
};

export type MachineState = {
  state: GoLiveState;
  /** What the announcement shows (or will show, while pending). */
  stream: StreamInfo | null;
  /** Entered the current state at (ms); debounce and grace count from here. */
  stateSince: number;
  liveSince: number | null;
  /** An announcement exists that can be edited. */
  hasPost: boolean;
  /** A start before this continues the previous post instead of pinging again. */
  cooldownUntil: number | null;
  /** Last edit sent (title/game changes are throttled); not persisted, a restart may edit once early. */
  lastEditAt: number | null;
  /** A change seen while live and held back by the throttle. */
  heldChange: StreamInfo | null;
};

export type MachineOptions = {
  debounceMs: number;
  graceMs: number;
  cooldownMs: number;
  editThrottleMs: number;
};

export const defaultMachineOptions: MachineOptions = {
  debounceMs: 30_000,
  graceMs: 5 * 60_000,
  cooldownMs: 10 * 60_000,
  editThrottleMs: 60_000,
};

export type MachineContext = {
  now: number;
  /** Inside the guild's quiet hours: announce without the role mention. */
  quiet: boolean;
  /** The guild hands out a live role. */
  liveRole: boolean;
  endAction: 'edit' | 'delete';
};

export type Effect =
  | { type: 'announce'; ping: boolean }
  | { type: 'update'; reason: 'details' | 'platform' | 'resumed' }
  | { type: 'end'; action: 'edit' | 'delete' }
  | { type: 'addLiveRole' }
  | { type: 'removeLiveRole' };

export type Step = { state: MachineState; effects: Effect[] };

export function offlineState(now: number): MachineState {
  return {
    state: 'offline',
    stream: null,
    stateSince: now,
    liveSince: null,
    hasPost: false,
    cooldownUntil: null,
    lastEditAt: null,
    heldChange: null,
  };
}

function sameInfo(a: StreamInfo | null, b: StreamInfo | null) {
  return a?.platform === b?.platform && a?.url === b?.url && a?.title === b?.title && a?.game === b?.game;
}

/** A live stream's new details: a platform switch edits at once, title/game changes at most once per throttle. */
function changeWhileLive(s: MachineState, info: StreamInfo, ctx: MachineContext, opts: MachineOptions): Step {
  if (sameInfo(s.stream, info)) return { state: { ...s, heldChange: null }, effects: [] };
  const switched = s.stream?.platform !== info.platform;
  const throttled = s.lastEditAt !== null && ctx.now - s.lastEditAt < opts.editThrottleMs;
  if (!switched && throttled) return { state: { ...s, heldChange: info }, effects: [] };
  return {
    state: { ...s, stream: info, heldChange: null, lastEditAt: ctx.now },
    effects: [{ type: 'update', reason: switched ? 'platform' : 'details' }],
  };
}

/** A new observation: `info` when the streamer is streaming somewhere, null when not. */
export function observe(
  s: MachineState,
  info: StreamInfo | null,
  ctx: MachineContext,
  opts: MachineOptions = defaultMachineOptions,
): Step {
  const { now } = ctx;
  switch (s.state) {
    case 'offline':
      if (!info) return { state: s, effects: [] };
      return {
        state: { ...s, state: 'pending', stream: info, stateSince: now, heldChange: null },
        effects: [],
      };
    case 'pending':
      if (!info) return { state: { ...s, state: 'offline', stateSince: now }, effects: [] };
      return { state: { ...s, stream: info }, effects: [] };
    case 'live':
      if (!info) return { state: { ...s, state: 'ending', stateSince: now, heldChange: null }, effects: [] };
      return changeWhileLive(s, info, ctx, opts);
    case 'ending':
      if (!info) return { state: s, effects: [] };
      // Back within the grace: the same stream and the same post.
      return changeWhileLive({ ...s, state: 'live', stateSince: now }, info, ctx, opts);
  }
}

/** Advances the timers; called every second and after each observation. */
export function tick(
  s: MachineState,
  ctx: MachineContext,
  opts: MachineOptions = defaultMachineOptions,
): Step {
  const { now } = ctx;
  if (s.state === 'pending' && now - s.stateSince >= opts.debounceMs) {
    const inCooldown = s.cooldownUntil !== null && s.stateSince < s.cooldownUntil;
    const effects: Effect[] = [];
    if (inCooldown && s.hasPost) effects.push({ type: 'update', reason: 'resumed' });
    else effects.push({ type: 'announce', ping: !inCooldown && !ctx.quiet });
    if (ctx.liveRole) effects.push({ type: 'addLiveRole' });
    return {
      state: {
        ...s,
        state: 'live',
        stateSince: now,
        liveSince: inCooldown && s.hasPost && s.liveSince !== null ? s.liveSince : s.stateSince,
        hasPost: true,
        cooldownUntil: null,
        lastEditAt: now,
      },
      effects,
    };
  }
  if (s.state === 'ending' && now - s.stateSince >= opts.graceMs) {
    const effects: Effect[] = [];
    if (s.hasPost) effects.push({ type: 'end', action: ctx.endAction });
    if (ctx.liveRole) effects.push({ type: 'removeLiveRole' });
    return {
      state: {
        ...s,
        state: 'offline',
        stateSince: now,
        hasPost: s.hasPost && ctx.endAction === 'edit',
        cooldownUntil: now + opts.cooldownMs,
        heldChange: null,
      },
      effects,
    };
  }
  if (
    s.state === 'live' &&
    s.heldChange &&
    s.lastEditAt !== null &&
    now - s.lastEditAt >= opts.editThrottleMs
  ) {
    return changeWhileLive(s, s.heldChange, ctx, opts);
  }
  return { state: s, effects: [] };
}
