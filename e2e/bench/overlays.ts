/**
 * Overlay latency for `npm run bench` (issue 8), through the whole stack: a cheer said on the fake
 * Twitch → the chat runner's IRC connection → the event pipeline → the overlay hub → functions'
 * `/api/overlay/{key}/events` SSE → the OBS page (`/overlay/:key`) open in headless Chromium,
 * showing the alert. Timed per event from the moment the fake sends the line to the first
 * animation frame after the alert entered the page's DOM (a MutationObserver, then
 * requestAnimationFrame, stamping `performance.timeOrigin + performance.now()`; the browser and
 * this process share the machine's wall clock). The SSE message's arrival in the page is stamped
 * too, to show where the time goes.
 *
 * The page plays alerts one after another (each for its template's duration plus a gap): the cheer
 * template is set to its shortest duration (1 s) and the cheers are spaced wider than duration and
 * gap, so no alert waits for the one before; `queued` counts any that still did.
 *
 * `npx tsx e2e/bench/overlays.ts` runs this part alone and updates the "overlays" key of results.json.
 */
import { loadavg } from 'node:os';
import { defaultOverlayTemplates } from '@homelab/db/stream/overlays';
import type { Browser } from 'playwright-core';
import { startFakeTwitch } from '../fakes/twitch/server';
import { launchBrowser } from '../support/browser';
import { startTestStack } from '../support/stack';
import { approveTwitchStreamer, fakeTwitchEnv, studioSignIn } from '../support/studio';
import { until } from '../support/until';
import { benchProgress, percentile, round, runsAlone, saveResult, sleep, withTestAdmin } from './shared';

export const overlayTargets = { p99Ms: 250 };

const progress = benchProgress('overlays');

/** The page's alert duration (the template's minimum) and the queue's gap between alerts. */
const alertMs = 1_000;
const gapMs = 400;

export type OverlayBenchOptions = {
  adminUrl: string;
  /** Cheers measured after three warm-up ones; 60 by default. */
  events?: number;
  /** Between two cheers; 2 s by default, wider than an alert and the gap after it. */
  spacingMs?: number;
};

type Stamp = { mark: number; at: number };
type PageStamps = { arrived: Stamp[]; shown: Stamp[]; painted: Stamp[] };

/**
 * Runs in the page before its own scripts: stamps each overlay SSE message as it arrives and each
 * alert as it enters the DOM and reaches the next frame, by the mark in the cheer's text. Plain
 * JavaScript in a string: the page gets it as written, without the bundler's helpers.
 */
