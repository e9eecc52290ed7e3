/**
 * Self-hosting figures for `npm run bench`, around one stack of its own whose database is seeded
 * like a homelab that has run for months (~100k rows: the audit log, paused monitors' hourly
 * results, hourly system metrics):
 * - system backup: the backup engine the sysbackup runner calls (pg_dump in one snapshot with the
 *   table fingerprints, tar, sha256, optionally AES-GCM), as the owner role, into a local target,
 *   plain and encrypted; wall time, archive size and MB/s of the database's size. pg_dump alone on
 *   the same database is timed too, so the engine's own share shows.
 * - restore drill: each kind of archive restored into a throwaway database, every table compared
 *   with the manifest's fingerprints, then dropped; wall time.
 * - deploy from git: a real bare remote and checkout (the deploy tests' repository) and a stand-in
 *   `docker` first on PATH that answers compose at once and reports the services healthy. Each
 *   push changes functions and adds a migration, so the deploy builds, migrates, restarts and
 *   waits for health; timed from the signed GitHub webhook being sent to the deployment's
 *   `finishedAt`. What is measured is the product's own path (webhook, runner, git, steps, rows),
 *   not image builds, which depend on the project.
 * - container update rolled back: the docker runner's updater against Podman on a container with
 *   a volume of data; the "registry" serves an image whose HEALTHCHECK fails (interval 1 s, one
 *   retry), so the update pulls, stops, snapshots the volume, recreates, sees it unhealthy and puts
 *   the old container back; timed from the request to the finished row, with production's
 *   health polling. On Podman without systemd (this container) the updater runs the healthcheck
 *   itself at its interval, as it does in production there.
 *
 * The machine's 1-minute load average is taken at the start and after each section.
 *
 * `npx tsx e2e/bench/selfhosting.ts` runs this part alone and updates the "selfhosting" key of
 * results.json; BENCH_SELFHOSTING_ROWS, BENCH_BACKUP_REPEATS, BENCH_DRILLS, BENCH_DEPLOYS,
 * BENCH_UPDATES and BENCH_UPDATE_VOLUME_MB make it smaller.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ContainerUpdate } from '@homelab/db/docker-updates';
import Dockerode from 'dockerode';
import postgres, { type Sql } from 'postgres';
import { createTestRepo } from '../../runners/src/deploy/test-repo';
import { createEngine, dockerOptions } from '../../runners/src/docker/engine';
import { createUpdater } from '../../runners/src/docker/updates/executor';
import { snapshotLabels } from '../../runners/src/docker/updates/plan';
import { buildTestImage, tagAsPulled } from '../../runners/src/docker/updates/test-image';
import { createLogger } from '../../runners/src/log';
import { serverMajor } from '../../runners/src/sysbackup/backup';
import { openStable } from '../../runners/src/sysbackup/fingerprint';
import { createBackup, localTarget, runRestoreDrill } from '../../runners/src/sysbackup/index';
import { findPgProgram, libpqEnv, runProgram } from '../../runners/src/sysbackup/pgtools';
import { liveInventory } from '../../runners/src/testing/docker-routes';
import { startTestStack } from '../support/stack';
import { until } from '../support/until';
import { signedInAs } from '../support/users';
import {
  benchEngine,
  benchProgress,
  envNumber,
  load1,
  round,
  runsAlone,
  saveResult,
  timings,
  withTestAdmin,
} from './shared';

/** Backup MB/s is informative (it depends on the disk); the drill, deploy and rollback are targets. */
export const selfhostingTargets = {
  backupMBps: 20,
  drillMs: 60_000,
  deployP50Ms: 5_000,
  updateRollbackMs: 60_000,
};

const progress = benchProgress('selfhosting');
const MB = 1024 * 1024;
const webhookSecret = 'bench-deploy-secret-0123456789abcdef';
const quiet = createLogger({ level: 'error' });

export type SelfhostingBenchOptions = {
  adminUrl: string;
  /** DOCKER_HOST of the engine the container updates run on. */
  dockerHost: string;
  /** A busybox image the engine has. */
  image: string;
  /** Rows seeded into the stack's database; 100,000 by default. */
  rows?: number;
  /** Backups of each kind (plain, encrypted); 3 by default. */
  backupRepeats?: number;
  /** Drills of each kind of archive; 2 by default. */
  drills?: number;
  /** Timed deploys (after one untimed); 5 by default. */
  deploys?: number;
  /** Updates rolled back; 3 by default. */
  updates?: number;
  /** Data in the updated container's volume, in MiB; 50 by default. */
  updateVolumeMb?: number;
};

