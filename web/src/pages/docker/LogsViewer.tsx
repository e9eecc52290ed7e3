/**
 * A container's logs, live: tail, since, timestamps and follow are asked of the server; search
 * filters and highlights what is on the page. stderr lines are marked for eyes and ears, the view
 * stops auto-scrolling while you read further up, and at most `maxLines` lines stay in the DOM.
 */
import { createEffect, createMemo, createSignal, createUniqueId, For, on, onCleanup, Show } from 'solid-js';
import { createEventStream } from '../../lib/sse';
import { Button } from '../../ui/Button';
import { CheckboxField, SelectField } from '../../ui/Field';
import { LiveBadge } from '../../ui/LiveBadge';
import { streamUrls } from './api';
import {
  appendLines,
  filterLines,
  formatLogTime,
  highlight,
  maxLines,
  sinceChoices,
  sinceParam,
  stripAnsi,
  type ViewLine,
} from './logs';
import type { LogLine } from './types';

const tailChoices = [100, 500, 1000, 5000].map((n) => ({
  value: String(n),
  label: `Last ${n.toLocaleString()} lines`,
}));

/** How long lines gather before the page redraws: a burst of thousands costs one render, not thousands. */
const flushMs = 100;

export interface LogsViewerProps {
  containerId: string;
  name: string;
  /** Lines kept on the page; `maxLines` unless a test wants a smaller page. */
  limit?: number;
}

let nextSeq = 1;

