/**
 * A fake of the YouTube Data API v3 `videos.list`, written from Google's reference: GET
 * /youtube/v3/videos?part=…&id=…&key=… answers a youtube#videoListResponse with only the requested
 * parts (snippet, liveStreamingDetails), Google's error envelope for a missing part or filter, a
 * bad key and an exhausted quota (videos.list costs one unit), and ids it does not know are simply
 * absent from `items`. Product code reaches it only through its Google API base URL.
 *
 *   const yt = await startFakeYoutubeData();
 *   yt.live('abc123', { title: 'Speedrun' });   // GOOGLE_API_BASE_URL=yt.url, YOUTUBE_API_KEY=yt.apiKey
 *   yt.end('abc123');
 */
import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeYoutubeVideo = {
  id: string;
  title: string;
  channelId: string;
  channelTitle: string;
  publishedAt: string;
  /** Set while the video is (or was) a live broadcast. */
  live: {
    scheduledStartTime?: string;
    actualStartTime?: string;
    actualEndTime?: string;
    /** YouTube drops the count once the broadcast ends. */
    concurrentViewers?: number;
    activeLiveChatId?: string;
  } | null;
};

export type FakeYoutubeRequest = {
  path: string;
  query: Record<string, string>;
  status: number;
  reason: string | null;
};

export type FakeYoutubeOptions = {
  apiKey?: string;
  /** Daily quota in units (default 10,000, as Google grants a new project). */
  quota?: number;
};

const parts = new Set([
  'contentDetails',
  'fileDetails',
  'id',
  'liveStreamingDetails',
  'localizations',
  'player',
  'processingDetails',
  'recordingDetails',
  'snippet',
  'statistics',
  'status',
  'suggestions',
  'topicDetails',
]);

const etag = () => randomBytes(20).toString('base64url');

