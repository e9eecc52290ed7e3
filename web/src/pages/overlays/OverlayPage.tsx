/**
 * `/overlay/:key`: an OBS browser source. Transparent, no app chrome, no session: it reads its
 * templates and events from `/api/overlay/{key}` only. `?widget=` picks what it shows: alerts
 * (default, queued one after another), chat (the latest lines), nowplaying or goal (`&target=`).
 */
import { useParams, useSearchParams } from '@solidjs/router';
import { createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { AlertCard } from './AlertCard';
import {
  alertKinds,
  createAlertQueue,
  type KindTemplate,
  type OverlayEvent,
  type OverlayKind,
  type QueuedAlert,
  renderText,
} from './alerts';

type Widget = 'alerts' | 'chat' | 'nowplaying' | 'goal';
const widgets: Widget[] = ['alerts', 'chat', 'nowplaying', 'goal'];
const chatLines = 10;

export default function OverlayPage() {
  const params = useParams<{ key: string }>();
  const [search] = useSearchParams<{ widget?: string; target?: string }>();
  const widget = (): Widget =>
    (widgets as string[]).includes(search.widget ?? '') ? (search.widget as Widget) : 'alerts';
  const [templates, setTemplates] = createSignal<Map<OverlayKind, KindTemplate>>(new Map());
  const [problem, setProblem] = createSignal<string | null>(null);
  const [current, setCurrent] = createSignal<QueuedAlert | null>(null);
  const [chat, setChat] = createSignal<OverlayEvent[]>([]);
  const [playing, setPlaying] = createSignal<OverlayEvent | null>(null);
  const [counts, setCounts] = createSignal({ follows: 0, subs: 0 });
  const queue = createAlertQueue(setCurrent);
  let source: EventSource | undefined;

  function onEvent(event: OverlayEvent) {
    const entry = templates().get(event.kind);
    if (event.kind === 'goal') {
      if (event.counts) setCounts(event.counts);
      return;
    }
    if (event.kind === 'follow') setCounts((c) => ({ ...c, follows: c.follows + (event.test ? 0 : 1) }));
    if (event.kind === 'sub' || event.kind === 'gift')
      setCounts((c) => ({
        ...c,
        subs: c.subs + (event.test ? 0 : event.kind === 'gift' ? (event.amount ?? 1) : 1),
      }));
    if (event.kind === 'chat') setChat((lines) => [...lines, event].slice(-chatLines));
    else if (event.kind === 'now_playing') setPlaying(event);
    else if (entry?.enabled && alertKinds.includes(event.kind))
      queue.push({ event, template: entry.template });
  }

  onMount(async () => {
    // The page is composited over the stream: nothing of the app's background may show.
    const root = document.documentElement;
    // A dark color-scheme would make the browser paint a dark canvas behind a transparent page.
    const before = [root.style.background, document.body.style.background, root.style.colorScheme];
    root.style.background = 'transparent';
    document.body.style.background = 'transparent';
    root.style.colorScheme = 'normal';
    onCleanup(() => {
      [root.style.background, document.body.style.background, root.style.colorScheme] = before as [
        string,
        string,
        string,
      ];
    });
    const base = `/api/overlay/${encodeURIComponent(params.key)}`;
    try {
      const res = await fetch(base, { headers: { accept: 'application/json' } });
      if (!res.ok) {
        setProblem(
          res.status === 404 ? 'This overlay address is not valid any more.' : 'The overlay could not load.',
        );
        return;
      }
      const body = (await res.json()) as { templates: KindTemplate[] };
      setTemplates(new Map(body.templates.map((t) => [t.kind, t])));
    } catch {
      setProblem('The overlay could not load.');
      return;
    }
    // EventSource reconnects by itself after a drop; the queue skips ids it has played.
    source = new EventSource(`${base}/events`);
    source.addEventListener('overlay', (message) => {
      try {
        onEvent(JSON.parse((message as MessageEvent<string>).data) as OverlayEvent);
      } catch {}
    });
  });
  onCleanup(() => {
    source?.close();
    queue.stop();
  });

  const goalTarget = () => Math.max(1, Number.parseInt(search.target ?? '', 10) || 0);

  return (
    <main class="min-h-screen bg-transparent p-6 text-white" aria-label="Stream overlay">
      <Show when={problem()}>
        {/* Shown in the OBS preview only, so the streamer sees why nothing plays. */}
        <p class="m-0 rounded bg-black/70 p-2 text-sm">{problem()}</p>
      </Show>
      <Show when={widget() === 'alerts' && current()}>{(alert) => <AlertCard alert={alert()} />}</Show>
      <Show when={widget() === 'chat'}>
        <ul class="m-0 flex list-none flex-col gap-1 p-0" aria-label="Chat">
          <For each={chat()}>
            {(line) => (
              <li
                class="rounded-lg bg-black/55 px-3 py-1 text-lg"
                style={{ 'text-shadow': '0 1px 2px #000' }}
              >
                {renderText(templates().get('chat')?.template.text ?? '{user}: {message}', line)}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={widget() === 'nowplaying' && playing()}>
        {(song) => (
          <p class="m-0 inline-block rounded-xl bg-black/55 px-4 py-2 text-xl" data-testid="now-playing">
            {renderText(templates().get('now_playing')?.template.text ?? 'Now playing: {message}', song())}
          </p>
        )}
      </Show>
      <Show when={widget() === 'goal'}>
        <div class="max-w-md rounded-xl bg-black/55 px-4 py-2" data-testid="goal">
          <p class="m-0 text-xl">
            {renderText(templates().get('goal')?.template.text ?? '{amount} followers today', {
              id: 'goal',
              kind: 'goal',
              user: null,
              amount: counts().follows,
              message: null,
              tier: null,
              viewers: null,
              at: '',
            })}
          </p>
          <Show when={search.target}>
            <progress
              class="w-full"
              max={goalTarget()}
              value={Math.min(counts().follows, goalTarget())}
              aria-label="Goal"
            />
          </Show>
        </div>
      </Show>
    </main>
  );
}
