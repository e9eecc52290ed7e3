/**
 * The frame around every signed-in page: skip link, brand, main navigation, user menu, the
 * outage banner, and an error boundary per page so a crash stays inside its page.
 */
import { A, useLocation } from '@solidjs/router';
import { type JSX, Show, Suspense } from 'solid-js';
import { HealthProvider } from '../health/health';
import { Boundary } from '../ui/ErrorBoundary';
import { PageLoading } from '../ui/Skeleton';
import { SkipLink } from '../ui/SkipLink';
import { HealthBanner } from './HealthBanner';
import { NavMenu } from './NavMenu';
import { UserMenu } from './UserMenu';

export default function AppShell(props: { children?: JSX.Element }) {
  const location = useLocation();
  return (
    <HealthProvider>
      <SkipLink />
      <div class="mx-auto flex min-h-screen max-w-7xl flex-col gap-4 px-4 pb-10 pt-4 sm:px-6">
        {/* On phones the nav drops to its own row under the brand and the user menu. */}
        {/* Above main: the glass panels below form stacking contexts that would cover the user menu. */}
        <header class="glass-panel relative z-30 flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2.5">
          <A href="/" class="flex items-center gap-2 font-semibold text-ink" end>
            <span class="i-ph-planet text-2xl text-violet-300" aria-hidden="true" />
            HomeLabHub
          </A>
          <nav aria-label="Main" class="order-3 w-full sm:order-none sm:w-auto sm:flex-1">
            <NavMenu />
          </nav>
          <div class="ml-auto sm:ml-0">
            <UserMenu />
          </div>
        </header>
        <HealthBanner />
        <main id="main" tabIndex={-1} class="flex flex-col gap-4 outline-none">
          {/* Keyed by path: a page that crashed gets a fresh boundary when you navigate away and back. */}
          <Show when={location.pathname} keyed>
            <Boundary label="This page">
              <Suspense fallback={<PageLoading />}>{props.children}</Suspense>
            </Boundary>
          </Show>
        </main>
      </div>
    </HealthProvider>
  );
}
