/**
 * AI moderation figures for `npm run bench` (issue 8): what the product itself adds per chat line
 * when AI moderation is on. The chat runner's core runs in this process (chat manager with fake
 * connections, the event pipeline writing chat_events, the engine) on a database of its own, with
 * the real moderation feature scoring every line on the fake OpenAI, started in this process too.
 *
 * Per line: the time from the line handed to the moderation feature until the feature is done with
 * it (passed on, put in the review queue, or acted on: the action handed to the platform and
 * logged), minus the time the fake spent answering that line's moderation request. The fake's side
 * is measured, not assumed: node:diagnostics_channel's `http.server.request.start` and
 * `http.server.response.finish` timestamp each request the fake's server takes, matched to its line
 * by the request's input. What remains is the product's overhead: rules, the SDK, the HTTP client,
 * the loopback hop, the decision, the database work of an action.
 *
 * `npx tsx e2e/bench/moderation-ai.ts` runs this part alone and updates the "moderationAi" key of
 * results.json.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadavg } from 'node:os';
import path from 'node:path';
import { createPool } from '@homelab/db/client/pool';
import type { ChatEvent } from '@homelab/db/stream/events';
import { dropDatabase, provisionDatabase } from '@homelab/infra/database';
import { uniqueDatabaseName } from '@homelab/infra/test/admin';
import { createBotEngine } from '../../runners/src/bot/engine';
import type { FeatureFactory } from '../../runners/src/bot/types';
import { systemClock } from '../../runners/src/chat/clock';
import { createChatManager } from '../../runners/src/chat/manager';
import { fakeConnection, insertChannel, insertTenant } from '../../runners/src/chat/testing';
import { createLogger } from '../../runners/src/log';
import { createModerationFeature } from '../../runners/src/moderation/feature';
import { startFakeOpenAI } from '../fakes/openai/server';
import { waitFor } from './chat';
import { benchProgress, root, round, runsAlone, saveResult, sleep, timings, withTestAdmin } from './shared';

export const moderationAiTargets = { overheadP99Ms: 20 };

const progress = benchProgress('moderation AI');

type Outcome = 'pass' | 'review' | 'act';
/** Lines the rules let through, so every one goes to the AI; the fake scores the last two. */
const lines: { text: string; outcome: Outcome }[] = [
  { text: 'hello chat how is everyone doing today', outcome: 'pass' },
  { text: 'what do you think about the new patch? it looks good', outcome: 'pass' },
  { text: 'gg that was a close one, nice play', outcome: 'pass' },
  { text: 'lol the chat is wild tonight', outcome: 'pass' },
  { text: 'is this the second run or the first one?', outcome: 'pass' },
  { text: 'hello from the other side of the world', outcome: 'pass' },
  { text: 'that outfit is questionable at best', outcome: 'review' },
  { text: 'you are pathetic and everyone here hates you', outcome: 'act' },
];

export type ModerationAiBenchOptions = {
  adminUrl: string;
  /** Lines measured (after a warm-up); 2,500 by default. */
  count?: number;
  /** Channels the lines are spread over (each channel's lines are handled in order); 10 by default. */
  channels?: number;
  /** Lines per second over all channels, at a steady pace; 100 by default. */
  rate?: number;
};

/** Times each moderation request on the fake's server, by the line it scores. */
function fakeSideTimer() {
  const open = new WeakMap<ServerResponse, { started: number; body: string }>();
  const answeredMs = new Map<string, number>();
  const onStart = (message: unknown) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    if (!request.url?.startsWith('/v1/moderations')) return;
    const entry = { started: performance.now(), body: '' };
    open.set(response, entry);
    request.on('data', (chunk: Buffer) => {
      entry.body += chunk.toString('utf8');
    });
  };
  const onFinish = (message: unknown) => {
    const { response } = message as { response: ServerResponse };
    const entry = open.get(response);
    if (!entry) return;
    open.delete(response);
    try {
      const input = (JSON.parse(entry.body) as { input?: unknown }).input;
      if (typeof input === 'string') answeredMs.set(input, performance.now() - entry.started);
    } catch {}
  };
  diagnostics.subscribe('http.server.request.start', onStart);
  diagnostics.subscribe('http.server.response.finish', onFinish);
  return {
    answeredMs,
    stop() {
      diagnostics.unsubscribe('http.server.request.start', onStart);
      diagnostics.unsubscribe('http.server.response.finish', onFinish);
    },
  };
}