export async function startFakeYoutubeData(options: FakeYoutubeOptions = {}) {
  const apiKey = options.apiKey ?? `AIza${randomBytes(26).toString('base64url').slice(0, 35)}`;
  let quota = options.quota ?? 10_000;
  const videos = new Map<string, FakeYoutubeVideo>();
  const requests: FakeYoutubeRequest[] = [];

  function error(
    res: ServerResponse,
    record: FakeYoutubeRequest,
    code: number,
    message: string,
    detail: { domain: string; reason: string; location?: string; locationType?: string },
    extra: Record<string, unknown> = {},
  ) {
    record.status = code;
    record.reason = detail.reason;
    const body = { error: { code, message, errors: [{ message, ...detail }], ...extra } };
    res.writeHead(code, { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin' });
    res.end(JSON.stringify(body));
  }

  function resource(video: FakeYoutubeVideo, wanted: Set<string>) {
    const item: Record<string, unknown> = { kind: 'youtube#video', etag: etag(), id: video.id };
    if (wanted.has('snippet')) {
      const live = video.live;
      const broadcast = !live
        ? 'none'
        : live.actualEndTime
          ? 'none'
          : live.actualStartTime
            ? 'live'
            : 'upcoming';
      const thumb = (name: string, width: number, height: number) => ({
        url: `https://i.ytimg.com/vi/${video.id}/${name}${broadcast === 'live' ? '_live' : ''}.jpg`,
        width,
        height,
      });
      item.snippet = {
        publishedAt: video.publishedAt,
        channelId: video.channelId,
        title: video.title,
        description: '',
        thumbnails: {
          default: thumb('default', 120, 90),
          medium: thumb('mqdefault', 320, 180),
          high: thumb('hqdefault', 480, 360),
        },
        channelTitle: video.channelTitle,
        categoryId: '20',
        liveBroadcastContent: broadcast,
        localized: { title: video.title, description: '' },
      };
    }
    if (wanted.has('liveStreamingDetails') && video.live) {
      const { concurrentViewers, ...times } = video.live;
      item.liveStreamingDetails = {
        ...times,
        // The API sends the count as a string, and only while the broadcast is live.
        ...(concurrentViewers !== undefined && times.actualStartTime && !times.actualEndTime
          ? { concurrentViewers: String(concurrentViewers) }
          : {}),
      };
    }
    return item;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://youtube.invalid');
    const query = Object.fromEntries(url.searchParams);
    const record: FakeYoutubeRequest = { path: url.pathname, query, status: 0, reason: null };
    requests.push(record);
    if (url.pathname !== '/youtube/v3/videos' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      record.status = 404;
      res.writeHead(404, { 'content-type': 'text/html; charset=UTF-8' });
      res.end('<!DOCTYPE html><title>Error 404 (Not Found)!!1</title>');
      return;
    }
    const key = url.searchParams.get('key');
    if (!key && !req.headers.authorization)
      return error(
        res,
        record,
        403,
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        { domain: 'global', reason: 'forbidden' },
        { status: 'PERMISSION_DENIED' },
      );
    if (key !== apiKey)
      return error(
        res,
        record,
        400,
        'API key not valid. Please pass a valid API key.',
        { domain: 'global', reason: 'badRequest' },
        {
          status: 'INVALID_ARGUMENT',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'API_KEY_INVALID',
              domain: 'googleapis.com',
              metadata: { service: 'youtube.googleapis.com' },
            },
          ],
        },
      );
    const part = url.searchParams.get('part');
    if (!part)
      return error(res, record, 400, 'Required parameter: part', {
        domain: 'global',
        reason: 'required',
        location: 'part',
        locationType: 'parameter',
      });
    const wanted = new Set(part.split(',').map((p) => p.trim()));
    for (const p of wanted)
      if (!parts.has(p))
        return error(res, record, 400, `'${p}'`, {
          domain: 'youtube.part',
          reason: 'unknownPart',
          location: 'part',
          locationType: 'parameter',
        });
    const ids = url.searchParams.getAll('id').flatMap((v) => v.split(',').filter(Boolean));
    if (ids.length === 0 && !url.searchParams.has('chart') && !url.searchParams.has('myRating'))
      return error(res, record, 400, 'No filter selected. Expected one of: myRating, id, chart', {
        domain: 'youtube.parameter',
        reason: 'missingRequiredParameter',
        location: 'parameters.',
        locationType: 'other',
      });
    if (quota <= 0)
      return error(
        res,
        record,
        403,
        'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
        { domain: 'youtube.quota', reason: 'quotaExceeded' },
      );
    quota -= 1;
    const items = ids.flatMap((id) => {
      const video = videos.get(id);
      return video ? [resource(video, wanted)] : [];
    });
    record.status = 200;
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin' });
    res.end(
      JSON.stringify({
        kind: 'youtube#videoListResponse',
        etag: etag(),
        items,
        pageInfo: { totalResults: items.length, resultsPerPage: items.length },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function upsert(id: string, fields: Partial<Omit<FakeYoutubeVideo, 'id'>>) {
    const existing = videos.get(id);
    const video: FakeYoutubeVideo = {
      id,
      title: 'Live stream',
      channelId: `UC${randomBytes(16).toString('base64url').slice(0, 22)}`,
      channelTitle: 'Streamer',
      publishedAt: new Date().toISOString(),
      live: null,
      ...existing,
      ...fields,
    };
    videos.set(id, video);
    return video;
  }

  return {
    url,
    apiKey,
    videos,
    /** Every request received, in order. */
    requests,
    /** A broadcast that is live now (actualStartTime set, no actualEndTime). */
    live(id: string, o: { title?: string; channelTitle?: string; viewers?: number; startedAt?: Date } = {}) {
      return upsert(id, {
        ...(o.title ? { title: o.title } : {}),
        ...(o.channelTitle ? { channelTitle: o.channelTitle } : {}),
        live: {
          actualStartTime: (o.startedAt ?? new Date()).toISOString(),
          concurrentViewers: o.viewers ?? 1,
          activeLiveChatId: `Cg0KC${randomBytes(12).toString('base64url')}`,
        },
      });
    },
    /** The broadcast is over: actualEndTime set, live chat and viewer count gone. */
    end(id: string, endedAt = new Date()) {
      const video = videos.get(id) ?? upsert(id, {});
      const startedAt = video.live?.actualStartTime ?? new Date(endedAt.getTime() - 3_600_000).toISOString();
      return upsert(id, { live: { actualStartTime: startedAt, actualEndTime: endedAt.toISOString() } });
    },
    /** A scheduled broadcast that has not started. */
    upcoming(id: string, scheduledFor = new Date(Date.now() + 3_600_000)) {
      return upsert(id, { live: { scheduledStartTime: scheduledFor.toISOString() } });
    },
    /** An ordinary upload, never live. */
    upload(id: string, title = 'Upload') {
      return upsert(id, { title, live: null });
    },
    remove(id: string) {
      videos.delete(id);
    },
    /** Units left today; 0 makes every call answer 403 quotaExceeded. */
    setQuota(units: number) {
      quota = units;
    },
    quota: () => quota,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeYoutubeData = Awaited<ReturnType<typeof startFakeYoutubeData>>;
