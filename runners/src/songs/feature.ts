/**
 * Song requests in chat through the streamer's Spotify: `!sr` looks a song up (search text or a
 * Spotify link), checks the tenant's limits, takes the cost, stores the request and adds it to
 * Spotify's playback queue; `!song`, `!songs`, `!wrongsong`, `!skip` (votes, or a moderator at
 * once) and `!srclear`. A request the bot stored stays in its queue even when Spotify refuses to
 * play it (no Premium, no active device), and chat is told why.
 */
import { changeBalance } from '@homelab/db/stream/currency';
import { levelAtLeast } from '../bot/engine';
import type { BotDeps, BotEvent, BuiltinCommand, Feature, FeatureFactory } from '../bot/types';
import { parseSongInput, skipVotesNeeded, trackLabel, trackRefusal } from './rules';
import { createSpotify, SpotifyError, type SpotifyOptions, type SpotifyTrack } from './spotify';
import { songStore } from './store';

export type SongsFeatureOptions = {
  spotify: SpotifyOptions;
  encryptionKey?: string;
  fetch?: typeof fetch;
};

/** Chatters seen within this window count toward the skip threshold. */
const chatterWindowMs = 10 * 60_000;
/** How often a tick compares Spotify's now playing with the queue. */
const syncEveryMs = 30_000;

