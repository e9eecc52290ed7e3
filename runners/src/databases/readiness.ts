/**
 * Waits until a started database answers its own login. The engine's health status is taken when
 * it says healthy, but not waited for: Podman without systemd runs no healthcheck timers, so its
 * health can stay "starting" forever; running the readiness command with exec works everywhere.
 */
import type Dockerode from 'dockerode';
import { errorText } from './deps';
import { demuxer, execIn, succeeded } from './exec';
import type { ExecCommand } from './templates';

export type ReadinessOptions = {
  timeoutMs: number;
  everyMs: number;
  signal?: AbortSignal;
};

/** The container's last log lines, for a failure message that says why the server would not start. */
export async function lastLogLines(docker: Dockerode, containerName: string, lines = 8): Promise<string> {
  try {
    const raw = (await docker
      .getContainer(containerName)
      .logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    const chunks: Buffer[] = [];
    const demux = demuxer((chunk) => chunks.push(chunk));
    demux.on('data', (chunk: Buffer) => chunks.push(chunk));
    demux.end(raw);
    await new Promise((resolve) => demux.once('end', resolve));
    return Buffer.concat(chunks).toString('utf8').trim().split('\n').slice(-lines).join(' | ').slice(0, 800);
  } catch {
    return '';
  }
}

export async function waitReady(
  docker: Dockerode,
  containerName: string,
  readiness: ExecCommand,
  options: ReadinessOptions,
): Promise<'healthy' | 'ready'> {
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    options.signal?.throwIfAborted();
    const info = await docker.getContainer(containerName).inspect();
    const state = info.State;
    // A server that exits during start (bad settings, no memory) will not become ready: say why now.
    if (!state.Running || state.Restarting) {
      if (state.Status === 'exited' || state.Status === 'dead' || state.Restarting) {
        const logs = await lastLogLines(docker, containerName);
        throw new Error(
          `the container stopped with exit code ${state.ExitCode}${state.OOMKilled ? ' (out of memory)' : ''}${logs ? `; its last log lines: ${logs}` : ''}`,
        );
      }
    } else {
      if (state.Health?.Status === 'healthy') return 'healthy';
      try {
        const result = await execIn(docker, containerName, readiness, {
          timeoutMs: 10_000,
          signal: options.signal,
        });
        if (succeeded(readiness, result)) return 'ready';
        lastProblem =
          (result.stderr || result.stdout).trim().split('\n').pop() || `exit code ${result.exitCode}`;
      } catch (error) {
        options.signal?.throwIfAborted();
        lastProblem = errorText(error);
      }
    }
    if (Date.now() + options.everyMs > deadline)
      throw new Error(
        `it did not accept connections within ${Math.round(options.timeoutMs / 1000)} s (last answer: ${lastProblem})`,
      );
    await new Promise((resolve) => setTimeout(resolve, options.everyMs));
  }
}
