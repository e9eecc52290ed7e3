/**
 * `npm run bench`: throughput and latency through workerd, idle memory of the stack, and the web
 * app's first-load JavaScript, measured on this machine. Results go to e2e/bench/results.json.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dropDatabase, provisionDatabase } from '@homelab/infra/database';
import { testAdminUrl, uniqueDatabaseName } from '@homelab/infra/test/admin';
import autocannon from 'autocannon';
import { webAppJs } from '../support/bundle-size';
import { client } from '../support/http';
import { artifacts, startTestStack } from '../support/stack';
import { benchChat, chatTargets, printChat } from './chat';
import { benchCommands, commandTargets, printCommands } from './commands';
import { benchDiscord, printDiscord } from './discord';
import { benchDocker } from './docker';
import { dockerRunnerAloneMb } from './docker-alone';
import { benchIntegrations, integrationTargets, printIntegrations } from './integrations';
import { benchJarvis, jarvisTargets, printJarvis } from './jarvis';
import { benchModeration, moderationTargets, printModeration } from './moderation';
import { benchModerationAi, moderationAiTargets, printModerationAi } from './moderation-ai';
import { benchMonitoringPage } from './monitoring-page';
import { benchMonitors } from './monitors';
import { benchOverlays, overlayTargets, printOverlays } from './overlays';
import { benchSelfhosting, printSelfhosting, selfhostingTargets } from './selfhosting';
import { benchEngine } from './shared';

const root = path.resolve(import.meta.dirname, '../..');
const duration = Number(process.env.BENCH_SECONDS ?? 15);

type Load = {
  title: string;
  url: string;
  rate: number;
  connections: number;
  headers?: Record<string, string>;
};

async function load({ title, url, rate, connections, headers }: Load) {
  // A short warm-up so isolates, JIT and PostgreSQL caches are hot.
  await autocannon({ url, connections, duration: 3, overallRate: rate, headers });
  const result = await autocannon({ url, connections, duration, overallRate: rate, headers });
  return {
    title,
    targetRate: rate,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function rssKb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

function descendants(pid: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  const rows = out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const kids = rows.filter(([, ppid]) => ppid === pid).map(([p]) => p);
  return kids.flatMap((k) => [k, ...descendants(k)]);
}

function postgresRssKb() {
  const out = execFileSync('ps', ['-C', 'postgres', '-o', 'rss='], { encoding: 'utf8' }).trim();
  return out ? out.split('\n').reduce((sum, line) => sum + Number(line.trim()), 0) : 0;
}

const { dockerHost, images } = await benchEngine();

const admin = await testAdminUrl();
const stack = await startTestStack({ adminUrl: admin.adminUrl, label: 'bench', direct: true });
try {
  const api = client(stack.url);
  await api.call('POST', '/api/auth/setup', { username: 'bench', password: 'benchmark password 1' });
  const key = await api.call('POST', '/api/api-keys', { name: 'bench', scope: 'read' });
  const auth = { authorization: `Bearer ${key.json.token}` };

  await new Promise((r) => setTimeout(r, 10_000));
  const runnersPid = stack.processes.runners.pid!;
  const functionsPid = stack.processes.functions.pid!;
  const memory = {
    functionsWorkerdMb: Math.round(rssKb(functionsPid) / 1024),
    runnersMb: Math.round([runnersPid, ...descendants(runnersPid)].reduce((s, p) => s + rssKb(p), 0) / 1024),
    dbpoolMb: Math.round(rssKb(stack.processes.dbpool.pid!) / 1024),
    postgresAllBackendsMb: Math.round(postgresRssKb() / 1024),
  };
  const stackMb = memory.functionsWorkerdMb + memory.runnersMb + memory.dbpoolMb;

  const health = await load({
    title: 'GET /api/health',
    url: `${stack.url}/api/health`,
    rate: 1000,
    connections: 20,
  });
  const read = await load({
    title: 'GET /api/api-keys (API key, database read)',
    url: `${stack.url}/api/api-keys`,
    rate: 300,
    connections: 10,
    headers: auth,
  });
  const docker = await benchDocker({
    baseUrl: stack.url,
    headers: auth,
    dockerHost,
    image: images.busybox,
    runnersPid,
    seconds: duration,
  });
  const dockerAlone = await dockerRunnerAloneMb({ databaseUrl: stack.appUrl, dockerHost });
  // A database of its own, so the stack's monitors runner does not check the bench monitors too.
  const monitorsDb = uniqueDatabaseName('bench-monitors');
  const monitorsUrls = await provisionDatabase(
    admin.adminUrl,
    monitorsDb,
    { owner: 'bench-owner', app: 'bench-app' },
    path.join(root, 'db/migrations'),
  );
  const monitoring = await benchMonitors({
    databaseUrl: monitorsUrls.appUrl,
    encryptionKey: randomBytes(32).toString('base64'),
  }).finally(() => dropDatabase(admin.adminUrl, monitorsDb));
  const monitoringPage = await benchMonitoringPage({
    url: stack.url,
    ownerUrl: stack.ownerUrl,
    cookie: api.cookie!,
  });
  // A stack of its own, wired to the fake Discord; this one sits idle meanwhile.
  const discord = await benchDiscord({ adminUrl: admin.adminUrl });
  // The chat runner in processes of their own, against the fake Twitch and a database of its own.
  const chat = await benchChat({ adminUrl: admin.adminUrl });
  // The chat features: the command pipeline in-process, and fake IRC → reply through a runners process.
  const commands = await benchCommands({ adminUrl: admin.adminUrl });
  const moderation = benchModeration();
  // AI moderation in-process against the fake OpenAI, on a database of its own.
  const moderationAi = await benchModerationAi({ adminUrl: admin.adminUrl });
  // A stack of its own, wired to the fake Twitch, with an overlay page in headless Chromium.
  const overlays = await benchOverlays({ adminUrl: admin.adminUrl });
  // Jarvis on a stack of its own against Podman and the fake OpenAI answering at once.
  const jarvis = await benchJarvis({ adminUrl: admin.adminUrl, dockerHost, image: images.busybox });
  // Uploads, the fake Home Assistant and the fake n8n on a stack of their own.
  const integrations = await benchIntegrations({ adminUrl: admin.adminUrl });
  // Backups, restore drills and deploys around a stack of their own; container updates on Podman.
  const selfhosting = await benchSelfhosting({ adminUrl: admin.adminUrl, dockerHost, image: images.busybox });
  const bundle = webAppJs(path.join(root, 'web', 'dist'));
  const results = {
    measuredAt: new Date().toISOString(),
    machine: { cores: (await import('node:os')).cpus().length, node: process.version },
    durationSeconds: duration,
    http: [health, read],
    idleMemory: { ...memory, stackMb },
    docker: { ...docker, dockerRunnerAlone: dockerAlone },
    monitoring: { ...monitoring, healthOverviewPage: monitoringPage },
    webJs: {
      entryGzipKb: +(bundle.entry.gzip / 1024).toFixed(1),
      heaviestRouteGzipKb: +((bundle.heaviestRoute?.gzip ?? 0) / 1024).toFixed(1),
      heaviestRoute: bundle.heaviestRoute?.page ?? null,
      everythingGzipKb: +(bundle.all.gzip / 1024).toFixed(1),
      entryFiles: bundle.entry.files,
    },
    discord,
    chat: { targets: chatTargets, ...chat },
    commands: { targets: commandTargets, ...commands },
    moderation: { targets: moderationTargets, ...moderation },
    moderationAi: { targets: moderationAiTargets, ...moderationAi },
    overlays: { targets: overlayTargets, ...overlays },
    jarvis: { targets: jarvisTargets, ...jarvis },
    integrations: { targets: integrationTargets, ...integrations },
    selfhosting: { targets: selfhostingTargets, ...selfhosting },
  };
  writeFileSync(path.join(root, 'e2e', 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.table(results.http);
  console.log('idle memory (MB):', results.idleMemory);
  console.log('docker:', JSON.stringify(results.docker, null, 2));
  console.log('monitoring:', JSON.stringify(results.monitoring, null, 2));
  console.log(
    'web JS (KB gzipped):',
    results.webJs.entryGzipKb,
    'entry;',
    results.webJs.heaviestRouteGzipKb,
    'heaviest page;',
    results.webJs.everythingGzipKb,
    'everything including on-demand chunks',
  );
  printDiscord(results.discord);
  printChat(results.chat);
  printCommands(results.commands);
  printModeration(results.moderation);
  printModerationAi(results.moderationAi);
  printOverlays(results.overlays);
  printJarvis(results.jarvis);
  printIntegrations(results.integrations);
  printSelfhosting(results.selfhosting);
  console.log(
    `logs: ${artifacts}/bench.log, ${artifacts}/bench-discord.log, ${artifacts}/bench-overlays.log, ${artifacts}/bench-integrations.log, ${artifacts}/bench-selfhosting.log`,
  );
} finally {
  await stack.stop();
  await admin.stop?.();
}
