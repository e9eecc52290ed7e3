/**
 * The ticket desk's frame: the guild switcher, the signed-in Discord account with Sign out, and
 * the sections of the chosen guild; kept apart from mission control, which guests never see.
 */
import { A, useNavigate } from '@solidjs/router';
import { createSignal, type JSX, Show, Suspense } from 'solid-js';
import { signOut } from '../../auth/session';
import { Button } from '../../ui/Button';
import { Boundary } from '../../ui/ErrorBoundary';
import { Menu } from '../../ui/Menu';
import { PageLoading } from '../../ui/Skeleton';
import { SkipLink } from '../../ui/SkipLink';
import { NavTabs } from '../../ui/Tabs';
import { useDesk, useDeskGuild } from './context';
import { GuildIcon } from './GuildIcon';

export function DeskLayout(props: { children?: JSX.Element }) {
  const desk = useDesk();
  const { guildId, guild } = useDeskGuild();
  const navigate = useNavigate();
  const [leaving, setLeaving] = createSignal(false);
  const sections = () => {
    const base = `/desk/${guildId()}`;
    return [
      { href: base, label: 'Tickets', icon: 'i-ph-ticket', end: true },
      { href: `${base}/analytics`, label: 'Analytics', icon: 'i-ph-chart-bar' },
      { href: `${base}/go-live`, label: 'Go-live', icon: 'i-ph-broadcast' },
      { href: `${base}/settings`, label: 'Settings', icon: 'i-ph-gear-six' },
    ];
  };
  const leave = async () => {
    setLeaving(true);
    try {
      await signOut();
    } finally {
      setLeaving(false);
      navigate('/desk/sign-in', { replace: true });
    }
  };

  return (
    <>
      <SkipLink />
      <div class="mx-auto flex min-h-screen max-w-7xl flex-col gap-4 px-4 pb-10 pt-4 sm:px-6">
        <header class="glass-panel relative z-30 flex flex-col gap-2 px-4 py-2.5">
          <div class="flex flex-wrap items-center gap-x-4 gap-y-2">
            <A href="/desk" class="flex items-center gap-2 font-semibold text-ink" end>
              <span class="i-ph-lifebuoy text-2xl text-violet-300" aria-hidden="true" />
              Ticket desk
            </A>
            <Show when={desk.me().guilds.length > 0}>
              <Menu
                label="Switch guild"
                icon="i-ph-caret-up-down"
                text={guild()?.name ?? 'Choose a guild'}
                items={desk.me().guilds.map((g) => ({
                  label: g.name,
                  onSelect: () => navigate(`/desk/${g.guildId}`),
                }))}
              />
            </Show>
            <div class="ml-auto flex items-center gap-3">
              <Show when={desk.me().user.role !== 'guest'}>
                <A href="/" class="text-sm text-ink-muted underline-offset-2 hover:text-ink hover:underline">
                  Mission control
                </A>
              </Show>
              <span class="flex items-center gap-2 text-sm text-ink">
                <Show
                  when={desk.me().discord?.avatarUrl}
                  fallback={<span class="i-ph-user-circle text-xl text-ink-muted" aria-hidden="true" />}
                >
                  {(src) => <img src={src()} alt="" class="h-7 w-7 rounded-full" />}
                </Show>
                <span class="max-w-40 truncate">
                  <span class="sr-only">Signed in as </span>
                  {desk.me().discord?.username ?? desk.me().user.username}
                </span>
              </span>
              <Button size="sm" icon="i-ph-sign-out" busy={leaving()} onClick={leave}>
                Sign out
              </Button>
            </div>
          </div>
          <Show when={guild()}>
            {(current) => (
              <div class="flex items-center gap-2 border-t border-space-600/60 pt-2">
                <GuildIcon guild={current()} size="sm" />
                <NavTabs label={`${current().name} sections`} items={sections()} />
              </div>
            )}
          </Show>
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
