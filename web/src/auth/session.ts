/**
 * Who is signed in, and the check every protected page starts with: does the server still need
 * its first owner, and does this browser have a session?
 */
import { createSignal } from 'solid-js';
import { ApiError, api, unwrap } from '../api/client';
import type { User } from '../api/types';

const [currentUser, setCurrentUser] = createSignal<User | null>(null);

export { currentUser, setCurrentUser };

export type SessionCheck = 'needs-setup' | 'signed-out' | 'signed-in';

export async function checkSession(): Promise<SessionCheck> {
  const { needsSetup } = await unwrap(api.api.auth.setup.$get());
  if (needsSetup) return 'needs-setup';
  try {
    const me = await unwrap(api.api.auth.me.$get(), { expectUnauthorized: true });
    setCurrentUser(me.user);
    return 'signed-in';
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCurrentUser(null);
      return 'signed-out';
    }
    throw error;
  }
}

/** Ends the session on the server; the local state is cleared even if that request fails. */
export async function signOut() {
  try {
    await unwrap(api.api.auth.logout.$post(), { expectUnauthorized: true });
  } finally {
    setCurrentUser(null);
  }
}

/**
 * Where to go after signing in. `next` comes from the URL, so only same-site paths are allowed:
 * "//evil.example" or "https://…" there would make our login page an open redirect.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return '/';
  }
  return next.startsWith('/login') || next.startsWith('/setup') ? '/' : next;
}

/** The ticket desk's sign-in (with Discord), remembering the desk page that asked. */
export const deskSignInPath = (from: string) =>
  from.startsWith('/desk/') && !from.startsWith('/desk/sign-in')
    ? `/desk/sign-in?next=${encodeURIComponent(from)}`
    : '/desk/sign-in';

export const loginPath = (from: string) =>
  from && from !== '/' && !from.startsWith('/login') ? `/login?next=${encodeURIComponent(from)}` : '/login';
