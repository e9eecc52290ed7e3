/**
 * Mission control's integrations for `npm run bench`, through one stack of their own with the
 * owner signed in, one integration after another:
 * - uploads: plain-text files of random printable ASCII lines (1, 10 and 50 MiB by default, 3 times
 *   each) posted as multipart to `/api/files/uploads`, scanned by Debian's clamscan on a signature
 *   database written here (EICAR and a custom signature); wall time per upload and MiB/s. The runner
 *   does not log the scan's time, so the scan's share is estimated by running clamscan alone, with
 *   the runner's own arguments, on the same bytes right after each upload. One EICAR upload is timed
 *   to its 422.
 * - Home Assistant (the fake): light toggles through `/api/smarthome/services`, each timed from the
 *   request to the light's new state arriving on the live stream `/api/smarthome/events`; then an
 *   outage: the fake drops every socket and refuses new ones, calls are queued meanwhile, and the
 *   time from the fake coming back to every queued call applied (the fake's `calls`) is taken, with
 *   the part spent waiting for the runner's reconnect backoff shown apart.
 * - automations: a hook pointing at the fake n8n; incidents inserted one after another (as the
 *   monitors runner records an outage, with SQL as the owner), each timed from the insert being sent
 *   (autocommit) to the fake receiving the signed `incident.opened` POST; signatures are checked.
 *
 * The machine's 1-minute load average is taken at the start and after each section: the figures
 * are only as quiet as the machine was.
 *
 * `npx tsx e2e/bench/integrations.ts` runs this part alone and updates the "integrations" key of
 * results.json; BENCH_UPLOAD_MB (e.g. "1,10"), BENCH_UPLOAD_REPEATS, BENCH_HA_TOGGLES,
 * BENCH_HA_QUEUED and BENCH_INCIDENTS make it smaller.
 */
import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { writeTestDatabase } from '../../runners/src/files/clamav-test-db';
import { eicarBytes, multipartBody } from '../../runners/src/files/fixtures';
import { clamscanArgs } from '../../runners/src/files/scan';
import { sseReader } from '../../runners/src/testing/sse';
import { sampleHouse, startFakeHomeAssistant } from '../fakes/home-assistant/server';
import { startFakeN8n } from '../fakes/n8n/server';
import { startTestStack } from '../support/stack';
import { until } from '../support/until';
import { signedInAs } from '../support/users';
import {
  benchProgress,
  envNumber,
  load1,
  round,
  runsAlone,
  saveResult,
  timings,
  withTestAdmin,
} from './shared';

/** Upload throughput is informative (it depends on the disk and clamscan); the latencies have targets. */
export const integrationTargets = { uploadMBps: 'informative', haToggleP99Ms: 250, automationP99Ms: 1_000 };

const progress = benchProgress('integrations');
const MiB = 1024 * 1024;
const clamscanPath = '/usr/bin/clamscan';
const lamp = 'light.floor_lamp';

export type IntegrationsBenchOptions = {
  adminUrl: string;
  /** Sizes of the uploaded files in MiB; 1, 10 and 50 by default. */
  uploadSizesMb?: number[];
  /** Uploads of each size; 3 by default. */
  uploadRepeats?: number;
  /** Light toggles timed to their state event; 200 by default. */
  toggles?: number;
  /** Calls queued while Home Assistant is away; 20 by default. */
  queuedCalls?: number;
  /** Incidents timed to their webhook; 100 by default. */
  incidents?: number;
};

/** `size` bytes of random printable ASCII in lines of up to 100 characters: valid UTF-8 text. */
function printableText(size: number) {
  const bytes = randomBytes(size);
  for (let i = 0; i < size; i++) bytes[i] = i % 101 === 100 ? 0x0a : 0x20 + (bytes[i]! % 95);
  return bytes;
}

