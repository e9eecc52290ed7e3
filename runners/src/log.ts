/**
 * The runners' one structured logger: one JSON object per line, so `docker logs` and any log shipper
 * can filter by level, runner or the request id that followed a call in from functions.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];
export type LogFields = Record<string, unknown>;

export type Logger = {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` (e.g. `{ runner }`) to every line. */
  child(fields: LogFields): Logger;
};

export type LoggerOptions = {
  level?: LogLevel;
  fields?: LogFields;
  /** Where a finished line goes; stdout/stderr by default, a capture in tests. */
  write?: (line: string, level: LogLevel) => void;
};

// Carries the request id through every await of a call, so a runner's own log lines show it
// without each function passing it along.
const context = new AsyncLocalStorage<LogFields>();

export function withLogContext<T>(fields: LogFields, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

function serialize(value: unknown): unknown {
  if (value instanceof Error) {
    const out: LogFields = { name: value.name, message: value.message };
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) out.code = code;
    if (value.stack) out.stack = value.stack;
    return out;
  }
  return value;
}

const defaultWrite = (line: string, level: LogLevel) => {
  if (level === 'error' || level === 'warn') process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
};

export function createLogger(options: LoggerOptions = {}): Logger {
  const opts = { level: 'info' as LogLevel, fields: {}, write: defaultWrite, ...options };
  const threshold = logLevels.indexOf(opts.level);

  function emit(level: LogLevel, msg: string, fields: LogFields = {}) {
    if (logLevels.indexOf(level) < threshold) return;
    const merged: LogFields = { ...opts.fields, ...context.getStore(), ...fields };
    for (const key of Object.keys(merged)) merged[key] = serialize(merged[key]);
    let line: string;
    try {
      line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...merged });
    } catch {
      line = JSON.stringify({
        level,
        time: new Date().toISOString(),
        msg,
        logError: 'fields not serializable',
      });
    }
    opts.write(line, level);
  }

  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createLogger({ ...opts, fields: { ...opts.fields, ...fields } }),
  };
}

/**
 * Logs the first failure of something that keeps retrying (PostgreSQL being down, typically) and
 * then stays quiet until it works again, so an outage is two log lines rather than one per tick.
 */
export function createOutageReporter(log: Logger, what: string) {
  let failingSince: number | null = null;
  let failures = 0;
  return {
    failed(error: unknown) {
      failures += 1;
      if (failingSince === null) {
        failingSince = Date.now();
        log.warn(`${what} failed; retrying quietly until it recovers`, { err: error });
      }
    },
    ok() {
      if (failingSince === null) return;
      log.info(`${what} recovered`, { failures, downMs: Date.now() - failingSince });
      failingSince = null;
      failures = 0;
    },
    get failing() {
      return failingSince !== null;
    },
  };
}
