/**
 * What the sign-in flow needs to know of an OAuth provider, as data: its endpoints, the scopes it is
 * asked for, how the client authenticates at the token endpoint, and how to read who signed in.
 */
import type { ChatPlatform, OAuthProvider as ProviderId } from '@homelab/db/schema';
import { ApiError } from '../lib/errors';

export type { ProviderId };

export type ProviderCredentials = { clientId: string; clientSecret: string };

/** The platform channel an account stands for (Twitch user, YouTube channel, Kick broadcaster). */
export type ProfileChannel = { platform: ChatPlatform; id: string; login: string; displayName: string };

/** Who signed in, in the provider's own ids. */
export type Profile = {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  channel?: ProfileChannel;
};

export type OAuthProvider = {
  id: ProviderId;
  /** As a person reads it: "Twitch". */
  label: string;
  authorizeUrl: string;
  tokenUrl: string;
  scopes: string[];
  /**
   * Where the client id and secret go at the token endpoint: HTTP Basic (RFC 6749 2.3.1, what arctic's
   * OAuth2Client sends) or the form body, for providers that refuse Basic (Twitch, Kick).
   */
  clientAuth: 'basic' | 'body';
  /** Extra authorize parameters (Google: offline access and a consent prompt for a refresh token). */
  authorizeParams?: Record<string, string>;
  credentials: ProviderCredentials;
  fetchProfile(accessToken: string): Promise<Profile>;
};

export const notConfigured = (provider: string, label: string, variables: string) =>
  new ApiError(
    503,
    `${provider}_not_configured`,
    `Signing in with ${label} is not configured (${variables}).`,
  );

/** A GET with the person's token that must answer 2xx JSON; anything else is the provider being unavailable. */
export async function getJson<T>(url: string, accessToken: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', ...headers },
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`GET ${new URL(url).pathname} answered HTTP ${res.status}`);
  }
  return (await res.json()) as T;
}

export const trimBase = (url: string) => url.replace(/\/+$/, '');
