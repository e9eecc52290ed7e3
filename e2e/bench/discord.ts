/**
 * Discord figures for `npm run bench`, against a stack wired to the fake Discord:
 * - the interactions endpoint through workerd at a fixed request rate, signature check included:
 *   PING, and a ticket's Close button (signature, dedupe insert, ticket lookup, ephemeral answer);
 * - go-live latency: from a PRESENCE_UPDATE on the fake gateway to the announcement arriving in
 *   the go-live channel, less the debounce.
 *
 * The load is open-loop: request i is due at start + i / rate and its latency counts from then, so
 * a request held back by a slow one is charged its wait (a closed loop would hide that queueing).
 * Each request carries a fresh interaction id (the endpoint handles an id once) and its own
 * signature. The bench signs with a key pair of its own, given to the stack as DISCORD_PUBLIC_KEY,
 * instead of going through the fake's `interactions.send`: timing then stops at the endpoint's
 * answer, and the fake's callback bookkeeping does not run in the load generator.
 *
 * `tsx e2e/bench/discord.ts` runs this part alone and updates the "discord" key of results.json.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { startFakeDiscord, twitchActivity } from '../fakes/discord/server';
import { snowflake } from '../fakes/discord/state';
import { startTestStack } from '../support/stack';

const root = path.resolve(import.meta.dirname, '../..');
const resultsFile = path.join(root, 'e2e', 'bench', 'results.json');

/** The targets. */
export const discordTargets = { pingP99Ms: 20, buttonP99Ms: 150, goLiveAfterDebounceMs: 5_000 };
/** The runner's go-live debounce (runners/src/discord/golive/machine.ts); the stack runs the default. */
const debounceMs = 30_000;

export type DiscordBenchOptions = {
  adminUrl: string;
  rate?: number;
  warmupSeconds?: number;
  seconds?: number;
  streamers?: number;
  /** Between two streamers going live, so they meet the one-second tick at different phases. */
  staggerMs?: number;
};

type Signer = { publicKeyHex: string; privateKey: KeyObject };

function signer(): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // Discord shows the raw 32-byte key in hex: the tail of the SPKI encoding.
  const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  return { publicKeyHex, privateKey };
}

function signed(key: Signer, body: string) {
  const timestamp = Math.floor(Date.now() / 1000).toString();
  return {
    'content-type': 'application/json',
    'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
    'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), key.privateKey).toString('hex'),
    'x-signature-timestamp': timestamp,
    'content-length': String(Buffer.byteLength(body)),
  };
}

/** Builds request bodies from a payload, changing only the interaction id. */
function withFreshIds(payload: Record<string, unknown>) {
  const [head, tail] = JSON.stringify({ ...payload, id: '\u0000id' }).split('"\\u0000id"') as [
    string,
    string,
  ];
  return () => `${head}"${snowflake()}"${tail}`;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number) => +n.toFixed(1);
const clockTicks = 100;

/** Busy and total clock ticks of the whole machine (all cores), from /proc/stat. */
function machineTicks() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  // idle and iowait are the fourth and fifth.
  return { busy: total - fields[3]! - fields[4]!, total };
}

function processTicks(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** utime + stime of every process named postgres, by pid. */
function postgresTicks() {
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks;
}

/**
 * CPU over a window, in percent of one core: the whole machine, the processes named, PostgreSQL (all
 * of it: other clients of the same server count too), and the rest, so a run that shared the
 * machine with other work says so.
 */
function cpuWindow(pids: Record<string, number>) {
  const machine = machineTicks();
  const each = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processTicks(pid)]));
  const postgresBefore = postgresTicks();
  const wall = performance.now();
  return () => {
    const seconds = (performance.now() - wall) / 1000;
    const now = machineTicks();
    const cores = (now.total - machine.total) / clockTicks / seconds;
    const percent = (ticks: number) => Math.round((ticks / clockTicks / seconds) * 100);
    const named = Object.fromEntries(
      Object.entries(pids).map(([name, pid]) => [name, percent(processTicks(pid) - each[name]!)]),
    );
    let postgres = 0;
    // A backend that started in the window counts whole; one that ended is left out.
    for (const [pid, ticks] of postgresTicks()) postgres += ticks - (postgresBefore.get(pid) ?? 0);
    named.postgres = percent(postgres);
    const machinePercent = percent(now.busy - machine.busy);
    return {
      cores: Math.round(cores),
      machinePercent,
      ...named,
      otherPercent: machinePercent - Object.values(named).reduce((a, b) => a + b, 0),
    };
  };
}