export async function benchModerationAi(options: ModerationAiBenchOptions) {
  const count = options.count ?? 2_500;
  const channelCount = options.channels ?? 10;
  const rate = options.rate ?? 100;
  const warmup = Math.max(200, channelCount * 20);
  const loadAverageAtStart = round(loadavg()[0]!, 1);

  const dbName = uniqueDatabaseName('bench-moderation-ai');
  const urls = await provisionDatabase(
    options.adminUrl,
    dbName,
    { owner: 'bench-owner', app: 'bench-app' },
    path.join(root, 'db/migrations'),
  );
  const openai = await startFakeOpenAI();
  openai.script.moderation('questionable', { hate: 0.6 });
  openai.script.moderation('pathetic', { harassment: 0.93, 'harassment/threatening': 0.2 });
  const timer = fakeSideTimer();
  const pool = createPool(urls.appUrl, { max: 8, applicationName: 'bench-moderation-ai' });
  const log = createLogger({ level: 'error' });
  const abort = new AbortController();
  const fake = fakeConnection('twitch');
  const manager = createChatManager({
    sql: pool.sql,
    log,
    holder: 'bench-moderation-ai',
    signal: abort.signal,
    connect: (deps) => [fake.connect(deps)],
  });

  /** Feature time per line, by the line's text (unique per line). */
  const featureMs = new Map<string, number>();
  const acted = { count: 0 };
  // The fake connection cannot moderate; the feature gets a platform that accepts, as a moderated
  // Twitch channel does, so an offence takes the full path (escalation lookup, action, log, notice).
  const moderation: FeatureFactory = (deps) => {
    const feature = createModerationFeature({
      ai: {
        baseUrl: openai.url,
        apiKey: openai.apiKey,
        moderationModel: 'omni-moderation-latest',
        timeoutMs: 3_000,
      },
    })({
      ...deps,
      platform: {
        ...deps.platform,
        moderate: async () => {
          acted.count++;
          return { ok: true };
        },
      },
    });
    const onEvent = feature.onEvent!;
    return {
      ...feature,
      async onEvent(ctx) {
        const started = performance.now();
        await onEvent(ctx);
        if (ctx.event.text) featureMs.set(ctx.event.text, performance.now() - started);
      },
    };
  };

  let engine: ReturnType<typeof createBotEngine> | null = null;
  try {
    const tenantId = await insertTenant(pool.sql);
    const channelIds: string[] = [];
    for (let i = 0; i < channelCount; i++)
      channelIds.push(await insertChannel(pool.sql, tenantId, { botIsModerator: true }));
    await pool.sql`
      insert into bot_settings (tenant_id, settings)
      values (${tenantId}, ${JSON.stringify({ moderation: { enabled: true, ai: { enabled: true } } })}::jsonb)`;
    await manager.start();
    await waitFor(
      'every channel leased',
      async () => (channelIds.every((id) => manager.leases.get(id)) ? true : undefined),
      30_000,
      50,
    );
    engine = createBotEngine({ pool, log, clock: systemClock, manager, features: [moderation] });
    await engine.start();

    const event = (i: number): ChatEvent => {
      const line = lines[i % lines.length]!;
      return {
        tenantId,
        channelId: channelIds[i % channelCount]!,
        platform: 'twitch',
        kind: 'message',
        platformEventId: `modai-${i}`,
        userId: `v${i % 397}`,
        userName: `viewer_${i % 397}`,
        // Unique per line: the repetition rule stays quiet and the fake's timing finds its line.
        text: `${line.text} #${i}`,
        detail: { level: 'everyone', badges: {} },
        at: new Date().toISOString(),
      };
    };
    const feed = async (from: number, n: number) => {
      const spacingMs = 1_000 / rate;
      const started = performance.now();
      for (let i = 0; i < n; i++) {
        fake.emit(event(from + i));
        await sleep(Math.max(0, started + (i + 1) * spacingMs - performance.now()));
      }
      await waitFor(
        'every line moderated',
        async () => {
          for (let i = from; i < from + n; i++) if (!featureMs.has(event(i).text!)) return undefined;
          return true;
        },
        60_000,
        50,
      );
    };
    progress(`warming up (${warmup} lines)`);
    await feed(0, warmup);
    progress(`${count} lines over ${channelCount} channels at ${rate} lines/s`);
    const cpu = process.cpuUsage();
    await feed(warmup, count);
    const cpuUsed = process.cpuUsage(cpu);

    const overhead: Record<Outcome | 'all', number[]> = { pass: [], review: [], act: [], all: [] };
    const fakeTimes: number[] = [];
    let unanswered = 0;
    for (let i = warmup; i < warmup + count; i++) {
      const text = event(i).text!;
      const answered = timer.answeredMs.get(text);
      if (answered === undefined) {
        unanswered++;
        continue;
      }
      const ms = featureMs.get(text)! - answered;
      overhead[lines[i % lines.length]!.outcome].push(ms);
      overhead.all.push(ms);
      fakeTimes.push(answered);
    }
    const stats = (values: number[]) => {
      const { count, ...figures } = timings(values, 2, Number.NaN);
      return { lines: count, ...figures };
    };
    const all = stats(overhead.all);
    const fakeSide = stats(fakeTimes);
    return {
      lines: count,
      channels: channelCount,
      linesPerSecond: rate,
      /** Lines whose moderation request the fake did not answer (timeouts); not in the figures. */
      unanswered,
      actedOn: acted.count,
      overhead: all,
      byOutcome: { pass: stats(overhead.pass), review: stats(overhead.review), act: stats(overhead.act) },
      /** This process's CPU per line (feature, pipeline, engine and the fake): a load-independent figure. */
      cpuMsPerLine: round((cpuUsed.user + cpuUsed.system) / 1_000 / count, 3),
      fakeAnswering: { p50Ms: fakeSide.p50Ms, p99Ms: fakeSide.p99Ms, maxMs: fakeSide.maxMs },
      engineFailures: engine.stats().failed,
      /** Other work on the machine shows in the tail: the bench shares its cores. */
      loadAverageAtStart,
      met: unanswered === 0 && all.p99Ms <= moderationAiTargets.overheadP99Ms,
    };
  } finally {
    await engine?.stop();
    manager.queue.stop('shutdown');
    await manager.stop({ release: true });
    abort.abort();
    timer.stop();
    await pool.sql.end({ timeout: 5 });
    await openai.close();
    await dropDatabase(options.adminUrl, dbName).catch(() => {});
  }
}
export type ModerationAiBenchResult = Awaited<ReturnType<typeof benchModerationAi>>;

