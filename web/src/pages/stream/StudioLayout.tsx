/**
 * The studio's frame: the streamer's name, Sign out, and the studio's sections; kept apart from
 * mission control, which streamers signing in from outside never see.
 */
import { A, useNavigate } from '@solidjs/router';
import { createSignal, type JSX, Show, Suspense } from 'solid-js';
import { signOut } from '../../auth/session';
import { Button } from '../../ui/Button';
import { Boundary } from '../../ui/ErrorBoundary';
import { PageLoading } from '../../ui/Skeleton';
import { SkipLink } from '../../ui/SkipLink';
import { NavTabs } from '../../ui/Tabs';
import { useStudio } from './context';

const sections = [
  { href: '/studio', label: 'Overview', icon: 'i-ph-squares-four', end: true },
  { href: '/studio/chat', label: 'Chat', icon: 'i-ph-chats-circle' },
  { href: '/studio/stats', label: 'Stats', icon: 'i-ph-chart-line-up' },
  { href: '/studio/commands', label: 'Commands', icon: 'i-ph-terminal-window' },
  { href: '/studio/timers', label: 'Timers', icon: 'i-ph-timer' },
  { href: '/studio/tools', label: 'Chat tools', icon: 'i-ph-toolbox' },
  { href: '/studio/currency', label: 'Currency', icon: 'i-ph-coins' },
  { href: '/studio/games', label: 'Games', icon: 'i-ph-dice-five' },
  { href: '/studio/giveaways', label: 'Giveaways', icon: 'i-ph-gift' },
  { href: '/studio/polls', label: 'Polls', icon: 'i-ph-chart-bar-horizontal' },
  { href: '/studio/connections', label: 'Connections', icon: 'i-ph-plugs-connected' },
] as const;

export function StudioLayout(props: { children?: JSX.Element }) {
  const studio = useStudio();
  const navigate = useNavigate();
  const [leaving, setLeaving] = createSignal(false);
  const leave = async () => {
    setLeaving(true);
    try {
      await signOut();
    } finally {
      setLeaving(false);
      navigate('/studio/sign-in', { replace: true });
    }
  };

  return (
    <>
      <SkipLink />
      <div class="mx-auto flex min-h-screen max-w-7xl flex-col gap-4 px-4 pb-10 pt-4 sm:px-6">
        <header class="glass-panel relative z-30 flex flex-col gap-2 px-4 py-2.5">
          <div class="flex flex-wrap items-center gap-x-4 gap-y-2">
            <A href="/studio" class="flex items-center gap-2 font-semibold text-ink" end>
              <span class="i-ph-broadcast text-2xl text-violet-300" aria-hidden="true" />
              Stream studio
            </A>
            <div class="ml-auto flex items-center gap-3">
              <Show when={studio.me().user.role !== 'guest'}>
                <A href="/" class="text-sm text-ink-muted underline-offset-2 hover:text-ink hover:underline">
                  Mission control
                </A>
              </Show>
              <span class="flex items-center gap-2 text-sm text-ink">
                <span class="i-ph-user-circle text-xl text-ink-muted" aria-hidden="true" />
                <span class="max-w-48 truncate">
                  <span class="sr-only">Signed in as </span>
                  {studio.me().tenant.displayName}
                </span>
              </span>
              <Button size="sm" icon="i-ph-sign-out" busy={leaving()} onClick={leave}>
                Sign out
              </Button>
            </div>
          </div>
          <div class="border-t border-space-600/60 pt-2">
            <NavTabs label="Studio sections" items={sections} />
          </div>
        </header>
        <main id="main" tabIndex={-1} class="flex flex-col gap-4 outline-none">
          <Boundary label="This page">
            <Suspense fallback={<PageLoading />}>{props.children}</Suspense>
          </Boundary>
        </main>
      </div>
    </>
  );
}
