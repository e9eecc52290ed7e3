/**
 * Runs one step of a deploy (git or compose) as a child process: no shell, a deadline, and its
 * output, stdout and stderr interleaved, handed to the deploy log as it arrives.
 */
import { spawn } from 'node:child_process';

export class StepError extends Error {
  override name = 'StepError';
}

export type RunOptions = {
  cwd: string;
  timeoutMs: number;
  /** Each chunk of output, as it arrives. */
  onOutput?: (text: string) => void;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
};

/** Resolves with stdout when the command exits 0; rejects with the command and its last output otherwise. */
export function runCommand(argv: readonly string[], options: RunOptions): Promise<string> {
  const [file, ...args] = argv;
  if (!file) return Promise.reject(new StepError('An empty command was given.'));
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: {
        ...process.env,
        ...options.env,
        // Never wait for a password; and trust the checkout although the host's user owns it, not ours.
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'safe.directory',
        GIT_CONFIG_VALUE_0: options.cwd,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
    });
    let stdout = '';
    let tail = '';
    const keep = (text: string) => {
      tail = (tail + text).slice(-2_000);
      options.onOutput?.(text);
    };
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      keep(text);
    });
    child.stderr.setEncoding('utf8').on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    const shown = argv.join(' ');
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new StepError(`${shown} could not run: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(stdout);
      const why =
        signal === 'SIGKILL'
          ? `timed out after ${Math.round(options.timeoutMs / 1000)} s`
          : `exited with ${code ?? signal}`;
      const last = tail.trim().split('\n').slice(-3).join(' | ');
      reject(new StepError(`${shown} ${why}${last ? `: ${last}` : ''}`));
    });
  });
}
