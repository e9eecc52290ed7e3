/**
 * Docker figures for `npm run bench`: listing 200 containers through the whole stack, and the
 * runners' CPU and memory while 5 clients stream stats of 50 running containers.
 */
import { readFileSync } from 'node:fs';
import Dockerode from 'dockerode';

const clockTicks = 100;

function cpuSeconds(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat (11 and 12 after the command name).
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

function rssMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export type DockerBenchOptions = {
  baseUrl: string;
  headers: Record<string, string>;
  dockerHost: string;
  image: string;
  runnersPid: number;
  seconds: number;
};

export async function benchDocker(options: DockerBenchOptions) {
  const docker = new Dockerode({ socketPath: options.dockerHost.replace(/^unix:\/\//, '') });
  const label = 'dev.homelab.bench=true';
  const created: string[] = [];
  try {
    // 200 containers, 50 of them running: what a well-used homelab host carries.
    for (let i = 0; i < 200; i += 1) {
      const container = await docker.createContainer({
        name: `hlb-${String(i).padStart(3, '0')}`,
        Image: options.image,
        Cmd: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'],
        Labels: { 'dev.homelab.bench': 'true', 'com.docker.compose.project': `bench-${i % 20}` },
        HostConfig: { NetworkMode: 'none' },
      });
      created.push(container.id);
      if (i < 50) await container.start();
    }
    const list = async () => {
      const res = await fetch(`${options.baseUrl}/api/docker/containers`, { headers: options.headers });
      const body = (await res.json()) as { containers: unknown[] };
      return body.containers.length;
    };
    // The inventory follows engine events; wait until it holds all 200.
    for (let i = 0; i < 120 && (await list()) < 200; i += 1) await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < 20; i += 1) await list();
    const times: number[] = [];
    for (let i = 0; i < 300; i += 1) {
      const started = performance.now();
      const count = await list();
      times.push(performance.now() - started);
      if (count < 200) throw new Error(`listed ${count} containers, expected 200`);
    }
    times.sort((a, b) => a - b);
    const listing = {
      containers: 200,
      requests: times.length,
      p50Ms: +percentile(times, 50).toFixed(1),
      p95Ms: +percentile(times, 95).toFixed(1),
      p99Ms: +percentile(times, 99).toFixed(1),
    };

    await new Promise((r) => setTimeout(r, 5_000));
    const idleRunnersMb = rssMb(options.runnersPid);
    const idleCpuStart = cpuSeconds(options.runnersPid);
    await new Promise((r) => setTimeout(r, options.seconds * 1000));
    const idleCpuPercent = ((cpuSeconds(options.runnersPid) - idleCpuStart) / options.seconds) * 100;

    // Five browsers watching the all-containers stats stream.
    const controllers = Array.from({ length: 5 }, () => new AbortController());
    let batches = 0;
    const readers = controllers.map(async (controller) => {
      const res = await fetch(`${options.baseUrl}/api/docker/stats`, {
        headers: options.headers,
        signal: controller.signal,
      });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          batches += decoder.decode(value, { stream: true }).split('event: stats').length - 1;
        }
      } catch {
        // aborted at the end of the measurement
      }
    });
    // Collectors start and the first deltas arrive before measuring.
    await new Promise((r) => setTimeout(r, 5_000));
    const batchesBefore = batches;
    const cpuStart = cpuSeconds(options.runnersPid);
    let peakMb = 0;
    const sampler = setInterval(() => {
      peakMb = Math.max(peakMb, rssMb(options.runnersPid));
    }, 500);
    await new Promise((r) => setTimeout(r, options.seconds * 1000));
    clearInterval(sampler);
    const streamingCpuPercent = ((cpuSeconds(options.runnersPid) - cpuStart) / options.seconds) * 100;
    const batchesPerSecond = (batches - batchesBefore) / options.seconds;
    for (const controller of controllers) controller.abort();
    await Promise.allSettled(readers);

    return {
      listing,
      statsStreaming: {
        runningContainers: 50,
        clients: 5,
        seconds: options.seconds,
        batchesPerSecondAllClients: +batchesPerSecond.toFixed(1),
        runnersCpuPercentOfOneCore: +streamingCpuPercent.toFixed(1),
        runnersIdleCpuPercentOfOneCore: +idleCpuPercent.toFixed(1),
      },
      runnersMemory: { idleMb: idleRunnersMb, streamingPeakMb: peakMb },
    };
  } finally {
    const all = await docker.listContainers({ all: true, filters: { label: [label] } });
    await Promise.all(
      all.map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => {}),
      ),
    );
  }
}