export function createSongsFeature(options: SongsFeatureOptions): FeatureFactory {
  return (deps: BotDeps): Feature => {
    const spotify = createSpotify(deps.pool, options.spotify, options.encryptionKey, options.fetch);
    const store = songStore(deps.pool);
    const chatters = new Map<string, Map<string, number>>();
    const votes = new Map<string, { trackId: string; voters: Set<string> }>();
    const lastSync = new Map<string, number>();
    const enabled = (s: BotEvent['settings']) => s.songs.enabled;

    const problem = (error: unknown) =>
      error instanceof SpotifyError ? error.message : 'Spotify could not be asked just now; try again soon.';
    const voterOf = (ctx: BotEvent) => `${ctx.event.platform}:${ctx.event.userId ?? ctx.event.userName}`;
    const isMod = (ctx: BotEvent) => levelAtLeast(ctx.level, 'moderator');

    function recentChatters(tenantId: string) {
      const seen = chatters.get(tenantId);
      if (!seen) return 0;
      const since = deps.clock.now() - chatterWindowMs;
      for (const [who, at] of seen) if (at < since) seen.delete(who);
      return seen.size;
    }

    /** What Spotify plays now, with the queue's states brought in line with it. */
    async function sync(tenantId: string) {
      lastSync.set(tenantId, deps.clock.now());
      const now = await spotify.nowPlaying(tenantId);
      if (now) await store.markPlaying(tenantId, now.track.id);
      return now;
    }

    async function lookup(ctx: BotEvent, text: string): Promise<SpotifyTrack | null> {
      const input = parseSongInput(text);
      if (input.kind === 'bad-link') {
        ctx.reply('Only Spotify track links work here (open.spotify.com/track/…), or type the song name.', {
          as: 'reply',
        });
        return null;
      }
      const track =
        input.kind === 'id'
          ? await spotify.track(ctx.event.tenantId, input.id)
          : await spotify.search(ctx.event.tenantId, input.q);
      if (!track)
        ctx.reply(
          input.kind === 'id' ? 'Spotify has no track at that link.' : `No song found for "${text}".`,
          { as: 'reply' },
        );
      return track;
    }

    async function request(ctx: BotEvent, args: string[]) {
      const { tenantId } = ctx.event;
      const songs = ctx.settings.songs;
      const text = args.join(' ').trim();
      if (!text) return ctx.reply('Use !sr <song name or Spotify link>.', { as: 'reply' });
      let track: SpotifyTrack | null;
      try {
        track = await lookup(ctx, text);
      } catch (error) {
        return ctx.reply(`Could not look the song up: ${problem(error)}`, { as: 'reply' });
      }
      if (!track) return;
      const refusal = trackRefusal(track, songs);
      if (refusal) return ctx.reply(refusal, { as: 'reply' });
      const queued = await store.queued(tenantId);
      if (queued.length >= songs.maxQueue)
        return ctx.reply(`The song queue is full (${songs.maxQueue}); try again later.`, { as: 'reply' });
      if (queued.some((r) => r.trackId === track.id))
        return ctx.reply(`${track.name} is already in the queue.`, { as: 'reply' });
      const viewerId = await ctx.viewerId();
      const mine = queued.filter((r) =>
        viewerId ? r.viewerId === viewerId : r.userName === ctx.event.userName,
      ).length;
      if (mine >= songs.perUser)
        return ctx.reply(
          `You already have ${mine} song${mine === 1 ? '' : 's'} waiting (at most ${songs.perUser}).`,
          { as: 'reply' },
        );
      if (songs.cost > 0 && viewerId) {
        const paid = await changeBalance(deps.pool.db, {
          tenantId,
          viewerId,
          delta: -songs.cost,
          reason: 'command',
          ref: 'sr',
        });
        if (!paid.ok)
          return ctx.reply(
            `A song request costs ${songs.cost} ${ctx.settings.currency.name}; you have ${paid.balance}.`,
            { as: 'reply' },
          );
      }
      await store.add(tenantId, track, {
        viewerId,
        userName: ctx.event.userName ?? 'someone',
        platform: ctx.event.platform,
      });
      const place = queued.length + 1;
      try {
        await spotify.queue(tenantId, track.id);
        ctx.reply(`Added ${trackLabel(track)} (#${place} in the queue).`, { as: 'reply' });
      } catch (error) {
        // Kept in the bot's queue: the streamer sees it in the studio and can play it by hand.
        ctx.reply(`Saved ${trackLabel(track)} (#${place}), but Spotify did not queue it: ${problem(error)}`, {
          as: 'reply',
        });
      }
    }

    async function nowPlaying(ctx: BotEvent) {
      try {
        const now = await sync(ctx.event.tenantId);
        if (!now) return ctx.reply('Nothing is playing on Spotify right now.');
        const requested = await store.requestOfTrack(ctx.event.tenantId, now.track.id);
        ctx.reply(
          `Now playing: ${trackLabel(now.track)}${requested ? ` (requested by ${requested.userName})` : ''}${now.isPlaying ? '' : ' [paused]'}`,
        );
      } catch (error) {
        ctx.reply(`Could not ask Spotify: ${problem(error)}`);
      }
    }

    async function upcoming(ctx: BotEvent) {
      const { tenantId } = ctx.event;
      await sync(tenantId).catch(() => null);
      const queued = await store.queued(tenantId);
      if (queued.length === 0) return ctx.reply('The song queue is empty. Request one with !sr <song>.');
      const next = queued
        .slice(0, 3)
        .map((r, i) => `${i + 1}. ${trackLabel({ name: r.title, artists: r.artists })} (${r.userName})`);
      const more = queued.length > 3 ? ` … and ${queued.length - 3} more` : '';
      ctx.reply(`Next: ${next.join(' · ')}${more}`);
    }

    async function wrongSong(ctx: BotEvent) {
      const { tenantId } = ctx.event;
      const viewerId = await ctx.viewerId();
      const mine = (await store.queued(tenantId)).filter((r) =>
        viewerId ? r.viewerId === viewerId : r.userName === ctx.event.userName,
      );
      const latest = mine.at(-1);
      if (!latest) return ctx.reply('You have no song waiting in the queue.', { as: 'reply' });
      await store.setState(latest.id, 'removed');
      const cost = ctx.settings.songs.cost;
      if (cost > 0 && viewerId)
        await changeBalance(deps.pool.db, { tenantId, viewerId, delta: cost, reason: 'command', ref: 'sr' });
      ctx.reply(
        `Removed ${latest.title} from the song queue${cost > 0 ? `; ${cost} ${ctx.settings.currency.name} back` : ''}.`,
        {
          as: 'reply',
        },
      );
    }

    async function skip(ctx: BotEvent) {
      const { tenantId } = ctx.event;
      let now: Awaited<ReturnType<typeof sync>>;
      try {
        now = await sync(tenantId);
      } catch (error) {
        return ctx.reply(`Could not ask Spotify: ${problem(error)}`);
      }
      if (!now) return ctx.reply('Nothing is playing on Spotify right now.');
      let round = votes.get(tenantId);
      if (!round || round.trackId !== now.track.id) {
        round = { trackId: now.track.id, voters: new Set() };
        votes.set(tenantId, round);
      }
      round.voters.add(voterOf(ctx));
      const needed = skipVotesNeeded(recentChatters(tenantId), ctx.settings.songs.skipShare);
      if (!isMod(ctx) && round.voters.size < needed)
        return ctx.reply(`Skip vote for ${now.track.name}: ${round.voters.size}/${needed}.`);
      try {
        await spotify.next(tenantId);
      } catch (error) {
        return ctx.reply(`Could not skip: ${problem(error)}`);
      }
      votes.delete(tenantId);
      const requested = await store.requestOfTrack(tenantId, now.track.id);
      if (requested) await store.setState(requested.id, 'skipped');
      ctx.reply(`Skipped ${now.track.name}.`);
    }

    async function clear(ctx: BotEvent) {
      const n = await store.clear(ctx.event.tenantId);
      ctx.reply(
        n === 0 ? 'The song queue was already empty.' : `Cleared ${n} song request${n === 1 ? '' : 's'}.`,
      );
    }

    const commands: BuiltinCommand[] = [
      {
        name: 'sr',
        aliases: ['songrequest'],
        minLevel: (s) => s.songs.minLevel,
        description: 'Requests a song on Spotify by name or Spotify link.',
        enabled,
        run: request,
      },
      {
        name: 'song',
        aliases: ['nowplaying'],
        minLevel: 'everyone',
        description: 'The song playing now.',
        enabled,
        run: nowPlaying,
      },
      {
        name: 'songs',
        aliases: ['songqueue'],
        minLevel: 'everyone',
        description: 'The next three requested songs.',
        enabled,
        run: upcoming,
      },
      {
        name: 'wrongsong',
        aliases: [],
        minLevel: 'everyone',
        description: 'Takes back your latest song request.',
        enabled,
        run: wrongSong,
      },
      {
        name: 'skip',
        aliases: ['voteskip'],
        minLevel: 'everyone',
        description: 'Votes to skip the song; a moderator skips at once.',
        enabled,
        run: skip,
      },
      {
        name: 'srclear',
        aliases: [],
        minLevel: (settings) => settings.builtins.modLevel,
        description: 'Empties the song request queue.',
        enabled,
        run: clear,
      },
    ];

    return {
      name: 'songs',
      commands,
      async onEvent(ctx) {
        if (!ctx.settings.songs.enabled || !ctx.event.userId) return;
        if (ctx.event.kind !== 'message' && ctx.event.kind !== 'command') return;
        let seen = chatters.get(ctx.event.tenantId);
        if (!seen) {
          seen = new Map();
          chatters.set(ctx.event.tenantId, seen);
        }
        seen.set(`${ctx.event.platform}:${ctx.event.userId}`, deps.clock.now());
      },
      async tick(now) {
        const tenants = new Set(deps.channels().map((c) => c.tenantId));
        for (const tenantId of tenants) {
          if (now - (lastSync.get(tenantId) ?? 0) < syncEveryMs) continue;
          const settings = await deps.settings(tenantId);
          if (!settings.songs.enabled) continue;
          lastSync.set(tenantId, now);
          if ((await store.queued(tenantId, 1)).length === 0) continue;
          await sync(tenantId).catch((error: Error) =>
            deps.log.debug('song queue sync failed', { tenantId, error: error.message }),
          );
        }
      },
      invalidate(tenantId) {
        spotify.forget(tenantId);
      },
    };
  };
}
