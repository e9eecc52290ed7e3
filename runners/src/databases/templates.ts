/**
 * How each engine of the catalogue (@homelab/db/databases) is run and operated: its environment,
 * data path, health and readiness checks, and the commands that dump, restore and re-key it.
 * Commands are argument arrays run with exec, never a shell line built from input; passwords reach
 * them through the exec's environment (PGPASSWORD, MYSQL_PWD, REDISCLI_AUTH) or stdin, so they
 * never appear in a process list. The few `sh -c` scripts here are constants that read variables.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { type DatabaseEngine, type DatabaseTemplate, databaseTemplates } from '@homelab/db/databases';

/** What a command needs to log in: the instance's user, password and database. */
export type Login = { username: string; password: string; database: string | null };

/** A command run inside the container with exec. */
export type ExecCommand = {
  cmd: string[];
  env: string[];
  /** Written to the command's stdin, then stdin is closed. */
  stdin?: string;
  /** Output that must appear for success, for tools that exit 0 on an error reply. */
  expect?: RegExp;
};

export type EngineRecipe = {
  containerPort: number;
  dataPath: string;
  /** The container's environment, from which the image initialises its first user. */
  env(login: Login): string[];
  entrypoint?: string[];
  cmd?: string[];
  /** For the engine's Healthcheck (Docker runs it on a timer; Podman without systemd does not). */
  healthcheck: string[];
  /** Succeeds once the database accepts the instance's login over TCP, i.e. after first-start init. */
  readiness(login: Login): ExecCommand;
  backup?: { extension: string; command(login: Login): ExecCommand };
  /** Reads a backup of this engine from stdin. */
  restore?(login: Login): ExecCommand;
  /** Sets the instance's password to `next`, logged in with `login` (the current password). */
  rotate?(login: Login, next: string): ExecCommand;
  /** A client URL; every part is percent-encoded. */
  connectionString(login: Login, host: string, port: number): string;
};

const enc = encodeURIComponent;
const only = (value: string | null) => (value ? [value] : []);
// TCP on 127.0.0.1, not the socket: the images' first-start init serves only the socket, so a login
// that works over TCP means init is over; and it makes the server check the password.
const loopback = '127.0.0.1';

/** SQL string literal. Passwords are url-safe already; quoting stays correct for anything. */
const sqlString = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

