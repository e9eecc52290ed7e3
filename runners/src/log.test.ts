import { describe, expect, it } from 'vitest';
import { createLogger, createOutageReporter, type LogLevel, withLogContext } from './log';

function capture(level: LogLevel = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    level,
    fields: { service: 'runners' },
    write: (line) => lines.push(JSON.parse(line)),
  });
  return { log, lines };
}

describe('createLogger', () => {
  it('writes one JSON object per event with level, time, message and fields', () => {
    const { log, lines } = capture();
    log.child({ runner: 'system' }).info('runner running', { restarts: 2 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'runner running',
      service: 'runners',
      runner: 'system',
      restarts: 2,
    });
    expect(Date.parse(String(lines[0]?.time))).not.toBeNaN();
  });

  it('drops events below the configured level', () => {
    const { log, lines } = capture('warn');
    log.debug('a');
    log.info('b');
    log.warn('c');
    log.error('d');
    expect(lines.map((line) => line.msg)).toEqual(['c', 'd']);
  });

  it('adds the request id of the surrounding call, across awaits', async () => {
    const { log, lines } = capture();
    await withLogContext({ requestId: 'req-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.info('inside');
    });
    log.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', requestId: 'req-1' });
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it('serializes errors with name, message and code', () => {
    const { log, lines } = capture();
    log.error('failed', { err: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(lines[0]?.err).toMatchObject({
      name: 'Error',
      message: 'connect ECONNREFUSED',
      code: 'ECONNREFUSED',
    });
  });
});

describe('createOutageReporter', () => {
  it('logs the first failure and the recovery, not every failed retry', () => {
    const { log, lines } = capture();
    const outage = createOutageReporter(log, 'writing runner_status');
    outage.failed(new Error('down'));
    outage.failed(new Error('down'));
    outage.failed(new Error('down'));
    expect(outage.failing).toBe(true);
    outage.ok();
    outage.ok();
    expect(lines.map((line) => line.level)).toEqual(['warn', 'info']);
    expect(lines[1]).toMatchObject({ msg: 'writing runner_status recovered', failures: 3 });
    expect(outage.failing).toBe(false);
  });
});
