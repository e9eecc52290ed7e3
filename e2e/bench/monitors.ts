/**
 * Monitor figures for `npm run bench`: 1,000 HTTP monitors at a 20 s interval (3,000 checks a
 * minute) run by a runners process with only the monitors runner, against a local HTTP server in
 * another process: checks per minute achieved and stored, scheduling lag, the runner's CPU and
 * memory, and the CPU PostgreSQL spent on it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createPool } from '@homelab/db/client/pool';
import { freePort } from '../support/ports';

const root = path.resolve(import.meta.dirname, '../..');

const clockTicks = 100;

/** utime + stime of each process named `postgres` on this host, in clock ticks, by pid. */
function postgresCpuTicks() {
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of /proc/<pid>/stat (11 and 12 after the name).
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks;
}

/**
 * CPU PostgreSQL spent between two readings: the growth of each process alive at the end (a new
 * one counts whole). Backends that ended in between, other clients' short sessions, are left out
 * rather than counted as negative.
 */
function postgresCpuSecondsSince(before: Map<number, number>) {
  let ticks = 0;
  for (const [pid, now] of postgresCpuTicks()) ticks += now - (before.get(pid) ?? 0);
  return ticks / clockTicks;
}

function processCpuSeconds(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

function processRssMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** A keep-alive HTTP server in its own process, so its work is not counted as the runner's. */
async function startTarget(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('node:http').createServer((q, r) => { r.writeHead(200, {'content-type': 'text/plain'}); r.end('ok'); });
       s.keepAliveTimeout = 60000;
       s.listen(0, '127.0.0.1', () => console.log(s.address().port));`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
  });
  return { url: `http://127.0.0.1:${port}/health`, child };
}

export type MonitorsBenchOptions = {
  databaseUrl: string;
  encryptionKey: string;
  monitors?: number;
  seconds?: number;
  concurrency?: number;
};

export async function benchMonitors(options: MonitorsBenchOptions) {
  const count = options.monitors ?? 1_000;
  const seconds = options.seconds ?? 70;
  const target = await startTarget();
  const pool = createPool(options.databaseUrl, { max: 10, applicationName: 'bench-monitors' });
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  try {
    await pool.sql`
      insert into monitors (name, type, config, interval_seconds, timeout_ms)
      select ${prefix} || '-' || i, 'http',
        jsonb_build_object('type', 'http', 'url', ${target.url}::text, 'method', 'GET', 'headers', '{}'::jsonb,
          'expectedStatus', jsonb_build_array('200-399'), 'invertKeyword', false, 'followRedirects', true,
          'maxRedirects', 10, 'ignoreTls', false),
        20, 10000
      from generate_series(1, ${count}) as i`;
    // The built runners process with only the monitors runner: its CPU and memory are its own.
    const runner = spawn(process.execPath, [path.join(root, 'runners/dist/main.js')], {
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        ENCRYPTION_KEY: options.encryptionKey,
        RUNNER_SECRET: 'bench-'.repeat(8),
        RUNNERS_PORT: String(await freePort()),
        RUNNERS_ENABLED: 'monitors',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    // Every monitor has run at least once before measuring.
    await new Promise((resolve) => setTimeout(resolve, 25_000));
    const startedAt = new Date();
    const cpuBefore = processCpuSeconds(runner.pid!);
    const postgresBefore = postgresCpuTicks();
    const wallBefore = performance.now();
    let rssMb = 0;
    const sampler = setInterval(() => {
      rssMb = Math.max(rssMb, processRssMb(runner.pid!));
    }, 1_000);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    clearInterval(sampler);
    const cpuSeconds = processCpuSeconds(runner.pid!) - cpuBefore;
    const wallSeconds = (performance.now() - wallBefore) / 1000;
    const endedAt = new Date();
    const postgresSeconds = postgresCpuSecondsSince(postgresBefore);
    // The heartbeat stores the runner's detail (scheduling lag, batches) every few seconds.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const [status] = await pool.sql<{ detail: Record<string, number> | null }[]>`
      select detail from runner_status where name = 'monitors'`;
    const detail = status?.detail ?? {};
    runner.kill('SIGTERM');
    const [stored] = await pool.sql<{ checks: number; up: number }[]>`
      select coalesce(sum(r.checks), 0)::int as checks, coalesce(sum(r.up_checks), 0)::int as up
      from monitor_results r join monitors m on m.id = r.monitor_id
      where m.name like ${`${prefix}-%`}
        and r.at >= ${startedAt.toISOString()} and r.at < ${endedAt.toISOString()}`;
    const round = (value: unknown, digits = 1) => (typeof value === 'number' ? +value.toFixed(digits) : null);
    return {
      monitors: count,
      intervalSeconds: 20,
      seconds: Math.round(wallSeconds),
      targetChecksPerMinute: (count * 60) / 20,
      checksPerMinute: Math.round((stored!.checks / wallSeconds) * 60),
      upRatio: stored!.checks ? round(stored!.up / stored!.checks, 4) : null,
      lagP50Ms: round(detail.lagP50Ms, 2),
      lagP99Ms: round(detail.lagP99Ms, 2),
      maxInFlight: detail.maxInFlight ?? null,
      runnerCpuPercent: round((cpuSeconds / wallSeconds) * 100),
      runnerRssMb: rssMb,
      postgresCpuSeconds: round(postgresSeconds, 2),
      postgresCpuPercent: round((postgresSeconds / wallSeconds) * 100),
      writeBatches: detail.batches ?? null,
    };
  } finally {
    await pool.sql`delete from monitors where name like ${`${prefix}-%`}`.catch(() => {});
    await pool.sql.end({ timeout: 5 });
    target.child.kill();
  }
}
