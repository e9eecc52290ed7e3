/**
 * Command pipeline figures for `npm run bench` (issue 7):
 * - throughput on one core: the chat runner's core in this process (chat manager with a fake
 *   connection, the event pipeline writing chat_events, and every chat feature), fed viewer
 *   commands with variables as fast as it takes them; counted from the message handed over to the
 *   reply queued for sending, with this process's CPU time beside the wall time;
 * - latency: a built runners process with only the chat runner, 50 Twitch channels on the fake
 *   Twitch (the bot a moderator, so 100 messages per 30 s), a viewer's `!hello` said in the fake
 *   IRC and timed until the bot's reply reaches the fake, paced so no platform limit holds it.
 *
 * `npx tsx e2e/bench/commands.ts` runs this part alone and updates the "commands" key of results.json.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createPool } from '@homelab/db/client/pool';
import type { ChatEvent } from '@homelab/db/stream/events';
import { parseCommand } from '@homelab/db/stream/events';
import { dropDatabase, provisionDatabase } from '@homelab/infra/database';
import { uniqueDatabaseName } from '@homelab/infra/test/admin';
import { createBotEngine } from '../../runners/src/bot/engine';
import { createBotFeatures } from '../../runners/src/bot/features';
import { systemClock } from '../../runners/src/chat/clock';
import { createChatManager } from '../../runners/src/chat/manager';
import { fakeConnection } from '../../runners/src/chat/testing';
import { createLogger } from '../../runners/src/log';
import { startFakeTwitch } from '../fakes/twitch/server';
import { fakeTwitchEnv } from '../support/studio';
import { ensureRunnersBuilt, type Runner, startRunner, stopRunner, waitFor } from './chat';
import {
  benchProgress,
  percentile,
  root,
  round,
  runsAlone,
  saveResult,
  sleep,
  withTestAdmin,
} from './shared';

export const commandTargets = { perSecondOneCore: 5_000, p99Ms: 50 };

const progress = benchProgress('commands');

/** The custom commands both parts use: plain text, the caller and a target, random, pick, points. */
const commands = [
  { name: 'hello', response: 'Hello $(user)! Welcome in, $(touser|friend) — enjoy the stream.' },
  { name: 'dice', response: '$(user) rolls a $(random 1-100).' },
  { name: 'eightball', response: '🎱 $(pick Yes,No,Maybe,Ask again later,Definitely)' },
  { name: 'lurk', response: '$(user) is lurking with $(points) $(currency). See you soon!' },
];
const lines = ['!hello', '!hello @someone', '!dice', '!eightball will I win?', '!lurk'];

async function seedTenant(
  sql: ReturnType<typeof createPool>['sql'],
  login: string,
  platformChannelId: string,
) {
  const [tenant] = await sql<{ id: string }[]>`
    with person as (insert into users (username, role) values (${`bench-${login}`}, 'guest') returning id)
    insert into stream_tenants (owner_id, display_name) select id, ${login} from person returning id`;
  const [channel] = await sql<{ id: string }[]>`
    insert into stream_channels (tenant_id, platform, platform_channel_id, login, display_name, bot_is_moderator)
    values (${tenant!.id}, 'twitch', ${platformChannelId}, ${login}, ${login}, true) returning id`;
  for (const c of commands)
    await sql`insert into bot_commands (tenant_id, name, response, global_cooldown_s, user_cooldown_s)
      values (${tenant!.id}, ${c.name}, ${c.response}, 0, 0)`;
  return { tenantId: tenant!.id, channelId: channel!.id };
}