function run(file: string, args: string[]) {
  return new Promise<number>((resolve) => {
    execFile(file, args, { timeout: 300_000, maxBuffer: 1024 * 1024 }, (error) =>
      resolve(error ? (typeof error.code === 'number' ? error.code : -1) : 0),
    );
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

type Api = Awaited<ReturnType<typeof signedInAs>>;

async function postUpload(url: string, api: Api, name: string, data: Buffer) {
  const { body, contentType } = multipartBody(name, data);
  const started = performance.now();
  const res = await fetch(`${url}/api/files/uploads`, {
    method: 'POST',
    headers: { 'content-type': contentType, cookie: api.cookie! },
    body,
  });
  // biome-ignore lint/suspicious/noExplicitAny: the bench reads arbitrary JSON
  const json = (await res.json()) as any;
  return { status: res.status, json, ms: performance.now() - started };
}

type Event = { event: string; data: string; at: number };
type Waiter = { match: (e: Event) => boolean; resolve: (e: Event) => void };

/** The live stream read in the background, each event stamped on arrival, handed to who waits for it. */
async function liveEvents(url: string, cookie: string) {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { cookie }, signal: abort.signal });
  if (res.status !== 200) throw new Error(`the event stream answered ${res.status}`);
  const reader = sseReader(res);
  const waiters = new Set<Waiter>();
  const seen: Event[] = [];
  let ended = false;
  const reading = (async () => {
    for (;;) {
      const next = await reader.next(undefined, 3_600_000).catch(() => null);
      if (!next) break;
      const event = { ...next, at: performance.now() };
      seen.push(event);
      for (const waiter of waiters)
        if (waiter.match(event)) {
          waiters.delete(waiter);
          waiter.resolve(event);
        }
    }
    ended = true;
  })();
  return {
    seen,
    /** The next event `match` accepts; register it before acting. */
    wait(what: string, match: (e: Event) => boolean, timeoutMs = 15_000) {
      return new Promise<Event>((resolve, reject) => {
        if (ended) return reject(new Error('the event stream ended'));
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`timed out waiting for ${what} on the event stream`));
        }, timeoutMs);
        const waiter: Waiter = {
          match,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
        };
        waiters.add(waiter);
      });
    },
    async close() {
      abort.abort();
      await reader.close();
      await reading;
    },
  };
}

const isState = (entityId: string, state: string) => (e: Event) => {
  if (e.event !== 'state') return false;
  const entity = (JSON.parse(e.data) as { entity?: { entityId: string; state: string } }).entity;
  return entity?.entityId === entityId && entity.state === state;
};
const isStatus = (state: string) => (e: Event) =>
  e.event === 'status' && (JSON.parse(e.data) as { status?: { state: string } }).status?.state === state;

