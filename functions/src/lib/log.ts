/** The structured logger: one JSON object per line, with the request id that follows a request into the runners. */
export const logLevels = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof logLevels)[number];

let threshold = logLevels.indexOf('info');

/** LOG_LEVEL, applied per isolate: lines below it are never built, so a busy endpoint's debug lines cost nothing. */
export function setLogLevel(level: Level) {
  threshold = logLevels.indexOf(level);
}

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}) {
  if (logLevels.indexOf(level) < threshold) return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}
