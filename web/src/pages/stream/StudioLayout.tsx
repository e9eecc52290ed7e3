/**
 * The studio's frame: the streamer's name, Sign out, and the studio's sections, in the Candy theme;
 * kept apart from mission control, which streamers signing in from outside never see. A streamer
 * who has not finished the onboarding wizard is sent to it when the studio opens.
 */
import { A, useLocation, useNavigate } from '@solidjs/router';
import { createEffect, createResource, createSignal, type JSX, on, Show, Suspense } from 'solid-js';
import { signOut } from '../../auth/session';
import { candyVariables } from '../../theme/candy';
import '../../theme/candy.css';
import { Button } from '../../ui/Button';
import { Boundary } from '../../ui/ErrorBoundary';
import { PageLoading } from '../../ui/Skeleton';
import { SkipLink } from '../../ui/SkipLink';
import { NavTabs } from '../../ui/Tabs';
import { getOnboarding } from '../onboarding/api';
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
  { href: '/studio/moderation', label: 'Moderation', icon: 'i-ph-shield-check' },
  { href: '/studio/ai', label: 'AI', icon: 'i-ph-sparkle' },
  { href: '/studio/songs', label: 'Songs', icon: 'i-ph-music-notes' },
  { href: '/studio/overlays', label: 'Overlays', icon: 'i-ph-monitor-play' },
  { href: '/studio/connections', label: 'Connections', icon: 'i-ph-plugs-connected' },
  { href: '/studio/welcome', label: 'Setup', icon: 'i-ph-rocket-launch' },
] as const;

export function StudioLayout(props: { children?: JSX.Element }) {
  const studio = useStudio();
  const navigate = useNavigate();
  const location = useLocation();
  const [leaving, setLeaving] = createSignal(false);
  // Asked once when the studio opens: a streamer who lands on its front page (after signing in)
  // without finishing the wizard continues it; a page opened by its address opens as asked, and one
  // who leaves the wizard is not sent back. An error here never keeps anyone out of the studio.
  const opened = location.pathname.replace(/\/$/, '');
  const [onboarding] = createResource(() =>
    opened === '/studio' ? getOnboarding().catch(() => null) : Promise.resolve(null),
  );
  createEffect(
    on(onboarding, (progress) => {
      if (progress && !progress.done && location.pathname.replace(/\/$/, '') === '/studio')
        navigate('/studio/welcome', { replace: true });
    }),
  );
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
    <div class="theme-candy" style={candyVariables()}>
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
    </div>
  );
}