/** Fills the stack's database as months of use would, as the owner; answers its size in bytes. */
async function seed(sql: Sql, rows: number) {
  const audit = Math.round(rows * 0.5);
  const metrics = Math.min(8_000, Math.round(rows * 0.08));
  const results = rows - audit - metrics;
  const monitors = 20;
  // Paused, so the monitors runner does not check them; hourly rows within a year, which retention keeps.
  await sql`
    insert into monitors (name, type, config, paused, tags)
    select 'bench service ' || g, 'http', jsonb_build_object('url', 'https://service-' || g || '.example.com/health'),
      true, array['bench']
    from generate_series(1, ${monitors}) g`;
  await sql`
    insert into monitor_results (monitor_id, resolution, at, checks, up_checks, latency_avg_ms, latency_max_ms, message)
    select m.id, 'hour', date_trunc('hour', now()) - (h * interval '1 hour'), 60, 60 - (h % 7 = 0)::int,
      20 + random() * 80, 100 + random() * 400, 'HTTP 200 in ' || (random() * 300)::int || ' ms'
    from (select id, row_number() over (order by id) as n from monitors where 'bench' = any(tags)) m,
      generate_series(1, ${Math.ceil(results / monitors)}) h
    where (m.n - 1) * ${Math.ceil(results / monitors)} + h <= ${results}`;
  await sql`
    insert into audit_log (at, actor_kind, actor_id, actor_label, action, target, ip, user_agent, request_id, outcome, status, detail)
    select now() - (g * interval '30 seconds'), 'user', 'u-' || (g % 5), 'owner ' || (g % 5),
      (array['containers.restart', 'monitors.update', 'settings.update', 'files.upload', 'jarvis.approve'])[1 + g % 5],
      'target-' || (g % 997), '192.168.1.' || (g % 250), 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
      md5(g::text), 'success', '200',
      jsonb_build_object('path', '/api/things/' || g, 'changes', jsonb_build_object(
        'before', (select string_agg(md5(random()::text || g || i), ' ') from generate_series(1, 8) i),
        'after', (select string_agg(md5(random()::text || g || i), ' ') from generate_series(1, 8) i)),
        'note', 'changed from the web app by the owner after the nightly check')
    from generate_series(1, ${audit}) g`;
  await sql`
    insert into system_metrics (resolution, at, samples, cpu_percent, load1, mem_percent, swap_percent, disk_percent,
      net_rx_bps, net_tx_bps, disk_read_bps, disk_write_bps, temp_max_c, detail)
    select 'hour', date_trunc('hour', now()) - (g * interval '1 hour'), 60, random() * 100, random() * 4,
      30 + random() * 50, random() * 5, 40 + random() * 10, random() * 1e6, random() * 1e6, random() * 5e6,
      random() * 5e6, 40 + random() * 30,
      jsonb_build_object('cores', (select jsonb_agg(random() * 100) from generate_series(1, 8)),
        'disks', jsonb_build_array(jsonb_build_object('mount', '/', 'percent', random() * 100)))
    from generate_series(1, ${metrics}) g
    on conflict do nothing`;
  await sql`analyze`;
  const [size] = await sql<{ bytes: string }[]>`select pg_database_size(current_database())::text as bytes`;
  return Number(size!.bytes);
}