export async function benchIntegrations(options: IntegrationsBenchOptions) {
  const sizesMb = options.uploadSizesMb ?? [1, 10, 50];
  const repeats = options.uploadRepeats ?? 3;
  const toggles = options.toggles ?? 200;
  const queuedCalls = options.queuedCalls ?? 20;
  const incidents = options.incidents ?? 100;
  const loadAverage: Record<string, number> = { start: load1() };

  const work = await mkdtemp(path.join(tmpdir(), 'bench-integrations-'));
  const uploadDir = path.join(work, 'uploads');
  const databaseDir = await writeTestDatabase(path.join(work, 'clamav-db'));
  const maxBytes = Math.max(100 * MiB, (Math.max(...sizesMb) + 1) * MiB);
  const ha = await startFakeHomeAssistant({ seed: sampleHouse });
  const n8n = await startFakeN8n();
  const stack = await startTestStack({
    adminUrl: options.adminUrl,
    label: 'bench-integrations',
    direct: true,
    env: {
      UPLOAD_DIR: uploadDir,
      UPLOAD_MAX_BYTES: String(maxBytes),
      CLAMAV_DATABASE_DIR: databaseDir,
      CLAMSCAN_PATH: clamscanPath,
      HOME_ASSISTANT_URL: ha.url,
      HOME_ASSISTANT_TOKEN: ha.token,
    },
  });
  const sql = postgres(stack.ownerUrl, { max: 2, onnotice: () => {} });
  let events: Awaited<ReturnType<typeof liveEvents>> | null = null;
  try {
    const owner = await signedInAs(stack, 'owner', 'bench-integrations');

    // Uploads.
    if (!existsSync(clamscanPath)) throw new Error(`${clamscanPath} is missing: install clamav`);
    const config = await owner.call('GET', '/api/files/config');
    if (config.json?.scanner !== 'clamscan')
      progress(`the files runner reports the scanner ${JSON.stringify(config.json?.scanner)}`);
    const uploads: {
      sizeMb: number;
      count: number;
      p50Ms: number;
      maxMs: number;
      medianMBps: number;
      clamscanAloneMs: number;
      scanShare: number;
    }[] = [];
    for (const sizeMb of sizesMb) {
      const data = printableText(Math.round(sizeMb * MiB));
      const wall: number[] = [];
      const alone: number[] = [];
      for (let i = 0; i < repeats; i++) {
        // Each upload's bytes differ (its first line), so no two are the same file.
        data.write(`bench upload ${sizeMb} MiB #${i} ${Date.now()}\n`, 0, 'latin1');
        const res = await postUpload(stack.url, owner, `bench-${sizeMb}mb-${i}.txt`, data);
        if (res.status !== 201)
          throw new Error(`a ${sizeMb} MiB upload answered ${res.status}: ${JSON.stringify(res.json)}`);
        if (res.json.status !== 'clean' || res.json.mediaType !== 'text/plain')
          throw new Error(`unexpected upload: ${JSON.stringify(res.json)}`);
        wall.push(res.ms);
        // The scan alone: the same bytes, the runner's clamscan arguments, the same database.
        const file = path.join(work, 'scan-alone.txt');
        await writeFile(file, data);
        const started = performance.now();
        const code = await run(
          clamscanPath,
          clamscanArgs({ clamscanPath, clamavDatabaseDir: databaseDir, maxFileBytes: maxBytes }, file),
        );
        alone.push(performance.now() - started);
        if (code !== 0) throw new Error(`clamscan alone exited ${code} on a clean file`);
        await rm(file, { force: true });
        progress(
          `${sizeMb} MiB upload #${i + 1}: ${round(res.ms)} ms (clamscan alone ${round(alone.at(-1)!)} ms)`,
        );
      }
      const t = timings(wall);
      uploads.push({
        sizeMb,
        count: t.count,
        p50Ms: t.p50Ms,
        maxMs: t.maxMs,
        medianMBps: round(sizeMb / (median(wall) / 1000), 1),
        clamscanAloneMs: round(median(alone)),
        scanShare: round(median(alone) / median(wall), 2),
      });
    }
    const eicar = await postUpload(stack.url, owner, 'invoice.txt', eicarBytes);
    if (eicar.status !== 422 || eicar.json?.upload?.status !== 'infected')
      throw new Error(`EICAR answered ${eicar.status}: ${JSON.stringify(eicar.json)}`);
    const eicarTo422Ms = round(eicar.ms);
    loadAverage.afterUploads = load1();

    // Home Assistant: toggles timed to their state event.
    await until(
      'Home Assistant connected',
      () => owner.call('GET', '/api/smarthome/connection-status'),
      (res) => res.json?.state === 'connected',
      60_000,
    );
    events = await liveEvents(`${stack.url}/api/smarthome/events`, owner.cookie!);
    const live = events;
    await until(
      'the first event on the stream',
      () => live.seen.length,
      (n) => n > 0,
      15_000,
      10,
    );
    // The API allows 120 changes a minute per user; the bench empties the window between its timed calls.
    const freshRateLimit = () => sql`delete from rate_limits`;
    const toggle = async () => {
      const next = ha.states.get(lamp)?.state === 'on' ? 'off' : 'on';
      const started = performance.now();
      const arrived = live.wait(`${lamp} ${next}`, isState(lamp, next));
      const res = await owner.call('POST', '/api/smarthome/services', {
        domain: 'light',
        service: 'toggle',
        entityId: lamp,
      });
      const answeredMs = performance.now() - started;
      if (res.status !== 200 || res.json?.status !== 'applied')
        throw new Error(`toggle answered ${res.status}: ${JSON.stringify(res.json)}`);
      return { eventMs: (await arrived).at - started, answeredMs };
    };
    progress(`${toggles} light toggles`);
    for (let i = 0; i < 3; i++) await toggle();
    const toEvent: number[] = [];
    const toAnswer: number[] = [];
    for (let i = 0; i < toggles; i++) {
      if (i % 50 === 0) await freshRateLimit();
      const t = await toggle();
      toEvent.push(t.eventMs);
      toAnswer.push(t.answeredMs);
    }
    const toggleTimings = timings(toEvent);

    progress(`outage: ${queuedCalls} calls queued while Home Assistant is away`);
    ha.setDown(true);
    ha.dropAll();
    await until(
      'Home Assistant offline',
      () => owner.call('GET', '/api/smarthome/connection-status'),
      (res) => res.json?.state === 'offline',
      30_000,
      20,
    );
    await freshRateLimit();
    for (let i = 0; i < queuedCalls; i++) {
      const res = await owner.call('POST', '/api/smarthome/services', {
        domain: 'light',
        service: 'toggle',
        entityId: lamp,
      });
      if (res.status !== 200 || res.json?.status !== 'queued')
        throw new Error(`a call while away answered ${res.status}: ${JSON.stringify(res.json)}`);
    }
    const away = (await owner.call('GET', '/api/smarthome/connection-status')).json;
    if (away.queued !== queuedCalls) throw new Error(`queued ${away.queued}, not ${queuedCalls}`);
    const appliedBefore = ha.calls.length;
    const reconnected = live.wait('connected again', isStatus('connected'), 120_000);
    const back = performance.now();
    ha.setDown(false);
    await until(
      'every queued call applied',
      () => ha.calls.length - appliedBefore,
      (n) => n >= queuedCalls,
      120_000,
      2,
    );
    const allAppliedMs = performance.now() - back;
    const reconnectMs = (await reconnected).at - back;
    const replay = {
      calls: queuedCalls,
      backToAllAppliedMs: round(allAppliedMs),
      waitingForReconnectMs: round(reconnectMs),
      connectedToAllAppliedMs: round(allAppliedMs - reconnectMs),
      reconnectAttemptsWhenBack: away.reconnectAttempts as number,
    };
    loadAverage.afterHomeAssistant = load1();

    // Automations: incident inserted → signed webhook received.
    await freshRateLimit();
    const hookPath = 'bench-incidents';
    const hook = await owner.call('POST', '/api/automations/hooks', {
      name: 'bench n8n',
      url: n8n.activate(hookPath),
      events: ['incident.opened'],
    });
    if (hook.status !== 201) throw new Error(`hook refused: ${JSON.stringify(hook.json)}`);
    const secret: string = hook.json.secret;
    let badSignatures = 0;
    const incident = async (i: number) => {
      const sent = Date.now();
      const [row] = await sql<{ id: string }[]>`
        insert into incidents (cause, last_message) values ('http_status', ${`bench ${i}`}) returning id`;
      const insertMs = Date.now() - sent;
      const request = await until(
        'the webhook call',
        () =>
          n8n.requests.find((r) => r.path === hookPath && r.rawBody.includes(row!.id) && r.status === 200),
        (r) => r !== undefined,
        30_000,
        5,
      );
      const signature = `sha256=${createHmac('sha256', secret).update(request!.rawBody).digest('hex')}`;
      if (request!.headers['x-homelabhub-signature'] !== signature) badSignatures++;
      return { ms: request!.at - sent, insertMs };
    };
    progress(`${incidents} incidents`);
    for (let i = 0; i < 2; i++) await incident(-1 - i);
    const toWebhook: number[] = [];
    const insertRoundTrip: number[] = [];
    for (let i = 0; i < incidents; i++) {
      const t = await incident(i);
      toWebhook.push(t.ms);
      insertRoundTrip.push(t.insertMs);
    }
    const automation = {
      ...timings(toWebhook, 0),
      insertP50Ms: timings(insertRoundTrip, 0).p50Ms,
      badSignatures,
    };
    loadAverage.afterAutomations = load1();

    return {
      uploads,
      eicarTo422Ms,
      haToggle: { ...toggleTimings, httpAnswer: timings(toAnswer) },
      haReplay: replay,
      automation,
      loadAverage,
      met: {
        haToggleP99: toggleTimings.p99Ms <= integrationTargets.haToggleP99Ms,
        automationP99: automation.p99Ms <= integrationTargets.automationP99Ms && badSignatures === 0,
      },
    };
  } finally {
    await events?.close().catch(() => {});
    await sql.end();
    await stack.stop();
    await Promise.all([ha.close(), n8n.close()]);
    await rm(work, { recursive: true, force: true });
  }
}

