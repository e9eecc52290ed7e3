/**
 * YouTube Data API check of a presence's video: live while liveStreamingDetails has an
 * actualStartTime and no actualEndTime. Answers are cached briefly; presence updates arrive in bursts.
 */
export type YoutubeApiOptions = {
  apiKey: string;
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  cacheMs?: number;
};

type VideosResponse = {
  items?: { liveStreamingDetails?: { actualStartTime?: string; actualEndTime?: string } }[];
};

export function createYoutubeVerifier(options: YoutubeApiOptions) {
  const doFetch = options.fetch ?? fetch;
  const cacheMs = options.cacheMs ?? 60_000;
  const cache = new Map<string, { live: boolean; at: number }>();

  return async function isLive(videoId: string): Promise<boolean | null> {
    const hit = cache.get(videoId);
    if (hit && Date.now() - hit.at < cacheMs) return hit.live;
    const query = new URLSearchParams({
      part: 'liveStreamingDetails,snippet',
      id: videoId,
      key: options.apiKey,
    });
    const res = await doFetch(`${options.baseUrl}/youtube/v3/videos?${query}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    // Quota exhausted or the API down: unknown, and the caller trusts the presence.
    if (!res.ok) return null;
    const body = (await res.json()) as VideosResponse;
    const details = body.items?.[0]?.liveStreamingDetails;
    const live = !!details?.actualStartTime && !details.actualEndTime;
    if (cache.size > 1_000) cache.clear();
    cache.set(videoId, { live, at: Date.now() });
    return live;
  };
}