/** pg_dump -Fc alone into `file`: what the backup engine adds shows against it. */
async function pgDumpAlone(url: string, file: string) {
  const sql = openStable(url);
  const major = await serverMajor(sql).finally(() => sql.end({ timeout: 5 }));
  const pgDump = await findPgProgram('pg_dump', major.major);
  const { env } = libpqEnv(url);
  const started = performance.now();
  await runProgram(pgDump, ['--format=custom', '--no-password'], { env, stdoutFile: file });
  const ms = performance.now() - started;
  await rm(file, { force: true });
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

type Api = Awaited<ReturnType<typeof signedInAs>>;
type Deployment = {
  id: string;
  toCommit: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
};

/** One push deployed through the signed webhook; times from the webhook being sent. */
async function deployOnce(url: string, owner: Api, repo: ReturnType<typeof createTestRepo>, i: number) {
  const to = repo.commit(
    {
      'functions/src/app.ts': `v${i + 2}`,
      [`db/migrations/9${String(i).padStart(3, '0')}_bench.sql`]: `select ${i};\n`,
    },
    `bench deploy ${i}`,
  );
  repo.push();
  const raw = JSON.stringify({ ref: 'refs/heads/main', after: to, pusher: { name: 'bench' }, commits: [] });
  const sent = Date.now();
  const res = await fetch(`${url}/webhooks/deploy`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-hub-signature-256': `sha256=${createHmac('sha256', webhookSecret).update(raw).digest('hex')}`,
    },
    body: raw,
  });
  if (res.status !== 202) throw new Error(`the webhook answered ${res.status}: ${await res.text()}`);
  const list = await until(
    `the deploy of ${to.slice(0, 7)}`,
    () => owner.call('GET', '/api/deploy/deployments'),
    (r) => r.json.deployments?.some((d: Deployment) => d.toCommit === to && d.finishedAt),
    60_000,
    20,
  );
  const deploy = (list.json.deployments as Deployment[]).find((d) => d.toCommit === to)!;
  if (deploy.status !== 'succeeded' || repo.head() !== to)
    throw new Error(`the deploy of ${to.slice(0, 7)} ended ${deploy.status} at ${repo.head().slice(0, 7)}`);
  const started = Date.parse(deploy.startedAt);
  const finished = Date.parse(deploy.finishedAt!);
  return { webhookToFinishedMs: finished - sent, webhookToRowMs: started - sent, runMs: finished - started };
}

type UpdateRuns = { runs: number; volumeMb: number };

/** The updater on the engine, rolling back an update whose new image reports unhealthy, `runs` times. */
async function updatesRolledBack(options: SelfhostingBenchOptions, sql: Sql, { runs, volumeMb }: UpdateRuns) {
  const engine = createEngine({ host: options.dockerHost, log: quiet });
  const state = await engine.waitConnected(10_000);
  if (state.status !== 'connected') throw new Error(`the engine is unreachable: ${JSON.stringify(state)}`);
  const inventory = await liveInventory(engine);
  const docker = engine.docker;
  const suffix = randomBytes(4).toString('hex');
  const repository = `fake.example/hle-bench-${suffix}/app`;
  const labels = { 'dev.homelab.test': 'true' };
  const containers: string[] = [];
  const volumes: string[] = [];
  let published = '';
  try {
    published = await buildTestImage(docker, {
      from: options.image,
      tag: `localhost/hle-bench-upd-${suffix}:2`,
      lines: ['ENV MIGRATE=1', 'HEALTHCHECK --interval=1s --retries=1 CMD false'],
    });
    const updater = createUpdater(
      { engine, inventory, log: quiet, sql },
      { helperImage: options.image, fetchImage: tagAsPulled(() => published) },
    );
    const wall: number[] = [];
    const steps: Record<string, number[]> = {};
    for (let i = 0; i < runs; i++) {
      // The tag is the old image again; the last update's "pull" moved it.
      await docker.getImage(options.image).tag({ repo: repository, tag: 'stable' });
      const name = `hle-bench-upd-${suffix}-${i}`;
      const volume = `${name}-data`;
      volumes.push(volume);
      containers.push(name);
      await docker.createVolume({ Name: volume, Labels: labels });
      const filler = await docker.createContainer({
        Image: options.image,
        Cmd: ['sh', '-c', `dd if=/dev/urandom of=/data/blob bs=1M count=${volumeMb} 2>/dev/null`],
        Labels: labels,
        HostConfig: { NetworkMode: 'none', Mounts: [{ Type: 'volume', Source: volume, Target: '/data' }] },
      });
      await filler.start();
      await filler.wait();
      await filler.remove({ force: true });
      const app = await docker.createContainer({
        name,
        Image: `${repository}:stable`,
        Cmd: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'],
        Labels: labels,
        HostConfig: { NetworkMode: 'none', Mounts: [{ Type: 'volume', Source: volume, Target: '/data' }] },
      });
      await app.start();
      const before = await app.inspect();

      const started = performance.now();
      const { update, done } = await updater.start(name, 'bench');
      const finished: ContainerUpdate = await done;
      wall.push(performance.now() - started);
      const after = await docker.getContainer(name).inspect();
      if (finished.status !== 'rolled_back' || after.Image !== before.Image || !after.State.Running)
        throw new Error(`the update ended ${finished.status}: ${finished.error}`);
      // Each step's entry is stamped when it ends; a step's time is from the previous stamp.
      let previous = Date.parse(update.startedAt);
      for (const entry of finished.progress) {
        const at = Date.parse(entry.at);
        const step = `${entry.step}:${entry.status}`;
        steps[step] = [...(steps[step] ?? []), at - previous];
        previous = at;
      }
      progress(`update #${i + 1} rolled back in ${round(wall.at(-1)!)} ms: ${finished.error}`);
    }
    return {
      volumeMb,
      healthcheck: 'interval 1 s, 1 retry',
      ...timings(wall, 0),
      stepsP50Ms: Object.fromEntries(Object.entries(steps).map(([step, ms]) => [step, round(median(ms), 0)])),
    };
  } finally {
    for (const name of containers)
      await docker
        .getContainer(name)
        .remove({ force: true })
        .catch(() => {});
    const { Volumes } = await docker.listVolumes({ filters: { label: [snapshotLabels.of] } });
    const snapshots = (Volumes ?? []).map((v) => v.Name).filter((n) => volumes.some((v) => n.startsWith(v)));
    for (const volume of [...volumes, ...snapshots])
      await docker
        .getVolume(volume)
        .remove()
        .catch(() => {});
    await docker
      .getImage(`${repository}:stable`)
      .remove()
      .catch(() => {});
    if (published)
      await docker
        .getImage(published)
        .remove({ force: true })
        .catch(() => {});
    inventory.close();
    engine.close();
  }
}