/** Part 1: the pipeline in this process, one core. */
async function throughput(appUrl: string, count: number) {
  const pool = createPool(appUrl, { max: 4, applicationName: 'bench-commands' });
  const log = createLogger({ level: 'error' });
  const { tenantId, channelId } = await seedTenant(pool.sql, 'benchpipe', randomBytes(6).toString('hex'));
  const fake = fakeConnection('twitch');
  const abort = new AbortController();
  const manager = createChatManager({
    sql: pool.sql,
    log,
    holder: 'bench-commands',
    signal: abort.signal,
    connect: (deps) => [fake.connect(deps)],
  });
  await manager.start();
  await waitFor(
    'the channel leased',
    async () => (manager.leases.get(channelId) ? true : undefined),
    30_000,
    50,
  );
  const engine = createBotEngine({ pool, log, clock: systemClock, manager, features: createBotFeatures() });
  await engine.start();

  // Replies are counted where they are queued; the queue then paces them (not measured here).
  let queued = 0;
  const send = manager.send.bind(manager);
  manager.send = (id, text, replyTo) => {
    queued++;
    return send(id, text, replyTo);
  };
  const event = (i: number): ChatEvent => {
    const text = lines[i % lines.length]!;
    return {
      tenantId,
      channelId,
      platform: 'twitch',
      kind: 'command',
      platformEventId: `b${i}`,
      userId: `v${i % 1_000}`,
      userName: `viewer_${i % 1_000}`,
      text,
      detail: { level: 'everyone', badges: {}, ...parseCommand(text) },
      at: new Date().toISOString(),
    };
  };
  const run = async (n: number, offset: number) => {
    const before = queued;
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      fake.emit(event(offset + i));
      // Hand over in slices so the pipeline's writes and the features' lookups interleave as in chat.
      if (i % 500 === 499) await new Promise((r) => setImmediate(r));
    }
    await waitFor('every reply queued', async () => (queued - before >= n ? true : undefined), 120_000, 5);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { ms, cpuMs: (used.user + used.system) / 1_000 };
  };
  try {
    progress('warming up (1,000 viewers seen once)');
    await run(2_000, 0);
    progress(`throughput: ${count} commands`);
    const { ms, cpuMs } = await run(count, 2_000);
    return {
      commands: count,
      perSecond: Math.round((count / ms) * 1_000),
      /** Per second of this process's CPU time: what one core does when it does nothing else. */
      perCpuSecond: Math.round((count / cpuMs) * 1_000),
      cpuPercent: round((cpuMs / ms) * 100),
      met: (count / cpuMs) * 1_000 >= commandTargets.perSecondOneCore,
      engineFailures: engine.stats().failed,
    };
  } finally {
    await engine.stop();
    manager.queue.stop('shutdown');
    await manager.stop({ release: true });
    abort.abort();
    await pool.sql.end({ timeout: 5 });
  }
}

/** Part 2: fake IRC in → reply out of a built runners process. */
async function latency(appUrl: string, rounds: number) {
  const twitch = await startFakeTwitch();
  const pool = createPool(appUrl, { max: 2, applicationName: 'bench-commands-latency' });
  let runner: Runner | null = null;
  try {
    const channelCount = 50;
    const logins = Array.from({ length: channelCount }, (_, i) => `cmdbench_${i}`);
    for (const login of logins) {
      const user = twitch.addUser({ login });
      await seedTenant(pool.sql, login, user.id);
      twitch.setModerator(login, twitch.botLogin);
    }
    const viewers = 100;
    for (let i = 0; i < viewers; i++) twitch.addUser({ login: `latency_viewer_${i}` });
    runner = await startRunner(
      {
        DATABASE_URL: appUrl,
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        RUNNER_SECRET: 'bench-'.repeat(8),
        ...fakeTwitchEnv(twitch),
      },
      'bench-commands-latency',
    );
    const joined = (login: string) => twitch.irc.joined(login).includes(twitch.botLogin);
    await waitFor(
      'every channel joined',
      async () => (logins.every(joined) ? true : undefined),
      120_000,
      250,
    );
    await sleep(2_000);

    const samples: number[] = [];
    // A steady stream, as chat is: one `!hello` every 30 ms, round-robin over the channels, so
    // each channel gets one every 1.5 s (20 replies per 30 s, inside Twitch's moderator limit of
    // 100). The first two rounds are not counted: they meet each channel's regulars once (a
    // viewer's first line creates them).
    const warmup = 2;
    const spacingMs = 30;
    progress(`latency: ${rounds} rounds × ${channelCount} channels, one line every ${spacingMs} ms`);
    const said = new Map(logins.map((l) => [l, [] as number[]]));
    const base = new Map(logins.map((l) => [l, twitch.sent(l).length]));
    const total = (rounds + warmup) * channelCount;
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const login = logins[i % channelCount]!;
      const round = Math.floor(i / channelCount);
      said.get(login)!.push(Date.now());
      twitch.say(login, {
        // Each channel has its regulars: two viewers.
        login: `latency_viewer_${((i % channelCount) * 2 + (round % 2)) % viewers}`,
        text: `!hello r${round}`,
      });
      const due = started + (i + 1) * spacingMs;
      await sleep(Math.max(0, due - performance.now()));
    }
    await waitFor(
      'every reply',
      async () =>
        logins.every((l) => twitch.sent(l).length - base.get(l)! >= said.get(l)!.length) ? true : undefined,
      30_000,
      50,
    ).catch(() => undefined);
    for (const login of logins) {
      const replies = twitch.sent(login).slice(base.get(login)!);
      for (const [k, at] of said.get(login)!.entries()) {
        const reply = replies[k];
        if (reply && k >= warmup) samples.push(reply.at - at);
      }
    }
    samples.sort((a, b) => a - b);
    const pct = (p: number) => percentile(samples, p / 100) ?? null;
    return {
      channels: channelCount,
      asked: rounds * channelCount,
      linesPerSecond: Math.round(1_000 / spacingMs),
      answered: samples.length,
      p50Ms: pct(50),
      p95Ms: pct(95),
      p99Ms: pct(99),
      maxMs: samples.at(-1) ?? null,
      dropsByFake: twitch.dropped().filter((d) => d.command === 'PRIVMSG').length,
      met: (pct(99) ?? Number.POSITIVE_INFINITY) <= commandTargets.p99Ms,
    };
  } finally {
    if (runner) await stopRunner(runner);
    await pool.sql.end({ timeout: 5 });
    await twitch.close();
  }
}

