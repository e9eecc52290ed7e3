/**
 * Kick has no Discord presence, so its channels are polled through Kick's public API with an app
 * access token (client credentials). Slugs are asked one per request: an unknown slug fails a whole batch.
 */
import type { StreamInfo } from './machine';

export type KickApiOptions = {
  clientId: string;
  clientSecret: string;
  apiBaseUrl: string;
  authBaseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

type KickChannel = {
  slug?: string;
  stream_title?: string | null;
  category?: { name?: string | null } | null;
  stream?: { is_live?: boolean; url?: string | null } | null;
};

export function createKickApi(options: KickApiOptions) {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let token: { value: string; expiresAt: number } | null = null;

  async function appToken() {
    if (token && token.expiresAt > Date.now() + 60_000) return token.value;
    const res = await doFetch(`${options.authBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.clientId,
        client_secret: options.clientSecret,
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok)
      throw new Error(`Kick refused the app token request (${res.status}); check KICK_CLIENT_ID/SECRET.`);
    const body = (await res.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new Error('Kick answered the token request without an access_token.');
    token = { value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
    return token.value;
  }

  return {
    /** The channel's stream, or null when it is offline. */
    async channel(slug: string): Promise<StreamInfo | null> {
      const url = `${options.apiBaseUrl}/public/v1/channels?${new URLSearchParams({ slug })}`;
      const get = async () =>
        doFetch(url, {
          headers: { authorization: `Bearer ${await appToken()}`, accept: 'application/json' },
          signal: AbortSignal.timeout(timeoutMs),
        });
      let res = await get();
      if (res.status === 401) {
        // The token was revoked or expired early: one fresh token, then give up until the next poll.
        token = null;
        res = await get();
      }
      if (!res.ok) throw new Error(`Kick answered ${res.status} for channel ${slug}.`);
      const body = (await res.json()) as { data?: KickChannel[] };
      const channel = body.data?.[0];
      if (!channel?.stream?.is_live) return null;
      return {
        platform: 'kick',
        url: `https://kick.com/${channel.slug ?? slug}`,
        title: channel.stream_title || null,
        game: channel.category?.name || null,
      };
    },
  };
}
export type KickApi = ReturnType<typeof createKickApi>;
