/**
 * The gate in front of every desk page: asks who is signed in and which guilds they may open,
 * sends a signed-out browser to the Discord sign-in (remembering the page), and frames the rest
 * in the desk layout.
 */
import { Navigate, type RouteSectionProps, useLocation } from '@solidjs/router';
import { createResource, Match, Switch } from 'solid-js';
import { ApiError } from '../../api/client';
import { deskSignInPath } from '../../auth/session';
import { ErrorState } from '../../ui/ErrorState';
import { PageLoading } from '../../ui/Skeleton';
import { getDeskMe } from './api';
import { DeskContext } from './context';
import { DeskLayout } from './DeskLayout';
import type { DeskMe } from './types';

export default function DeskGate(props: RouteSectionProps) {
  const location = useLocation();
  const [me, { refetch, mutate }] = createResource<DeskMe | 'signed-out'>(async () => {
    try {
      return await getDeskMe();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return 'signed-out';
      throw error;
    }
  });
  const signedIn = () => {
    const value = me.latest;
    return value && value !== 'signed-out' ? value : null;
  };

  return (
    <Switch fallback={<PageLoading label="Opening the ticket desk…" />}>
      <Match when={me.state === 'errored'}>
        <main id="main" class="mx-auto mt-24 max-w-md glass-panel p-6">
          <h1 class="sr-only">Ticket desk</h1>
          <ErrorState
            title="Can't open the ticket desk"
            message={me.error instanceof ApiError ? me.error.message : 'The server did not answer.'}
            onRetry={() => refetch()}
            retrying={me.loading}
          />
        </main>
      </Match>
      <Match when={me.latest === 'signed-out'}>
        <Navigate href={deskSignInPath(location.pathname + location.search)} />
      </Match>
      <Match when={signedIn()}>
        {(current) => (
          <DeskContext.Provider value={{ me: current, setMe: (next) => mutate(next) }}>
            <DeskLayout>{props.children}</DeskLayout>
          </DeskContext.Provider>
        )}
      </Match>
    </Switch>
  );
}