const instrumentPage = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const markOf = (text) => {
    const found = /\\bm(\\d+)z\\b/.exec(text ?? '');
    return found ? Number(found[1]) : null;
  };
  const stamps = { arrived: [], shown: [], painted: [] };
  window.benchStamps = stamps;
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(url, init) {
      super(url, init);
      // Added before the page's own listener, so it runs first.
      this.addEventListener('overlay', (message) => {
        const at = now();
        try {
          const mark = markOf(JSON.parse(message.data).message);
          if (mark !== null) stamps.arrived.push({ mark, at });
        } catch {}
      });
    }
  };
  new MutationObserver((records) => {
    const at = now();
    for (const record of records)
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        const alert = node.matches('[data-testid="overlay-alert"]')
          ? node
          : node.querySelector('[data-testid="overlay-alert"]');
        const mark = markOf(alert?.textContent);
        if (mark === null) continue;
        stamps.shown.push({ mark, at });
        requestAnimationFrame(() => stamps.painted.push({ mark, at: now() }));
      }
  }).observe(document, { childList: true, subtree: true });
})();`;

const percentileMs = (sorted: number[], p: number) => {
  const value = percentile(sorted, p);
  return value === undefined ? null : round(value);
};

export async function benchOverlays(options: OverlayBenchOptions) {
  const count = options.events ?? 60;
  const spacingMs = options.spacingMs ?? 2_000;
  const loadAverageAtStart = round(loadavg()[0]!);
  const twitch = await startFakeTwitch();
  const stack = await startTestStack({
    adminUrl: options.adminUrl,
    label: 'bench-overlays',
    direct: true,
    env: fakeTwitchEnv(twitch),
  });
  let browser: Browser | null = null;
  try {
    const login = 'overlaybench';
    approveTwitchStreamer(twitch, { login, displayName: 'OverlayBench' });
    const studio = await studioSignIn(stack.url, 'twitch');
    progress('waiting for the chat runner to join the channel');
    await until(
      'the chat runner to join the channel',
      async () => (await studio.call('GET', '/api/stream/channels')).json.channels,
      (list: { connection: { state: string } | null }[]) => list[0]?.connection?.state === 'joined',
      60_000,
    );
    // A line read back proves the bot is in the chat, not just a JOIN on its way.
    await until(
      'the bot to read the channel',
      async () => {
        twitch.say(login, { login: 'early_bird', text: 'hello everyone' });
        await sleep(500);
        return (await studio.call('GET', '/api/stream/events')).json.events as { text: string | null }[];
      },
      (events) => events.some((e) => e.text === 'hello everyone'),
      60_000,
    );
    const saved = await studio.call('PUT', '/api/stream/overlays/templates/cheer', {
      template: { ...defaultOverlayTemplates.cheer, durationMs: alertMs },
      enabled: true,
    });
    if (saved.status !== 200) throw new Error(`cheer template not saved: ${JSON.stringify(saved.json)}`);
    const rotated = await studio.call('POST', '/api/stream/overlays/rotate');
    if (rotated.status !== 200) throw new Error(`overlay key not made: ${JSON.stringify(rotated.json)}`);
    const overlayUrl = new URL(rotated.json.url as string);

    browser = await launchBrowser();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await page.addInitScript({ content: instrumentPage });
    await page.goto(`${stack.url}${overlayUrl.pathname}${overlayUrl.search}`);
    const stamps = () => page.evaluate(() => (window as unknown as { benchStamps: PageStamps }).benchStamps);

    const emitted = new Map<number, number>();
    const cheer = (mark: number) => {
      emitted.set(mark, Date.now());
      twitch.say(login, { login: `fan_${mark % 10}`, text: `cheer100 m${mark}z`, bits: 100 });
    };
    progress('warming up (3 cheers)');
    const warmup = 3;
    // The page may still be connecting: the first cheer is repeated until one shows.
    await until(
      'a first alert on the page',
      async () => {
        cheer(1_000_000 + emitted.size);
        await sleep(spacingMs);
        return (await stamps()).painted.length;
      },
      (n) => n > 0,
      60_000,
      0,
    );
    for (let i = 1; i < warmup; i++) {
      cheer(2_000_000 + i);
      await sleep(spacingMs);
    }

    progress(`${count} cheers, one every ${spacingMs} ms`);
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      cheer(i);
      await sleep(Math.max(0, started + (i + 1) * spacingMs - performance.now()));
    }
    const last = await until(
      'every alert shown',
      stamps,
      (s) => Array.from({ length: count }, (_, i) => i).every((i) => s.painted.some((p) => p.mark === i)),
      15_000,
    ).catch(() => stamps());

    const byMark = (list: Stamp[]) =>
      new Map(list.filter((s) => s.mark >= 0 && s.mark < count).map((s) => [s.mark, s.at]));
    const arrived = byMark(last.arrived);
    const shown = byMark(last.shown);
    const painted = byMark(last.painted);
    const toPage: number[] = [];
    const toSse: number[] = [];
    let queued = 0;
    for (let i = 0; i < count; i++) {
      const at = painted.get(i);
      if (at === undefined) continue;
      toPage.push(at - emitted.get(i)!);
      const sse = arrived.get(i);
      if (sse !== undefined) {
        toSse.push(sse - emitted.get(i)!);
        // An alert that waited for the one before shows long after its message arrived.
        if ((shown.get(i) ?? at) - sse > gapMs / 2) queued++;
      }
    }
    toPage.sort((a, b) => a - b);
    toSse.sort((a, b) => a - b);
    return {
      events: count,
      spacingMs,
      alertDurationMs: alertMs,
      shown: toPage.length,
      queued,
      p50Ms: percentileMs(toPage, 0.5),
      p99Ms: percentileMs(toPage, 0.99),
      maxMs: toPage.length ? round(toPage.at(-1)!) : null,
      /** Fake Twitch → the SSE message in the page (before the page renders it). */
      sse: { p50Ms: percentileMs(toSse, 0.5), p99Ms: percentileMs(toSse, 0.99) },
      loadAverageAtStart,
      met:
        toPage.length === count &&
        (percentileMs(toPage, 0.99) ?? Number.POSITIVE_INFINITY) <= overlayTargets.p99Ms,
    };
  } finally {
    await browser?.close();
    await stack.stop();
    await twitch.close();
  }
}
export type OverlayBenchResult = Awaited<ReturnType<typeof benchOverlays>>;

export function printOverlays(result: OverlayBenchResult) {
  console.table([
    {
      measure: 'fake Twitch cheer → alert on the OBS page p99 (ms)',
      figure: result.p99Ms,
      target: `≤ ${overlayTargets.p99Ms}`,
      verdict: result.met ? 'met' : 'MISSED',
    },
    { measure: 'p50 / max (ms)', figure: `${result.p50Ms} / ${result.maxMs}`, target: '', verdict: '' },
    {
      measure: 'SSE message in the page p50 / p99 (ms)',
      figure: `${result.sse.p50Ms} / ${result.sse.p99Ms}`,
      target: '',
      verdict: '',
    },
    {
      measure: 'load average at start',
      figure: result.loadAverageAtStart,
      target: '(context)',
      verdict: '',
    },
    {
      measure: 'shown / sent (waited in the queue)',
      figure: `${result.shown} / ${result.events} (${result.queued})`,
      target: '',
      verdict: '',
    },
  ]);
}

if (runsAlone(import.meta)) {
  await withTestAdmin(async (adminUrl) => {
    const result = await benchOverlays({
      adminUrl,
      ...(process.env.BENCH_OVERLAY_EVENTS ? { events: Number(process.env.BENCH_OVERLAY_EVENTS) } : {}),
    });
    saveResult('overlays', overlayTargets, result);
    printOverlays(result);
  });
}