const load = () => loadavg().map((n) => +n.toFixed(2)) as [number, number, number];

type PacedLoad = {
  title: string;
  url: string;
  key: Signer;
  body: () => string;
  /** True when the answer is the one expected; anything else counts as an error. */
  expect: (status: number, body: string) => boolean;
  rate: number;
  warmupSeconds: number;
  seconds: number;
  targetP99Ms: number;
  /** Processes whose CPU is reported for the measured window (the bench itself is added). */
  pids: Record<string, number>;
};

async function paced(options: PacedLoad) {
  const { rate, warmupSeconds, seconds } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(options.url);
  const interval = 1000 / rate;
  const warmup = Math.round(rate * warmupSeconds);
  const total = warmup + Math.round(rate * seconds);
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let errors = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let lateSends = 0;
  let resetRetries = 0;
  const loadBefore = load();
  let cpu: (() => ReturnType<ReturnType<typeof cpuWindow>>) | undefined;
  let cpuMeasured: ReturnType<ReturnType<typeof cpuWindow>> | undefined;

  const finished = new Promise<void>((resolve) => {
    let completed = 0;
    const settle = (measured: boolean, latency: number, failure: string | null) => {
      inFlight -= 1;
      completed += 1;
      if (measured) {
        latencies.push(latency);
        if (failure) {
          errors += 1;
          failures.set(failure, (failures.get(failure) ?? 0) + 1);
        }
      }
      if (completed === total) {
        cpuMeasured = cpu?.();
        resolve();
      }
    };
    const fire = (index: number, due: number) => {
      const measured = index >= warmup;
      if (measured && performance.now() - due > interval) lateSends += 1;
      const body = options.body();
      const headers = signed(options.key, body);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const attempt = (retry: boolean) => {
        let answered = false;
        const req = http.request(
          { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers },
          (res) => {
            answered = true;
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString();
              const ok = options.expect(res.statusCode ?? 0, text);
              settle(
                measured,
                performance.now() - due,
                ok ? null : `${res.statusCode}: ${text.slice(0, 120)}`,
              );
            });
            res.on('error', (e) => settle(measured, performance.now() - due, e.message));
          },
        );
        req.setTimeout(10_000, () => req.destroy(new Error('timed out after 10 s')));
        req.on('error', (e: NodeJS.ErrnoException) => {
          // The server closed an idle keep-alive socket as this request went out on it: nothing
          // reached the endpoint, so it is sent again (Node's advice), its latency still from `due`.
          // Had it arrived, the dedupe would answer "Already handled" and that counts as an error.
          if (!answered && !retry && req.reusedSocket && e.code === 'ECONNRESET') {
            if (measured) resetRetries += 1;
            attempt(true);
            return;
          }
          settle(measured, performance.now() - due, e.message);
        });
        req.end(body);
      };
      attempt(false);
    };
    const start = performance.now() + 20;
    let next = 0;
    const pump = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        if (next === warmup) cpu = cpuWindow({ ...options.pids, benchClient: process.pid });
        fire(next, start + next * interval);
        next += 1;
      }
      if (next < total) setTimeout(pump, Math.max(0, start + next * interval - performance.now()));
    };
    setTimeout(pump, 20);
  });
  await finished;
  agent.destroy();

  const sorted = [...latencies].sort((a, b) => a - b);
  const p99Ms = round(percentile(sorted, 99));
  return {
    title: options.title,
    targetRate: rate,
    warmupSeconds,
    seconds,
    requests: latencies.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms,
    maxMs: round(sorted.at(-1) ?? Number.NaN),
    errors,
    ...(failures.size > 0 ? { failures: Object.fromEntries([...failures].slice(0, 5)) } : {}),
    maxInFlight,
    /** Sends that left more than one interval after they were due (client-side lateness, also counted in the latency). */
    lateSends,
    /** Requests sent again because the server had closed their idle keep-alive socket. */
    resetRetries,
    targetP99Ms: options.targetP99Ms,
    met: errors === 0 && p99Ms <= options.targetP99Ms,
    loadAverageBefore: loadBefore,
    /** Percent of one core during the measured 30 s; otherPercent is everything else on the machine (PostgreSQL included). */
    cpuPercent: cpuMeasured,
  };
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 100,
) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function benchDiscord(options: DiscordBenchOptions) {
  const rate = options.rate ?? 200;
  const warmupSeconds = options.warmupSeconds ?? 20;
  const seconds = options.seconds ?? 30;
  const streamerCount = options.streamers ?? 5;
  const staggerMs = options.staggerMs ?? 1_700;

  const fake = await startFakeDiscord();
  const key = signer();
  const guild = fake.addGuild({ name: 'Bench guild' });
  const staffRole = fake.addRole(guild.id, { name: 'Support' });
  const staff = fake.addUser({ username: 'bench-staff' });
  fake.addMember(guild.id, staff.id, [staffRole.id]);
  const opener = fake.addUser({ username: 'bench-opener' });
  fake.addMember(guild.id, opener.id);
  const ticketChannel = fake.addChannel(guild.id, { name: 'ticket-1' });
  const goLiveChannel = fake.addChannel(guild.id, { name: 'live-now' });
  const streamers = Array.from({ length: streamerCount }, (_, i) => {
    const user = fake.addUser({ username: `bench-streamer-${i + 1}` });
    fake.addMember(guild.id, user.id);
    return { user, login: `benchstreamer${i + 1}`, title: `Bench stream ${i + 1} ${snowflake()}` };
  });

  const stack = await startTestStack({
    adminUrl: options.adminUrl,
    label: 'bench-discord',
    direct: true,
    env: {
      DISCORD_BASE_URL: fake.url,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_BOT_TOKEN: fake.botToken,
      DISCORD_CLIENT_SECRET: fake.clientSecret,
      DISCORD_PUBLIC_KEY: key.publicKeyHex,
    },
  });
  const owner = postgres(stack.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    // The runner's gateway session announces the guild (GUILD_CREATE), which adds its row.
    await waitFor(
      'the guild row from the gateway',
      async () => {
        const [row] = await owner`select 1 as found from discord_guilds where guild_id = ${guild.id}`;
        return row ? true : undefined;
      },
      60_000,
    );
    const ticketId = await owner.begin(async (tx) => {
      await tx`select set_config('app.scope', 'system', true)`;
      await tx`
        update discord_guilds set staff_role_ids = ${[staffRole.id]}, go_live_channel_id = ${goLiveChannel.id},
          ticket_counter = 1
        where guild_id = ${guild.id}`;
      const [row] = await tx<{ id: string }[]>`
        insert into tickets (guild_id, number, channel_id, opener_id, opener_name, subject)
        values (${guild.id}, 1, ${ticketChannel.id}, ${opener.id}, ${opener.username}, 'Printer on fire')
        returning id`;
      return row!.id;
    });

    const endpoint = `${stack.url}/discord/interactions`;
    const pids = {
      workerd: stack.processes.functions.pid!,
      dbpool: stack.processes.dbpool.pid!,
      runners: stack.processes.runners.pid!,
    };
    const ping = await paced({
      title: 'PING',
      url: endpoint,
      key,
      body: withFreshIds(fake.interactions.ping()),
      expect: (status, body) => status === 200 && body === '{"type":1}',
      rate,
      warmupSeconds,
      seconds,
      targetP99Ms: discordTargets.pingP99Ms,
      pids,
    });
    const closeButton = fake.interactions.component(
      { guildId: guild.id, channelId: ticketChannel.id, userId: staff.id },
      `ticket:close:${ticketId}`,
    );
    const button = await paced({
      title: 'Button ticket:close (ephemeral confirmation)',
      url: endpoint,
      key,
      body: withFreshIds(closeButton),
      expect: (status, body) =>
        status === 200 && body.includes('"type":4') && body.includes('Close ticket #1?'),
      rate,
      warmupSeconds,
      seconds,
      targetP99Ms: discordTargets.buttonP99Ms,
      pids,
    });

    // Go-live once the interactions load has drained: the machine idle, as a streamer meets it.
    await new Promise((r) => setTimeout(r, 3_000));
    const goLiveLoad = load();
    const sentAt = new Map<number, number>();
    for (const [i, s] of streamers.entries()) {
      if (i > 0) await new Promise((r) => setTimeout(r, staggerMs));
      sentAt.set(i, Date.now());
      fake.gateway.presence(guild.id, s.user.id, [twitchActivity(s.login, s.title, 'Bench Simulator')]);
    }
    const arrivals = await waitFor(
      'every go-live announcement',
      async () => {
        const posted = fake.state.messages.get(goLiveChannel.id) ?? [];
        const found = streamers.map((s) => posted.find((m) => JSON.stringify(m).includes(s.title)));
        return found.every(Boolean) ? found.map((m) => Date.parse(m!.timestamp)) : undefined;
      },
      debounceMs + 60_000,
      20,
    );
    const perStreamer = streamers.map((s, i) => ({
      streamer: s.user.username,
      afterDebounceMs: arrivals[i]! - sentAt.get(i)! - debounceMs,
    }));
    const worst = Math.max(...perStreamer.map((p) => p.afterDebounceMs));
    const goLive = {
      streamers: streamerCount,
      staggerMs,
      debounceMs,
      perStreamer,
      maxAfterDebounceMs: worst,
      targetAfterDebounceMs: discordTargets.goLiveAfterDebounceMs,
      met: worst <= discordTargets.goLiveAfterDebounceMs,
      loadAverageBefore: goLiveLoad,
    };
    return { interactions: [ping, button], goLive };
  } finally {
    await owner.end({ timeout: 5 });
    await stack.stop();
    await fake.close();
  }
}

