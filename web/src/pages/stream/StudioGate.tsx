/**
 * The gate in front of every studio page: asks who is signed in, sends a signed-out browser to
 * the studio sign-in (remembering the page) and a person without a streamer account to the same
 * page with the reason, and frames the rest in the studio layout.
 */
import { Navigate, type RouteSectionProps, useLocation } from '@solidjs/router';
import { createResource, Match, Switch } from 'solid-js';
import { ApiError } from '../../api/client';
import { ErrorState } from '../../ui/ErrorState';
import { PageLoading } from '../../ui/Skeleton';
import { getStreamMe } from './api';
import { StudioContext, type StudioState } from './context';
import { studioSignInPath } from './labels';
import { StudioLayout } from './StudioLayout';
import type { StreamMe } from './types';

export default function StudioGate(props: RouteSectionProps) {
  const location = useLocation();
  const [me, { refetch }] = createResource<StreamMe | 'signed-out'>(async () => {
    try {
      return await getStreamMe();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return 'signed-out';
      throw error;
    }
  });
  const current = () => {
    const value = me.latest;
    return value && value !== 'signed-out' ? value : null;
  };
  const streamer = () => {
    const value = current();
    return value?.tenant ? (value as ReturnType<StudioState['me']>) : null;
  };

  return (
    <Switch fallback={<PageLoading label="Opening the stream studio…" />}>
      <Match when={me.state === 'errored' && !me.latest}>
        <main id="main" class="mx-auto mt-24 max-w-md glass-panel p-6">
          <h1 class="sr-only">Stream studio</h1>
          <ErrorState
            title="Can't open the stream studio"
            message={me.error instanceof ApiError ? me.error.message : 'The server did not answer.'}
            onRetry={() => refetch()}
            retrying={me.loading}
          />
        </main>
      </Match>
      <Match when={me.latest === 'signed-out'}>
        <Navigate href={studioSignInPath(location.pathname + location.search)} />
      </Match>
      <Match when={current() && !current()?.tenant}>
        <Navigate href="/studio/sign-in?error=no_tenant" />
      </Match>
      <Match when={streamer()}>
        {(value) => (
          <StudioContext.Provider value={{ me: value, reload: refetch }}>
            <StudioLayout>{props.children}</StudioLayout>
          </StudioContext.Provider>
        )}
      </Match>
    </Switch>
  );
}
