/**
 * Signing in to the stream studio (or linking a platform) through a fake's OAuth, as a browser would,
 * without one; and the fake Twitch wired in, with a streamer it approves.
 */
import type { FakeKickApi } from '../fakes/kick-api/server';
import type { FakeTwitch } from '../fakes/twitch/server';
import { client } from './http';

export type StudioProvider = 'twitch' | 'google' | 'kick' | 'spotify';

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

/**
 * Follows start → the platform's consent (the fake approves whoever the test chose) → callback.
 * With `session` the person is already signed in and links the platform. Answers where the
 * callback sent the browser and the session cookie it holds afterwards.
 */
export async function studioOAuth(baseUrl: string, provider: StudioProvider, session: string | null = null) {
  const withSession = (cookies: string[]) => [...(session ? [session] : []), ...cookies].join('; ');
  const start = await fetch(`${baseUrl}/api/stream/auth/${provider}?next=/studio`, {
    redirect: 'manual',
    headers: session ? { cookie: session } : {},
  });
  if (start.status !== 302) throw new Error(`${provider} sign-in start answered ${start.status}`);
  const consentUrl = start.headers.get('location')!;
  if (consentUrl.startsWith('/')) return { location: consentUrl, session };
  const flow = cookiesOf(start);
  const consent = await fetch(consentUrl, { redirect: 'manual' });
  const back = consent.headers.get('location');
  if (consent.status !== 302 || !back)
    throw new Error(`fake ${provider} consent answered ${consent.status}: ${await consent.text()}`);
  const callback = await fetch(back, { redirect: 'manual', headers: { cookie: withSession(flow) } });
  const location = callback.headers.get('location') ?? '';
  if (callback.status !== 302) throw new Error(`${provider} callback answered ${callback.status}`);
  const fresh = cookiesOf(callback).find((c) => !c.includes(`hl_${provider}_`) && !/=$/.test(c));
  return { location, session: fresh ?? session };
}

/** Signs in with `provider` and answers an API client holding the new session. */
export async function studioSignIn(baseUrl: string, provider: StudioProvider) {
  const { location, session } = await studioOAuth(baseUrl, provider);
  if (location.includes('error=') || !session)
    throw new Error(`${provider} sign-in ended at ${location} without a session`);
  return client(baseUrl, session);
}

/** The environment that points functions and the chat runner at the fake Twitch and its bot. */
export const fakeTwitchEnv = (twitch: FakeTwitch) => ({
  TWITCH_CLIENT_ID: twitch.clientId,
  TWITCH_CLIENT_SECRET: twitch.clientSecret,
  TWITCH_AUTH_BASE_URL: twitch.authBaseUrl,
  TWITCH_API_BASE_URL: twitch.apiBaseUrl,
  TWITCH_IRC_URL: twitch.ircUrl,
  TWITCH_BOT_LOGIN: twitch.botLogin,
  TWITCH_BOT_REFRESH_TOKEN: twitch.botRefreshToken,
});

/** The environment that points functions and the chat runner at the fake Kick. */
export const fakeKickEnv = (kick: FakeKickApi) => ({
  KICK_CLIENT_ID: kick.clientId,
  KICK_CLIENT_SECRET: kick.clientSecret,
  KICK_AUTH_BASE_URL: kick.url,
  KICK_API_BASE_URL: kick.url,
});

/** The environment that points Google sign-in and Google's APIs at one fake (YouTube's or Workspace's). */
export const fakeGoogleEnv = (google: {
  url: string;
  oauth: { clientId: string; clientSecret: string };
}) => ({
  GOOGLE_CLIENT_ID: google.oauth.clientId,
  GOOGLE_CLIENT_SECRET: google.oauth.clientSecret,
  GOOGLE_AUTH_BASE_URL: google.url,
  GOOGLE_TOKEN_BASE_URL: google.url,
  GOOGLE_API_BASE_URL: google.url,
});

/** Adds a streamer's Twitch account; the fake's consent then approves them at the next sign-in. */
export function approveTwitchStreamer(twitch: FakeTwitch, user: Parameters<FakeTwitch['addUser']>[0]) {
  const streamer = twitch.addUser(user);
  twitch.oauth.approveAs(streamer.id);
  return streamer;
}
