/** The song_requests queue in SQL: what the runner reads and writes (the studio API has its own queries). */
import type { Pool } from '@homelab/db/client/pool';
import type { ChatPlatform } from '@homelab/db/schema';
import type { SpotifyTrack } from './spotify';

export type QueuedRequest = {
  id: number;
  trackId: string;
  title: string;
  artists: string;
  userName: string;
  viewerId: string | null;
};

type Row = {
  id: string | number;
  track_id: string;
  title: string;
  artists: string;
  user_name: string;
  viewer_id: string | null;
};
const requestOf = (r: Row): QueuedRequest => ({
  id: Number(r.id),
  trackId: r.track_id,
  title: r.title,
  artists: r.artists,
  userName: r.user_name,
  viewerId: r.viewer_id,
});

export function songStore(pool: Pool) {
  const { sql } = pool;
  return {
    /** Waiting requests, oldest first. */
    async queued(tenantId: string, limit = 500): Promise<QueuedRequest[]> {
      const rows = await sql<Row[]>`
        select id, track_id, title, artists, user_name, viewer_id from song_requests
        where tenant_id = ${tenantId} and state = 'queued' order by id limit ${limit}`;
      return rows.map(requestOf);
    },
    async add(
      tenantId: string,
      track: SpotifyTrack,
      who: { viewerId: string | null; userName: string; platform: ChatPlatform },
    ): Promise<number> {
      const [row] = await sql<{ id: string }[]>`
        insert into song_requests (tenant_id, track_id, title, artists, duration_ms, explicit, viewer_id, user_name, platform)
        values (${tenantId}, ${track.id}, ${track.name}, ${track.artists.map((a) => a.name).join(', ')},
          ${track.durationMs}, ${track.explicit}, ${who.viewerId}, ${who.userName}, ${who.platform})
        returning id`;
      return Number(row!.id);
    },
    async setState(id: number, state: 'playing' | 'played' | 'skipped' | 'removed') {
      await sql`
        update song_requests set state = ${state},
          played_at = case when ${state} = 'playing' then now() else played_at end
        where id = ${id}`;
    },
    /** The track Spotify plays now was requested: it is playing, and what played before is done. */
    async markPlaying(tenantId: string, trackId: string) {
      const [hit] = await sql<{ id: string }[]>`
        select id from song_requests where tenant_id = ${tenantId} and track_id = ${trackId}
          and state in ('queued', 'playing') order by id limit 1`;
      if (!hit) return;
      await sql`update song_requests set state = 'played'
        where tenant_id = ${tenantId} and state = 'playing' and id <> ${hit.id}`;
      await sql`update song_requests set state = 'playing', played_at = coalesce(played_at, now())
        where id = ${hit.id} and state = 'queued'`;
    },
    async requestOfTrack(tenantId: string, trackId: string) {
      const [row] = await sql<Row[]>`
        select id, track_id, title, artists, user_name, viewer_id from song_requests
        where tenant_id = ${tenantId} and track_id = ${trackId} and state in ('queued', 'playing')
        order by id limit 1`;
      return row ? requestOf(row) : null;
    },
    async clear(tenantId: string) {
      const rows = await sql`update song_requests set state = 'removed'
        where tenant_id = ${tenantId} and state = 'queued' returning id`;
      return rows.length;
    },
  };
}