export async function benchSelfhosting(options: SelfhostingBenchOptions) {
  const rows = options.rows ?? 100_000;
  const backupRepeats = options.backupRepeats ?? 3;
  const drills = options.drills ?? 2;
  const deploys = options.deploys ?? 5;
  const updates = options.updates ?? 3;
  const updateVolumeMb = options.updateVolumeMb ?? 50;
  const loadAverage: Record<string, number> = { start: load1() };

  const work = await mkdtemp(path.join(tmpdir(), 'bench-selfhosting-'));
  const repo = createTestRepo();
  // The runner calls `docker compose -f <file> <args>`; the repository's stand-in takes the <args>.
  const bin = path.join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(
    path.join(bin, 'docker'),
    `#!/bin/sh\nshift 3\nexec ${repo.compose.map((part) => `'${part}'`).join(' ')} "$@"\n`,
  );
  chmodSync(path.join(bin, 'docker'), 0o755);
  const stack = await startTestStack({
    adminUrl: options.adminUrl,
    label: 'bench-selfhosting',
    direct: true,
    env: {
      DEPLOY_REPO_DIR: repo.checkout,
      DEPLOY_POLL_SECONDS: '0',
      DEPLOY_WEBHOOK_SECRET: webhookSecret,
      PATH: `${bin}:${process.env.PATH}`,
    },
  });
  const ownerSql = postgres(stack.ownerUrl, { max: 1, onnotice: () => {} });
  const appSql = postgres(stack.appUrl, { max: 2, onnotice: () => {} });
  try {
    const owner = await signedInAs(stack, 'owner', 'bench-selfhosting');

    // Backups of the seeded database, plain and encrypted.
    progress(`seeding ${rows} rows`);
    const seedStarted = performance.now();
    const databaseBytes = await seed(ownerSql, rows);
    const databaseMb = round(databaseBytes / MB, 1);
    progress(`seeded in ${round(performance.now() - seedStarted, 0)} ms: the database is ${databaseMb} MB`);
    const key = randomBytes(32).toString('base64');
    const dumpAlone: number[] = [];
    for (let i = 0; i < backupRepeats; i++)
      dumpAlone.push(await pgDumpAlone(stack.ownerUrl, path.join(work, 'alone.dump')));
    const backups = [];
    const archives: { kind: string; file: string; key?: string }[] = [];
    for (const encrypted of [false, true]) {
      const kind = encrypted ? 'encrypted' : 'plain';
      const wall: number[] = [];
      let last: Awaited<ReturnType<typeof createBackup>> | null = null;
      const dir = path.join(work, kind);
      for (let i = 0; i < backupRepeats; i++) {
        // The previous archive goes, so each run writes into the same, empty folder.
        await rm(dir, { recursive: true, force: true });
        const started = performance.now();
        last = await createBackup({
          databaseUrl: stack.ownerUrl,
          target: localTarget(dir),
          encryptionKey: encrypted ? key : undefined,
          dir,
        });
        wall.push(performance.now() - started);
        if (last.copies[0]?.error)
          throw new Error(`the ${kind} backup was not stored: ${last.copies[0].error}`);
        progress(
          `${kind} backup #${i + 1}: ${round(wall.at(-1)!, 0)} ms, ${round(last.sizeBytes / MB, 1)} MB`,
        );
      }
      const file = path.join(dir, last!.name);
      if ((await stat(file)).size !== last!.sizeBytes) throw new Error(`the ${kind} archive's size differs`);
      archives.push({ kind, file, key: encrypted ? key : undefined });
      const t = timings(wall, 0);
      backups.push({
        kind,
        ...t,
        archiveMb: round(last!.sizeBytes / MB, 1),
        tables: last!.manifest.database.tables.length,
        rows: last!.manifest.database.tables.reduce((sum, table) => sum + table.rows, 0),
        medianMBps: round(databaseBytes / MB / (median(wall) / 1000), 1),
      });
    }
    loadAverage.afterBackups = load1();

    // Restore drills of the last archive of each kind.
    const drillResults = [];
    for (const archive of archives) {
      const wall: number[] = [];
      let checked = { tables: 0, rows: 0, hashed: 0 };
      for (let i = 0; i < drills; i++) {
        const started = performance.now();
        const result = await runRestoreDrill({
          file: archive.file,
          encryptionKey: archive.key,
          adminUrl: options.adminUrl,
          scratch: path.join(work, 'drills'),
        });
        wall.push(performance.now() - started);
        if (result.status !== 'passed') throw new Error(`the ${archive.kind} drill failed: ${result.error}`);
        checked = { tables: result.tablesChecked, rows: result.rowsChecked, hashed: result.tablesHashed };
        progress(
          `${archive.kind} drill #${i + 1}: ${round(wall.at(-1)!, 0)} ms, ${checked.rows} rows checked`,
        );
      }
      drillResults.push({ kind: archive.kind, ...timings(wall, 0), ...checked });
    }
    loadAverage.afterDrills = load1();

    // Deploys from git through the signed webhook.
    progress(`${deploys} deploys (after one untimed)`);
    await deployOnce(stack.url, owner, repo, 0);
    const deployRuns = [];
    let steps: string[] = [];
    for (let i = 1; i <= deploys; i++) {
      const before = repo.composeCalls().length;
      deployRuns.push(await deployOnce(stack.url, owner, repo, i));
      steps = repo.composeCalls().slice(before);
    }
    const deploy = {
      ...timings(
        deployRuns.map((r) => r.webhookToFinishedMs),
        0,
      ),
      webhookToRowP50Ms: timings(
        deployRuns.map((r) => r.webhookToRowMs),
        0,
      ).p50Ms,
      runP50Ms: timings(
        deployRuns.map((r) => r.runMs),
        0,
      ).p50Ms,
      /** The compose calls of the last deploy. */
      steps,
    };
    loadAverage.afterDeploys = load1();

    // Container updates rolled back on a failing health check.
    progress(`${updates} container updates with a failing health check`);
    const podman = /podman/i.test(
      JSON.stringify((await new Dockerode(dockerOptions(options.dockerHost)).version()).Components ?? []),
    );
    const update = await updatesRolledBack(options, appSql, { runs: updates, volumeMb: updateVolumeMb });
    loadAverage.afterUpdates = load1();

    const drillMax = Math.max(...drillResults.map((d) => d.maxMs));
    return {
      database: { rows, sizeMb: databaseMb },
      pgDumpAloneP50Ms: round(median(dumpAlone), 0),
      backups,
      drills: drillResults,
      deploy,
      engine: podman ? 'podman' : 'docker',
      updateRollback: update,
      loadAverage,
      met: {
        backupThroughput: backups.every((b) => b.medianMBps >= selfhostingTargets.backupMBps),
        drill: drillMax <= selfhostingTargets.drillMs,
        deployP50: deploy.p50Ms <= selfhostingTargets.deployP50Ms,
        updateRollback: update.maxMs <= selfhostingTargets.updateRollbackMs,
      },
    };
  } finally {
    await Promise.all([ownerSql.end(), appSql.end()]);
    await stack.stop();
    repo.remove();
    await rm(work, { recursive: true, force: true });
  }
}

