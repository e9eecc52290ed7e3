/**
 * What every part of `npm run bench` does alike: progress lines, rounding and percentiles of its
 * timings, and running alone (`npx tsx e2e/bench/<part>.ts`), which updates only that part's key
 * of results.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = path.resolve(import.meta.dirname, '../..');
const resultsFile = path.join(root, 'e2e', 'bench', 'results.json');

/** Logs a part's progress as `<part> bench: <message>`. */
export const benchProgress = (part: string) => (message: string) => console.log(`${part} bench: ${message}`);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const round = (n: number, digits = 1) => +n.toFixed(digits);

/** The machine's 1-minute load average: the figures are only as quiet as the machine was. */
export const load1 = () => round(loadavg()[0]!, 2);

/** The value at fraction `p` (0.5, 0.99) of the ascending `sorted`; undefined when it is empty. */
export const percentile = (sorted: ArrayLike<number>, p: number) =>
  sorted.length === 0 ? undefined : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** How many timings, their p50, p99 and max in ms, rounded to `digits`; `empty` stands in for none. */
export function timings(values: number[], digits = 1, empty = 0) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => round(percentile(sorted, p) ?? empty, digits);
  return {
    count: sorted.length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: round(sorted.at(-1) ?? empty, digits),
  };
}

/** Whether this module is the process's entry, i.e. the part runs alone. */
export const runsAlone = (meta: ImportMeta) =>
  Boolean(process.argv[1]) && meta.url === pathToFileURL(path.resolve(process.argv[1]!)).href;

/** Runs `measure` with a PostgreSQL admin URL for test databases, stopping the server it may start. */
export async function withTestAdmin<T>(measure: (adminUrl: string) => Promise<T>) {
  const { testAdminUrl } = await import('@homelab/infra/test/admin');
  const admin = await testAdminUrl();
  try {
    return await measure(admin.adminUrl);
  } finally {
    await admin.stop?.();
  }
}

/** A numeric setting from the environment that shrinks a part's run, or undefined for its default. */
export const envNumber = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

/** The container engine (Podman's service when nothing else answers) and the locally built test images. */
export async function benchEngine() {
  const { ensureEngine } = await import('@homelab/infra/test/engine');
  const { buildTestImages } = await import('@homelab/infra/test/images');
  const { default: Dockerode } = await import('dockerode');
  const dockerHost = await ensureEngine(path.join(root, '.data', 'bench'));
  process.env.DOCKER_HOST = dockerHost;
  const images = await buildTestImages(new Dockerode({ socketPath: dockerHost.replace(/^unix:\/\//, '') }));
  return { dockerHost, images };
}

/** Writes one part's figures under `key` of results.json, keeping the other parts' keys. */
export function saveResult(key: string, targets: object, result: object) {
  const previous = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  const part = { measuredAt: new Date().toISOString(), targets, ...result };
  writeFileSync(resultsFile, `${JSON.stringify({ ...previous, [key]: part }, null, 2)}\n`);
}