export type DiscordBenchResult = Awaited<ReturnType<typeof benchDiscord>>;

export function printDiscord(result: DiscordBenchResult) {
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  console.table(
    result.interactions.map((r) => ({
      interaction: r.title,
      rate: r.targetRate,
      p50Ms: r.p50Ms,
      p95Ms: r.p95Ms,
      p99Ms: r.p99Ms,
      maxMs: r.maxMs,
      errors: r.errors,
      targetP99Ms: r.targetP99Ms,
      verdict: verdict(r.met),
    })),
  );
  console.table(result.goLive.perStreamer);
  console.log(
    `go-live after the ${result.goLive.debounceMs / 1000} s debounce: max ${result.goLive.maxAfterDebounceMs} ms,`,
    `target ${result.goLive.targetAfterDebounceMs} ms: ${verdict(result.goLive.met)}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { testAdminUrl } = await import('@homelab/infra/test/admin');
  const admin = await testAdminUrl();
  try {
    const result = await benchDiscord({
      adminUrl: admin.adminUrl,
      ...(process.env.BENCH_DISCORD_SECONDS ? { seconds: Number(process.env.BENCH_DISCORD_SECONDS) } : {}),
      ...(process.env.BENCH_DISCORD_WARMUP
        ? { warmupSeconds: Number(process.env.BENCH_DISCORD_WARMUP) }
        : {}),
    });
    const previous = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
    const discord = { measuredAt: new Date().toISOString(), ...result };
    writeFileSync(resultsFile, `${JSON.stringify({ ...previous, discord }, null, 2)}\n`);
    printDiscord(result);
  } finally {
    await admin.stop?.();
  }
}
