/**
 * Runs the go-live machine for every streamer: merges what presence (Twitch, YouTube) and Kick's API
 * report, feeds it to the machine, and persists each transition with its deliveries. A tick every
 * second advances debounce and grace from the stored state_since, so a restart picks up where it was.
 */
import type { Sql } from 'postgres';
import type { Logger } from '../../log';
import {
  defaultMachineOptions,
  type MachineOptions,
  type MachineState,
  observe,
  type StreamInfo,
  tick,
} from './machine';
import { youtubeVideoId } from './presence';
import { isQuietTime } from './quiet-hours';
import {
  findStreamer,
  type GuildGoLive,
  guildSettings,
  machineStateOf,
  type StreamerRow,
  saveTransition,
  streamerById,
  timedStreamers,
} from './store';

export type GoLiveTrackerOptions = {
  sql: Sql;
  log: Logger;
  machine?: Partial<MachineOptions>;
  now?: () => number;
  /** YouTube Data API check of a video id: true live, false not live, null unknown (trust presence). */
  verifyYoutube?: (videoId: string) => Promise<boolean | null>;
  /**
   * YouTube may mark a broadcast live a little after Discord shows it, and Discord sends a presence
   * only when it changes: a refused YouTube presence is asked about again this often…
   */
  youtubeRecheckMs?: number;
  /** …for this long. */
  youtubeRecheckForMs?: number;
};

type Memory = {
  presence: StreamInfo | null;
  kick: StreamInfo | null;
  lastEditAt: number | null;
  heldChange: StreamInfo | null;
  /** A YouTube presence the API did not (yet) confirm. */
  unverified?: { info: StreamInfo; since: number; lastCheck: number };
};

export function createGoLiveTracker(options: GoLiveTrackerOptions) {
  const { sql, log } = options;
  const machineOptions = { ...defaultMachineOptions, ...options.machine } satisfies MachineOptions;
  const now = options.now ?? Date.now;
  const youtubeRecheckMs = options.youtubeRecheckMs ?? 60_000;
  const youtubeRecheckForMs = options.youtubeRecheckForMs ?? 15 * 60_000;
  const memory = new Map<string, Memory>();
  const locks = new Map<string, Promise<unknown>>();

  function remember(id: string): Memory {
    let m = memory.get(id);
    if (!m) {
      m = { presence: null, kick: null, lastEditAt: null, heldChange: null };
      memory.set(id, m);
    }
    return m;
  }

  /** One streamer's steps run one after another: an observation and a tick must not race. */
  function serial<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = locks.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => {});
    locks.set(id, settled);
    void settled.then(() => {
      if (locks.get(id) === settled) locks.delete(id);
    });
    return next;
  }

  function contextOf(guild: GuildGoLive, at: number) {
    return {
      now: at,
      quiet: isQuietTime(guild.go_live_quiet_hours, guild.timezone, at),
      liveRole: guild.go_live_live_role_id !== null,
      endAction: guild.go_live_end_action,
    };
  }

  function changed(row: StreamerRow, next: MachineState) {
    return (
      row.state !== next.state ||
      row.state_since !== next.stateSince ||
      row.platform !== (next.stream?.platform ?? null) ||
      row.url !== (next.stream?.url ?? null) ||
      row.title !== (next.stream?.title ?? null) ||
      row.game !== (next.stream?.game ?? null) ||
      row.live_since !== next.liveSince ||
      row.cooldown_until !== next.cooldownUntil
    );
  }

  /** Re-reads the row, runs the machine and writes the result; `observed` undefined means a tick only. */
  async function step(id: string, observed?: StreamInfo | null) {
    const row = await streamerById(sql, id);
    if (!row?.enabled) return;
    const guild = await guildSettings(sql, row.guild_id);
    // Without a go-live channel there is nowhere to announce: the guild has not set go-live up.
    if (!guild?.go_live_channel_id) return;
    const m = remember(id);
    const ctx = contextOf(guild, now());
    let state = machineStateOf(row, m);
    const effects = [];
    if (observed !== undefined) {
      const observedStep = observe(state, observed, ctx, machineOptions);
      state = observedStep.state;
      effects.push(...observedStep.effects);
    }
    const timed = tick(state, ctx, machineOptions);
    state = timed.state;
    effects.push(...timed.effects);
    if (effects.length > 0 || changed(row, state)) {
      const saved = await saveTransition(sql, row, state, effects, guild);
      if (!saved) {
        log.warn('go-live state changed underneath; will re-read on the next tick', { streamerId: id });
        return;
      }
      if (effects.length > 0)
        log.info('go-live transition', {
          streamerId: id,
          state: state.state,
          effects: effects.map((e) => e.type),
        });
    }
    m.lastEditAt = state.lastEditAt;
    m.heldChange = state.heldChange;
  }

  function effective(m: Memory) {
    return m.presence ?? m.kick;
  }

  async function verified(info: StreamInfo | null) {
    if (info?.platform !== 'youtube' || !options.verifyYoutube) return info;
    const videoId = youtubeVideoId(info.url);
    if (!videoId) return info;
    const live = await options.verifyYoutube(videoId).catch((error: unknown) => {
      log.warn('YouTube verification failed; trusting the presence', { err: error });
      return null;
    });
    return live === false ? null : info;
  }

  async function recheckYoutube() {
    for (const [id, m] of memory) {
      const pending = m.unverified;
      if (!pending) continue;
      const at = now();
      if (at - pending.since > youtubeRecheckForMs) {
        m.unverified = undefined;
        continue;
      }
      if (at - pending.lastCheck < youtubeRecheckMs) continue;
      pending.lastCheck = at;
      const checked = await verified(pending.info);
      if (!checked) continue;
      await serial(id, async () => {
        // A newer presence replaced this one while the API answered.
        if (m.unverified !== pending) return;
        m.unverified = undefined;
        m.presence = checked;
        await step(id, effective(m));
      });
    }
  }

  return {
    /** A presence says this member streams (info) or not (null). */
    async presence(guildId: string, userId: string, info: StreamInfo | null) {
      const row = await findStreamer(sql, guildId, userId);
      if (!row) return;
      const checked = await verified(info);
      await serial(row.id, async () => {
        const m = remember(row.id);
        m.presence = checked;
        const at = now();
        m.unverified = info && !checked ? { info, since: at, lastCheck: at } : undefined;
        await step(row.id, effective(m));
      });
    },

    /** Kick's API says this streamer is live there (info) or not (null). */
    async kick(streamerId: string, info: StreamInfo | null) {
      await serial(streamerId, async () => {
        const m = remember(streamerId);
        m.kick = info;
        await step(streamerId, effective(m));
      });
    },

    /** Advances every timer that may be due; the runner calls it every second. */
    async tickAll() {
      await recheckYoutube();
      const ids = new Set((await timedStreamers(sql)).map((row) => row.id));
      for (const [id, m] of memory) if (m.heldChange) ids.add(id);
      for (const id of ids) {
        try {
          await serial(id, () => step(id));
        } catch (error) {
          log.warn('go-live tick failed for a streamer', { streamerId: id, err: error });
        }
      }
    },

    /** Streamers live or in their grace right now (memory-free: read from the rows). */
    async liveCount() {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from go_live_streamers where state in ('live', 'ending') and enabled`;
      return row?.n ?? 0;
    },
  };
}
export type GoLiveTracker = ReturnType<typeof createGoLiveTracker>;