export function LogsViewer(props: LogsViewerProps) {
  const [follow, setFollow] = createSignal(true);
  const [tail, setTail] = createSignal('500');
  const [since, setSince] = createSignal('');
  const [timestamps, setTimestamps] = createSignal(true);
  const [query, setQuery] = createSignal('');
  const [lines, setLines] = createSignal<readonly ViewLine[]>([]);
  const [dropped, setDropped] = createSignal(0);
  const [ended, setEnded] = createSignal(false);
  const [pinned, setPinned] = createSignal(true);
  const [unseen, setUnseen] = createSignal(0);
  const [generation, setGeneration] = createSignal(0);
  const searchId = createUniqueId();
  const countId = createUniqueId();
  let box!: HTMLDivElement;
  let pending: ViewLine[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;

  const options = () => ({
    tail: Number(tail()),
    since: sinceParam(since()),
    timestamps: timestamps(),
  });
  const url = createMemo(() => {
    generation();
    return streamUrls.logs(props.containerId, { ...options(), follow: follow() });
  });

  const reset = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    pending = [];
    setLines([]);
    setDropped(0);
    setUnseen(0);
    setEnded(false);
  };

  const flush = () => {
    flushTimer = undefined;
    if (pending.length === 0) return;
    const incoming = pending;
    pending = [];
    const next = appendLines(lines(), incoming, props.limit ?? maxLines);
    setLines(next.lines);
    if (next.dropped) setDropped((n) => n + next.dropped);
    if (!pinned()) setUnseen((n) => n + filterLines(incoming, query()).length);
  };

  const stream = createEventStream({
    url,
    events: {
      line: (data) => {
        const line = data as LogLine;
        pending.push({ ...line, text: stripAnsi(line.text), seq: nextSeq++ });
        flushTimer ??= setTimeout(flush, flushMs);
      },
      end: () => {
        flush();
        stream.close();
        setEnded(true);
      },
    },
    // The server starts every connection with the tail again: start from an empty view, not a doubled one.
    onOpen: reset,
  });
  createEffect(on(url, reset, { defer: true }));
  onCleanup(() => clearTimeout(flushTimer));

  const shown = createMemo(() => filterLines(lines(), query()));

  const scrollToEnd = () => {
    box.scrollTop = box.scrollHeight;
    setPinned(true);
    setUnseen(0);
  };
  // Follow new lines while pinned to the bottom; reading further up stops it.
  createEffect(
    on(shown, () => {
      if (pinned()) queueMicrotask(() => (box.scrollTop = box.scrollHeight));
    }),
  );
  const onScroll = () => {
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 24;
    setPinned(atBottom);
    if (atBottom) setUnseen(0);
  };

  const status = () => {
    if (ended())
      return follow()
        ? 'The log stream ended (the container stopped).'
        : 'Showing a snapshot; follow is off.';
    if (stream.state() === 'live') return follow() ? 'Following new lines.' : 'Loading…';
    return '';
  };

  return (
    <div class="flex flex-col gap-3">
      <div class="flex flex-wrap items-end gap-3">
        <div class="flex min-w-56 flex-1 flex-col gap-1.5">
          <label for={searchId} class="text-sm font-medium text-ink">
            Search
          </label>
          <input
            id={searchId}
            type="search"
            class="input-field"
            placeholder="Show only lines containing…"
            aria-describedby={countId}
            value={query()}
            onInput={(event) => setQuery(event.currentTarget.value)}
          />
        </div>
        <SelectField label="Tail" value={tail()} onChange={setTail} options={tailChoices} class="w-44" />
        <SelectField label="Since" value={since()} onChange={setSince} options={sinceChoices} class="w-44" />
        <div class="flex flex-col gap-1 pb-1">
          <CheckboxField label="Follow" checked={follow()} onChange={setFollow} />
          <CheckboxField label="Timestamps" checked={timestamps()} onChange={setTimestamps} />
        </div>
      </div>

      <div class="flex flex-wrap items-center justify-between gap-2 text-sm">
        <div class="flex flex-wrap items-center gap-3 text-ink-muted">
          <LiveBadge state={ended() ? 'closed' : stream.state()} what="Log stream" />
          <span>{status()}</span>
          <span id={countId}>
            <Show when={query()} fallback={`${lines().length.toLocaleString()} lines`}>
              {`${shown().length.toLocaleString()} of ${lines().length.toLocaleString()} lines match`}
            </Show>
          </span>
        </div>
        <div class="flex flex-wrap items-center gap-2">
          <Show when={ended()}>
            <Button size="sm" icon="i-ph-arrow-clockwise" onClick={() => setGeneration((n) => n + 1)}>
              Reload
            </Button>
          </Show>
          <Button size="sm" icon="i-ph-broom" onClick={reset}>
            Clear view
          </Button>
          <a
            class="btn-ghost btn-sm"
            href={streamUrls.logsDownload(props.containerId, options())}
            download={`${props.name}.log`}
          >
            <span class="i-ph-download-simple" aria-hidden="true" />
            Download
          </a>
        </div>
      </div>

      <Show when={dropped() > 0}>
        <p class="text-xs text-ink-muted">
          Showing the newest {(props.limit ?? maxLines).toLocaleString()} lines; {dropped().toLocaleString()}{' '}
          older ones left the page. Download the log for all of it.
        </p>
      </Show>

      <div class="relative">
        {/* role="log" without live announcements: a busy container would otherwise talk without pause. */}
        <div
          ref={box}
          role="log"
          aria-live="off"
          aria-label={`Logs of ${props.name}`}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard
          tabIndex={0}
          onScroll={onScroll}
          class="h-[60vh] overflow-auto rounded-control border border-space-600 bg-space-950/80 py-2 font-mono text-xs leading-relaxed"
        >
          <Show
            when={shown().length > 0}
            fallback={
              <p class="px-3 text-ink-muted">
                {query() && lines().length > 0
                  ? 'No line matches the search.'
                  : stream.state() === 'live' || ended()
                    ? 'No log lines in this range.'
                    : 'Connecting to the log stream…'}
              </p>
            }
          >
            <For each={shown()}>
              {(line) => (
                <div
                  class={`flex gap-3 whitespace-pre-wrap break-all border-l-2 px-3 ${
                    line.stream === 'stderr'
                      ? 'border-danger-400 bg-danger-500/10 text-danger-300'
                      : 'border-transparent text-ink'
                  }`}
                >
                  <span class="w-7 shrink-0 select-none text-[0.65rem] uppercase" aria-hidden="true">
                    {line.stream === 'stderr' ? 'err' : ''}
                  </span>
                  <Show when={timestamps() && line.at}>
                    <time datetime={line.at!} class="shrink-0 select-none text-ink-subtle">
                      {formatLogTime(line.at)}
                    </time>
                  </Show>
                  <span>
                    <Show when={line.stream === 'stderr'}>
                      <span class="sr-only">stderr: </span>
                    </Show>
                    <For each={highlight(line.text, query())}>
                      {(part) =>
                        part.match ? (
                          <mark class="rounded-sm bg-warn-400/30 text-ink">{part.text}</mark>
                        ) : (
                          part.text
                        )
                      }
                    </For>
                  </span>
                </div>
              )}
            </For>
          </Show>
        </div>
        <Show when={!pinned()}>
          <div class="absolute bottom-3 right-5">
            <Button size="sm" variant="primary" icon="i-ph-arrow-down" onClick={scrollToEnd}>
              {unseen() > 0 ? `Jump to latest (${unseen().toLocaleString()} new)` : 'Jump to latest'}
            </Button>
          </div>
        </Show>
      </div>
    </div>
  );
}