export type SelfhostingBenchResult = Awaited<ReturnType<typeof benchSelfhosting>>;

export function printSelfhosting(result: SelfhostingBenchResult) {
  const load = result.loadAverage;
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const rows: { measure: string; figure: string | number; target: string; verdict: string; load: string }[] =
    result.backups.map((b) => ({
      measure: `${b.kind} backup of ${result.database.sizeMb} MB (${b.rows} rows) ×${b.count}: p50 / max (ms), MB/s`,
      figure: `${b.p50Ms} / ${b.maxMs}, ${b.medianMBps}`,
      target: `≥ ${selfhostingTargets.backupMBps} MB/s (informative)`,
      verdict: `${b.archiveMb} MB archive`,
      load: '',
    }));
  if (rows[0]) rows[0].load = `${load.start} → ${load.afterBackups}`;
  rows.push({
    measure: 'pg_dump -Fc alone p50 (ms)',
    figure: result.pgDumpAloneP50Ms,
    target: '',
    verdict: '',
    load: '',
  });
  for (const d of result.drills)
    rows.push({
      measure: `restore drill of the ${d.kind} archive ×${d.count}: p50 / max (ms)`,
      figure: `${d.p50Ms} / ${d.maxMs}`,
      target: `≤ ${selfhostingTargets.drillMs}`,
      verdict: `${verdict(d.maxMs <= selfhostingTargets.drillMs)}; ${d.tables} tables, ${d.rows} rows`,
      load: d === result.drills[0] ? String(load.afterDrills) : '',
    });
  rows.push(
    {
      measure: `signed webhook → deploy finished ×${result.deploy.count}: p50 / max (ms)`,
      figure: `${result.deploy.p50Ms} / ${result.deploy.maxMs}`,
      target: `p50 ≤ ${selfhostingTargets.deployP50Ms}`,
      verdict: verdict(result.met.deployP50),
      load: String(load.afterDeploys),
    },
    {
      measure: 'deploy: webhook → row p50; row → finished p50 (ms)',
      figure: `${result.deploy.webhookToRowP50Ms}; ${result.deploy.runP50Ms}`,
      target: '',
      verdict: result.deploy.steps.join(' | '),
      load: '',
    },
    {
      measure: `update → rolled back (failing health check, ${result.updateRollback.volumeMb} MiB volume) ×${result.updateRollback.count}: p50 / max (ms)`,
      figure: `${result.updateRollback.p50Ms} / ${result.updateRollback.maxMs}`,
      target: `≤ ${selfhostingTargets.updateRollbackMs}`,
      verdict: verdict(result.met.updateRollback),
      load: String(load.afterUpdates),
    },
    {
      measure: 'update steps p50 (ms)',
      figure: Object.entries(result.updateRollback.stepsP50Ms)
        .map(([step, ms]) => `${step.split(':')[0]} ${ms}`)
        .join(', '),
      target: '',
      verdict: '',
      load: '',
    },
  );
  console.table(rows);
}

if (runsAlone(import.meta)) {
  const { dockerHost, images } = await benchEngine();
  await withTestAdmin(async (adminUrl) => {
    const result = await benchSelfhosting({
      adminUrl,
      dockerHost,
      image: images.busybox,
      rows: envNumber('BENCH_SELFHOSTING_ROWS'),
      backupRepeats: envNumber('BENCH_BACKUP_REPEATS'),
      drills: envNumber('BENCH_DRILLS'),
      deploys: envNumber('BENCH_DEPLOYS'),
      updates: envNumber('BENCH_UPDATES'),
      updateVolumeMb: envNumber('BENCH_UPDATE_VOLUME_MB'),
    });
    saveResult('selfhosting', selfhostingTargets, result);
    printSelfhosting(result);
  });
}
