/**
 * How the Google page explains a failure: Google's own refusals (revoked access, rate limits, the
 * daily quota, the network) read differently from a bug, and say what the owner can do.
 */
import { ApiError } from '../../api/client';
import type { GoogleErrorKind, GoogleStatus } from './types';

export interface GoogleProblem {
  kind: GoogleErrorKind | 'not_connected' | 'other';
  title: string;
  message: string;
  /** Seconds until Google accepts calls again, when it said so. */
  retryAfter: number | null;
}

const kinds: readonly string[] = ['auth_revoked', 'rate_limited', 'quota', 'network'];

/** The advice for each kind of failure, shared by the sections and the connection panel. */
export const problemText: Record<GoogleErrorKind, { title: string; advice: string }> = {
  auth_revoked: {
    title: 'Google access was revoked',
    advice:
      'The account withdrew HomeLabHub’s access (or the password changed). Reconnect Google to grant it again.',
  },
  rate_limited: {
    title: 'Google is rate limiting',
    advice: 'Too many calls in a short time. HomeLabHub backs off and tries again by itself.',
  },
  quota: {
    title: 'Google’s daily quota is used up',
    advice:
      'The Google Cloud project behind GOOGLE_CLIENT_ID has used its quota for today; it resets at midnight Pacific time.',
  },
  network: {
    title: 'Could not reach Google',
    advice: 'The server could not connect to Google’s APIs. Check its internet connection and DNS.',
  },
};

/** What went wrong with one call, for a section's error state. */
export function googleProblemOf(error: unknown): GoogleProblem {
  if (!(error instanceof ApiError)) {
    return {
      kind: 'other',
      title: 'Something went wrong',
      message: 'The server did not answer.',
      retryAfter: null,
    };
  }
  // A 429 is either a short rate limit or the day's quota; the code says which.
  const kind = kinds.includes(error.code) ? error.code : error.status === 429 ? 'rate_limited' : null;
  if (kind === 'rate_limited') {
    return {
      kind,
      title: problemText.rate_limited.title,
      message: error.message,
      retryAfter: error.retryAfter ?? 30,
    };
  }
  if (kind) {
    const text = problemText[kind as GoogleErrorKind];
    return { kind: kind as GoogleErrorKind, title: text.title, message: text.advice, retryAfter: null };
  }
  if (error.code === 'not_connected') {
    return {
      kind: 'not_connected',
      title: 'Google is not connected',
      message: 'Connect a Google account above to see this.',
      retryAfter: null,
    };
  }
  return { kind: 'other', title: 'Something went wrong', message: error.message, retryAfter: null };
}

/** The toast after Google sent the browser back with `?error=<code>`. */
export function connectErrorText(code: string): string {
  switch (code) {
    case 'denied':
      return 'Google was not connected: access was declined on Google’s consent page.';
    case 'bad_state':
      return 'Google was not connected: the sign-in took too long or was opened in another browser. Try again.';
    case 'no_refresh_token':
      return 'Google did not grant offline access. Remove HomeLabHub from your Google account’s third-party access, then connect again.';
    case 'not_configured':
      return 'Google is not configured on this server: set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and ENCRYPTION_KEY.';
    case 'account_in_use':
      return 'That Google account is already linked to another HomeLabHub user.';
    case 'forbidden':
      return 'Only the owner or an admin can connect Google.';
    case 'token_exchange':
    case 'google_unavailable':
      return 'Google did not complete the connection (its token service failed or could not be reached). Try again in a minute.';
    default:
      return `Google was not connected (${code}). Try again, or check the server log.`;
  }
}

/** The connection's headline state, for the panel and the home card. */
export function connectionLabel(status: GoogleStatus): {
  tone: 'ok' | 'warn' | 'danger' | 'neutral';
  text: string;
} {
  switch (status.state) {
    case 'connected':
      return { tone: 'ok', text: 'Connected' };
    case 'revoked':
      return { tone: 'danger', text: 'Access revoked' };
    case 'error':
      return { tone: 'warn', text: 'Needs attention' };
    case 'not_connected':
      return { tone: 'neutral', text: 'Not connected' };
    default:
      return { tone: 'neutral', text: 'Not configured' };
  }
}
