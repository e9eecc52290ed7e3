/**
 * The `homelab` executable's entry: wires run() to the process and stops `logs -f` on Ctrl-C.
 */
import { run } from './main';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.exitCode = await run(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() },
  { signal: controller.signal },
);
