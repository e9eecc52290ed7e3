/**
 * Entry point of the runners process (`node runners/dist/main.js`): loads the config, starts the
 * stack, and shuts it down cleanly on SIGTERM/SIGINT so Docker's stop never cuts a job in half.
 */
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';
import { allRunners } from './registry';
import { startStack } from './stack';

const bootLog = createLogger({ fields: { service: 'runners' } });

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  bootLog.error(error instanceof ConfigError ? error.message : 'could not load the configuration', {
    err: error,
  });
  process.exit(2);
}

const log = createLogger({ level: config.logLevel, fields: { service: 'runners' } });

// A runner's stray promise must not take every other runner down with it; its own loops report
// real failures through ctx.crash.
process.on('unhandledRejection', (reason) => log.error('unhandled promise rejection', { err: reason }));

const stack = await startStack({ config, log, runners: allRunners() }).catch((error: unknown) => {
  log.error('runners could not start', { err: error });
  process.exit(1);
});

log.info('runners listening', {
  url: stack.url,
  runners: stack.supervisor.snapshot().map((runner) => `${runner.name}:${runner.state}`),
});

async function shutdown(signal: string, exitCode = 0) {
  log.info('shutting down', { signal });
  const force = setTimeout(() => {
    log.error('shutdown took too long; exiting anyway');
    process.exit(1);
  }, 20_000);
  force.unref();
  try {
    await stack.stop();
  } catch (error) {
    log.error('shutdown failed', { err: error });
    exitCode = 1;
  }
  log.info('stopped');
  process.exit(exitCode);
}

process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('uncaughtException', (error) => {
  log.error('uncaught exception', { err: error });
  void shutdown('uncaughtException', 1);
});