export type IntegrationsBenchResult = Awaited<ReturnType<typeof benchIntegrations>>;

export function printIntegrations(result: IntegrationsBenchResult) {
  const load = result.loadAverage;
  const rows: { measure: string; figure: string | number; target: string; verdict: string; load: string }[] =
    result.uploads.map((u) => ({
      measure: `upload ${u.sizeMb} MiB text ×${u.count}: p50 / max (ms), MiB/s`,
      figure: `${u.p50Ms} / ${u.maxMs}, ${u.medianMBps}`,
      target: '(informative)',
      verdict: `clamscan alone ${u.clamscanAloneMs} ms ≈ ${Math.round(u.scanShare * 100)}%`,
      load: '',
    }));
  if (rows[0]) rows[0].load = `${load.start} → ${load.afterUploads}`;
  rows.push(
    { measure: 'EICAR upload → 422 (ms)', figure: result.eicarTo422Ms, target: '', verdict: '', load: '' },
    {
      measure: `HA light toggle → state event p99, ${result.haToggle.count} toggles (ms)`,
      figure: result.haToggle.p99Ms,
      target: `≤ ${integrationTargets.haToggleP99Ms}`,
      verdict: result.met.haToggleP99 ? 'met' : 'MISSED',
      load: String(load.afterHomeAssistant),
    },
    {
      measure: 'HA toggle → state event p50 / max; HTTP answer p50 (ms)',
      figure: `${result.haToggle.p50Ms} / ${result.haToggle.maxMs}; ${result.haToggle.httpAnswer.p50Ms}`,
      target: '',
      verdict: '',
      load: '',
    },
    {
      measure: `HA back → ${result.haReplay.calls} queued calls applied (ms)`,
      figure: result.haReplay.backToAllAppliedMs,
      target: '',
      verdict: `${result.haReplay.waitingForReconnectMs} reconnect backoff + ${result.haReplay.connectedToAllAppliedMs} replay`,
      load: '',
    },
    {
      measure: `incident insert → signed webhook p99, ${result.automation.count} incidents (ms)`,
      figure: result.automation.p99Ms,
      target: `≤ ${integrationTargets.automationP99Ms}`,
      verdict: result.met.automationP99 ? 'met' : 'MISSED',
      load: String(load.afterAutomations),
    },
    {
      measure: 'incident → webhook p50 / max (ms); bad signatures',
      figure: `${result.automation.p50Ms} / ${result.automation.maxMs}; ${result.automation.badSignatures}`,
      target: '',
      verdict: '',
      load: '',
    },
  );
  console.table(rows);
}

if (runsAlone(import.meta)) {
  await withTestAdmin(async (adminUrl) => {
    const result = await benchIntegrations({
      adminUrl,
      uploadSizesMb: process.env.BENCH_UPLOAD_MB?.split(',').map(Number),
      uploadRepeats: envNumber('BENCH_UPLOAD_REPEATS'),
      toggles: envNumber('BENCH_HA_TOGGLES'),
      queuedCalls: envNumber('BENCH_HA_QUEUED'),
      incidents: envNumber('BENCH_INCIDENTS'),
    });
    saveResult('integrations', integrationTargets, result);
    printIntegrations(result);
  });
}
