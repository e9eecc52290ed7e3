/**
 * The frame around every signed-in page: skip link, brand, main navigation, user menu, the
 * outage banner, and an error boundary per page so a crash stays inside its page.
 */
import { A, useLocation } from '@solidjs/router';
import { For, type JSX, Show, Suspense } from 'solid-js';
import { currentUser } from '../auth/session';
import { HealthProvider } from '../health/health';
import { Boundary } from '../ui/ErrorBoundary';
import { PageLoading } from '../ui/Skeleton';
import { SkipLink } from '../ui/SkipLink';
import { HealthBanner } from './HealthBanner';
import { navItems } from './nav';
import { UserMenu } from './UserMenu';

export default function AppShell(props: { children?: JSX.Element }) {
  const location = useLocation();
  return (
    <HealthProvider>
      <SkipLink />
      <div class="mx-auto flex min-h-screen max-w-7xl flex-col gap-4 px-4 pb-10 pt-4 sm:px-6">
        {/* On phones the nav drops to its own row under the brand and the user menu. */}
        {/* Above main: the glass panels below form stacking contexts that would cover the user menu. */}
        <header class="glass-panel relative z-30 flex flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5">
          <A href="/" class="flex items-center gap-2 font-semibold text-ink" end>
            <span class="i-ph-planet text-2xl text-violet-300" aria-hidden="true" />
            HomeLabHub
          </A>
          <nav aria-label="Main" class="order-3 w-full sm:order-none sm:w-auto sm:flex-1">
            <ul class="flex flex-wrap gap-1">
              <For
                each={navItems.filter(
                  (item) => !item.roles || item.roles.includes(currentUser()?.role ?? ''),
                )}
              >
                {(item) => (
                  <li>
                    <A
                      href={item.href}
                      end={item.end}
                      class="flex items-center gap-2 rounded-control px-3 py-1.5 text-sm text-ink-muted hover:bg-space-700 hover:text-ink"
                      activeClass="bg-space-700 !text-ink shadow-glow"
                    >
                      <span class={item.icon} aria-hidden="true" />
                      {item.label}
                    </A>
                  </li>
                )}
              </For>
            </ul>
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