/**
 * PostgreSQL's SCRAM-SHA-256 verifier: ALTER ROLE is given this instead of the plaintext, so a
 * failed statement in the server log never shows the password.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096) {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

function postgres(): EngineRecipe {
  const base = (login: Login) => ['-h', loopback, '-U', login.username, '-d', login.database ?? 'postgres'];
  const pgEnv = (login: Login) => [`PGPASSWORD=${login.password}`];
  return {
    containerPort: 5432,
    dataPath: '/var/lib/postgresql/data',
    env: (login) => [
      `POSTGRES_USER=${login.username}`,
      `POSTGRES_PASSWORD=${login.password}`,
      `POSTGRES_DB=${login.database ?? login.username}`,
    ],
    healthcheck: ['CMD-SHELL', `pg_isready -q -h ${loopback} -U "$POSTGRES_USER" -d "$POSTGRES_DB"`],
    readiness: (login) => ({
      cmd: ['psql', ...base(login), '-X', '-A', '-t', '-q', '-c', 'select 1'],
      env: pgEnv(login),
      expect: /^1$/m,
    }),
    backup: {
      extension: 'dump',
      command: (login) => ({ cmd: ['pg_dump', ...base(login), '-Fc'], env: pgEnv(login) }),
    },
    restore: (login) => ({
      // One transaction: a restore that fails half-way leaves the data as it was.
      cmd: ['pg_restore', ...base(login), '--clean', '--if-exists', '--no-owner', '--single-transaction'],
      env: pgEnv(login),
    }),
    rotate: (login, next) => ({
      cmd: ['psql', ...base(login), '-X', '-q', '-v', 'ON_ERROR_STOP=1'],
      env: pgEnv(login),
      stdin: `ALTER ROLE "${login.username}" WITH PASSWORD ${sqlString(scramVerifier(next))};\n`,
    }),
    connectionString: (login, host, port) =>
      `postgresql://${enc(login.username)}:${enc(login.password)}@${host}:${port}/${enc(login.database ?? '')}`,
  };
}

function mysqlFamily(flavour: 'mariadb' | 'mysql'): EngineRecipe {
  const prefix = flavour === 'mariadb' ? 'MARIADB' : 'MYSQL';
  const client = flavour === 'mariadb' ? 'mariadb' : 'mysql';
  const dump = flavour === 'mariadb' ? 'mariadb-dump' : 'mysqldump';
  const base = (login: Login) => ['-h', loopback, '-u', login.username];
  const pwEnv = (login: Login) => [`MYSQL_PWD=${login.password}`];
  return {
    containerPort: 3306,
    dataPath: '/var/lib/mysql',
    env: (login) => [
      `${prefix}_USER=${login.username}`,
      `${prefix}_PASSWORD=${login.password}`,
      `${prefix}_DATABASE=${login.database ?? 'app'}`,
      // Nobody needs root: the app user owns its database, and root's password is never stored.
      `${prefix}_RANDOM_ROOT_PASSWORD=yes`,
    ],
    healthcheck:
      flavour === 'mariadb'
        ? ['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized']
        : ['CMD-SHELL', `mysqladmin ping -h ${loopback} --silent`],
    readiness: (login) => ({
      cmd: [client, ...base(login), '-N', '-B', '-e', 'SELECT 1', ...only(login.database)],
      env: pwEnv(login),
      expect: /^1$/m,
    }),
    backup: {
      extension: 'sql',
      command: (login) => ({
        cmd: [
          dump,
          ...base(login),
          '--single-transaction',
          '--routines',
          '--triggers',
          // Tablespace metadata needs the PROCESS privilege, which the app user does not have.
          '--no-tablespaces',
          ...only(login.database),
        ],
        env: pwEnv(login),
      }),
    },
    restore: (login) => ({ cmd: [client, ...base(login), ...only(login.database)], env: pwEnv(login) }),
    rotate: (login, next) => ({
      cmd: [client, ...base(login)],
      env: pwEnv(login),
      // A user may change its own password without any global privilege, in each dialect's form.
      stdin:
        flavour === 'mariadb'
          ? `SET PASSWORD = PASSWORD(${sqlString(next)});\n`
          : `ALTER USER USER() IDENTIFIED BY ${sqlString(next)};\n`,
    }),
    connectionString: (login, host, port) =>
      `mysql://${enc(login.username)}:${enc(login.password)}@${host}:${port}/${enc(login.database ?? '')}`,
  };
}

// Redis reads its password from the config file, written once from REDIS_PASSWORD into the volume,
// so a rotated password (CONFIG SET + CONFIG REWRITE) survives restarts. The image's entrypoint
// then drops to the redis user and takes ownership of /data.
const redisStart = [
  'if [ ! -f /data/redis.conf ]; then',
  '  umask 077',
  '  printf \'requirepass "%s"\\nappendonly yes\\ndir /data\\n\' "$REDIS_PASSWORD" > /data/redis.conf',
  'fi',
  'exec docker-entrypoint.sh redis-server /data/redis.conf',
].join('\n');

function redis(): EngineRecipe {
  const auth = (login: Login) => [`REDISCLI_AUTH=${login.password}`];
  return {
    containerPort: 6379,
    dataPath: '/data',
    env: (login) => [`REDIS_PASSWORD=${login.password}`],
    entrypoint: ['sh', '-c', redisStart, 'redis-start'],
    healthcheck: ['CMD-SHELL', `redis-cli -h ${loopback} ping | grep -Eq 'PONG|NOAUTH'`],
    readiness: (login) => ({ cmd: ['redis-cli', '-h', loopback, 'PING'], env: auth(login), expect: /PONG/ }),
    backup: {
      extension: 'rdb',
      command: (login) => ({ cmd: ['redis-cli', '-h', loopback, '--rdb', '-'], env: auth(login) }),
    },
    rotate: (login, next) => ({
      cmd: ['redis-cli', '-h', loopback],
      env: auth(login),
      stdin: `CONFIG SET requirepass "${next}"\nCONFIG REWRITE\n`,
      expect: /^OK\s+OK\s*$/,
    }),
    connectionString: (login, host, port) => `redis://default:${enc(login.password)}@${host}:${port}/0`,
  };
}

// mongosh and the database tools take no password variable: mongosh logs in from a script reading
// process.env, the tools from a config file written with umask 077 and removed at once.
const mongoLogin =
  'const admin = db.getSiblingDB("admin"); admin.auth(process.env.MONGO_USER, process.env.MONGO_PASSWORD);';
const mongoTool = (tool: string, args: string) =>
  [
    'umask 077',
    'f=$(mktemp)',
    'printf \'password: "%s"\\n\' "$MONGO_PASSWORD" > "$f"',
    `${tool} --quiet --host=${loopback} --username="$MONGO_USER" --authenticationDatabase=admin --config="$f" ${args}`,
    'status=$?',
    'rm -f "$f"',
    'exit $status',
  ].join('\n');

function mongodb(): EngineRecipe {
  const env = (login: Login) => [`MONGO_USER=${login.username}`, `MONGO_PASSWORD=${login.password}`];
  return {
    containerPort: 27017,
    dataPath: '/data/db',
    env: (login) => [
      `MONGO_INITDB_ROOT_USERNAME=${login.username}`,
      `MONGO_INITDB_ROOT_PASSWORD=${login.password}`,
      ...(login.database ? [`MONGO_INITDB_DATABASE=${login.database}`] : []),
    ],
    healthcheck: ['CMD', 'mongosh', '--quiet', '--eval', 'db.adminCommand({ ping: 1 }).ok'],
    readiness: (login) => ({
      cmd: ['mongosh', '--quiet', '--host', loopback, '--eval', `${mongoLogin} print("ready")`],
      env: env(login),
      expect: /ready/,
    }),
    backup: {
      extension: 'archive',
      command: (login) => ({ cmd: ['sh', '-c', mongoTool('mongodump', '--archive')], env: env(login) }),
    },
    restore: (login) => ({
      cmd: ['sh', '-c', mongoTool('mongorestore', '--archive --drop')],
      env: env(login),
    }),
    rotate: (login, next) => ({
      cmd: [
        'mongosh',
        '--quiet',
        '--host',
        loopback,
        '--eval',
        `${mongoLogin} admin.changeUserPassword(process.env.MONGO_USER, process.env.NEW_PASSWORD); print("rotated")`,
      ],
      env: [...env(login), `NEW_PASSWORD=${next}`],
      expect: /rotated/,
    }),
    connectionString: (login, host, port) =>
      `mongodb://${enc(login.username)}:${enc(login.password)}@${host}:${port}/${enc(login.database ?? '')}?authSource=admin`,
  };
}

function minio(): EngineRecipe {
  return {
    containerPort: 9000,
    dataPath: '/data',
    env: (login) => [`MINIO_ROOT_USER=${login.username}`, `MINIO_ROOT_PASSWORD=${login.password}`],
    cmd: ['server', '/data', '--console-address', ':9001'],
    healthcheck: ['CMD', 'mc', 'ready', 'local'],
    readiness: () => ({ cmd: ['mc', 'ready', 'local'], env: [] }),
    connectionString: (login, host, port) =>
      `http://${enc(login.username)}:${enc(login.password)}@${host}:${port}`,
  };
}

const recipes: Record<DatabaseEngine, EngineRecipe> = {
  postgres: postgres(),
  mariadb: mysqlFamily('mariadb'),
  mysql: mysqlFamily('mysql'),
  redis: redis(),
  mongodb: mongodb(),
  minio: minio(),
};

export function recipeFor(engine: DatabaseEngine): EngineRecipe {
  return recipes[engine];
}

export function listTemplates(): DatabaseTemplate[] {
  return databaseTemplates;
}