export function printModerationAi(result: ModerationAiBenchResult) {
  const { overhead, byOutcome, fakeAnswering } = result;
  console.table([
    {
      measure: 'AI moderation overhead p99 (ms, fake OpenAI time taken out)',
      figure: overhead.p99Ms,
      target: `≤ ${moderationAiTargets.overheadP99Ms}`,
      verdict: result.met ? 'met' : 'MISSED',
    },
    { measure: 'p50 / max (ms)', figure: `${overhead.p50Ms} / ${overhead.maxMs}`, target: '', verdict: '' },
    {
      measure: 'p99 passed / for review / acted on (ms)',
      figure: `${byOutcome.pass.p99Ms} / ${byOutcome.review.p99Ms} / ${byOutcome.act.p99Ms}`,
      target: '',
      verdict: '',
    },
    {
      measure: 'fake OpenAI answering p50 / p99 (ms)',
      figure: `${fakeAnswering.p50Ms} / ${fakeAnswering.p99Ms}`,
      target: '(taken out)',
      verdict: '',
    },
    {
      measure: 'CPU per line, this process (ms)',
      figure: result.cpuMsPerLine,
      target: '(context)',
      verdict: `load ${result.loadAverageAtStart}`,
    },
    {
      measure: 'lines measured / unanswered',
      figure: `${overhead.lines} / ${result.unanswered}`,
      target: '',
      verdict: '',
    },
  ]);
}

if (runsAlone(import.meta)) {
  await withTestAdmin(async (adminUrl) => {
    const result = await benchModerationAi({
      adminUrl,
      ...(process.env.BENCH_MODERATION_AI_COUNT
        ? { count: Number(process.env.BENCH_MODERATION_AI_COUNT) }
        : {}),
      ...(process.env.BENCH_MODERATION_AI_RATE ? { rate: Number(process.env.BENCH_MODERATION_AI_RATE) } : {}),
    });
    saveResult('moderationAi', moderationAiTargets, result);
    printModerationAi(result);
  });
}
