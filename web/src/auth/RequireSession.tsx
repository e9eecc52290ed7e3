/**
 * The gate in front of every mission-control page: sends a fresh install to /setup, a signed-out
 * browser to /login (remembering the page it wanted), a guest (signed in through Discord only) to
 * the ticket desk, and renders the app shell otherwise.
 */
import { Navigate, type RouteSectionProps, useLocation } from '@solidjs/router';
import { createEffect, createResource, lazy, Match, onCleanup, Switch } from 'solid-js';
import { ApiError } from '../api/client';
import { ErrorState } from '../ui/ErrorState';
import { PageLoading } from '../ui/Skeleton';
import { checkSession, currentUser, loginPath } from './session';

// The shell is part of the signed-in app, so /login does not pay for it on first load.
const AppShell = lazy(() => import('../layout/AppShell'));
const retryMs = 10_000;

export default function RequireSession(props: RouteSectionProps) {
  const location = useLocation();
  // Once signed in (e.g. straight after the login form), trust it; any later 401 redirects anyway.
  const [check, { refetch }] = createResource(() => (currentUser() ? 'signed-in' : checkSession()));
  // While the server or its database is away, keep asking, so the page comes back by itself.
  createEffect(() => {
    if (check.state !== 'errored') return;
    const timer = setTimeout(() => refetch(), retryMs);
    onCleanup(() => clearTimeout(timer));
  });

  return (
    <Switch fallback={<PageLoading label="Checking your session…" />}>
      <Match when={check.state === 'errored'}>
        <main class="mx-auto mt-24 max-w-md glass-panel p-6">
          <h1 class="sr-only">HomeLabHub</h1>
          <ErrorState
            title="Can't reach HomeLabHub"
            message={
              check.error instanceof ApiError && check.error.status === 503
                ? 'The server is up but its database is not answering. Check that PostgreSQL is running; this page tries again every 10 seconds.'
                : 'The server did not answer. It may be starting up or restarting; this page tries again every 10 seconds.'
            }
            onRetry={() => refetch()}
            retrying={check.loading}
          />
        </main>
      </Match>
      <Match when={check.latest === 'needs-setup'}>
        <Navigate href="/setup" />
      </Match>
      <Match when={check.latest === 'signed-out'}>
        <Navigate href={loginPath(location.pathname + location.search + location.hash)} />
      </Match>
      <Match when={check.latest === 'signed-in' && currentUser()?.role === 'guest'}>
        <Navigate href="/desk" />
      </Match>
      <Match when={check.latest === 'signed-in'}>
        <AppShell>{props.children}</AppShell>
      </Match>
    </Switch>
  );
}