export async function benchCommands(options: { adminUrl: string; count?: number; rounds?: number }) {
  await ensureRunnersBuilt();
  const dbName = uniqueDatabaseName('bench-commands');
  const urls = await provisionDatabase(
    options.adminUrl,
    dbName,
    { owner: 'bench-owner', app: 'bench-app' },
    path.join(root, 'db/migrations'),
  );
  try {
    const pipeline = await throughput(urls.appUrl, options.count ?? 50_000);
    const endToEnd = await latency(urls.appUrl, options.rounds ?? 10);
    return { pipeline, endToEnd };
  } finally {
    await dropDatabase(options.adminUrl, dbName).catch(() => {});
  }
}
export type CommandBenchResult = Awaited<ReturnType<typeof benchCommands>>;

export function printCommands(result: CommandBenchResult) {
  console.table([
    {
      measure: 'commands matched, rendered, queued per CPU second',
      figure: result.pipeline.perCpuSecond,
      target: `≥ ${commandTargets.perSecondOneCore}`,
      verdict: result.pipeline.met ? 'met' : 'MISSED',
    },
    {
      measure: 'commands per wall second (this process at cpuPercent)',
      figure: result.pipeline.perSecond,
      target: '(context)',
      verdict: `${result.pipeline.cpuPercent} % CPU`,
    },
    {
      measure: 'fake IRC → reply p99 (ms)',
      figure: result.endToEnd.p99Ms,
      target: `≤ ${commandTargets.p99Ms}`,
      verdict: result.endToEnd.met ? 'met' : 'MISSED',
    },
    {
      measure: 'p50 / p95 / max (ms)',
      figure: `${result.endToEnd.p50Ms} / ${result.endToEnd.p95Ms} / ${result.endToEnd.maxMs}`,
      target: '',
      verdict: '',
    },
    {
      measure: 'answered / asked',
      figure: `${result.endToEnd.answered} / ${result.endToEnd.asked}`,
      target: '',
      verdict: '',
    },
  ]);
}

if (runsAlone(import.meta)) {
  await withTestAdmin(async (adminUrl) => {
    const result = await benchCommands({
      adminUrl,
      ...(process.env.BENCH_COMMANDS_COUNT ? { count: Number(process.env.BENCH_COMMANDS_COUNT) } : {}),
      ...(process.env.BENCH_COMMANDS_ROUNDS ? { rounds: Number(process.env.BENCH_COMMANDS_ROUNDS) } : {}),
    });
    saveResult('commands', commandTargets, result);
    printCommands(result);
  });
}
