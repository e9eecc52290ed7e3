/**
 * Entry point of the PostgreSQL session pooler (`node runners/dist/dbpool.js`), a process of its own
 * so the database path never depends on the runners being up. Stops cleanly on SIGTERM/SIGINT.
 */
import { ConfigError } from '../config';
import { createLogger } from '../log';
import { loadDbPoolConfig } from './config';
import { startDbPool } from './server';

const bootLog = createLogger({ fields: { service: 'dbpool' } });

let config: ReturnType<typeof loadDbPoolConfig>;
try {
  config = loadDbPoolConfig();
} catch (error) {
  bootLog.error(error instanceof ConfigError ? error.message : 'could not load the configuration', {
    err: error,
  });
  process.exit(2);
}

const log = createLogger({ level: config.logLevel, fields: { service: 'dbpool' } });

process.on('unhandledRejection', (reason) => log.error('unhandled promise rejection', { err: reason }));

const dbpool = await startDbPool({ config, log }).catch((error: unknown) => {
  log.error('dbpool could not start', { err: error });
  process.exit(1);
});

log.info('dbpool listening', { host: dbpool.host, port: dbpool.port, min: config.min, max: config.max });

async function shutdown(signal: string) {
  log.info('shutting down', { signal });
  const force = setTimeout(() => {
    log.error('shutdown took too long; exiting anyway');
    process.exit(1);
  }, 10_000);
  force.unref();
  await dbpool.stop();
  log.info('stopped');
  process.exit(0);
}

process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
