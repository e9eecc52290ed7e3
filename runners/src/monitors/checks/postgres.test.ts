import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../testing/database';
import { runCheck } from './index';
import { checkOptions, close, closedPort, listen, tracked } from './test-support';

const withPort = (url: string, port: number) => {
  const copy = new URL(url);
  copy.port = String(port);
  return copy.href;
};

describe('postgres check', () => {
  it('goes up on the test database, down on a closed port, and up again', async () => {
    const url = testDatabaseUrl();
    const first = await runCheck({ type: 'postgres', url }, checkOptions());
    expect(first.status).toBe('up');
    expect(first.message).toMatch(/^select 1 in \d+ ms$/);
    expect(first.detail.database).toBe(new URL(url).pathname.slice(1));

    const closed = await runCheck(
      { type: 'postgres', url: withPort(url, await closedPort()) },
      checkOptions(),
    );
    expect(closed).toMatchObject({ status: 'down', message: 'connection refused', latencyMs: null });

    expect((await runCheck({ type: 'postgres', url }, checkOptions())).status).toBe('up');
  });

  it('says a login was refused without repeating the password', async () => {
    const url = new URL(testDatabaseUrl());
    url.username = 'no_such_monitor_role';
    url.password = 'Wr0ng-pa55word';
    const result = await runCheck({ type: 'postgres', url: url.href }, checkOptions());
    expect(result.status).toBe('down');
    // Trust or password authentication, the test server refuses an unknown role either way.
    expect(result.message).toMatch(/^login refused: .*no_such_monitor_role/);
    expect(JSON.stringify(result)).not.toContain('Wr0ng-pa55word');
  });

  it('names a database that does not exist', async () => {
    const url = new URL(testDatabaseUrl());
    url.pathname = '/no_such_database';
    const result = await runCheck({ type: 'postgres', url: url.href }, checkOptions());
    expect(result).toMatchObject({ status: 'down', message: 'database "no_such_database" does not exist' });
  });

  it('gives up on a server that accepts the connection but never answers', async () => {
    const silent = tracked(createServer(() => {}));
    const port = await listen(silent);
    try {
      const result = await runCheck(
        { type: 'postgres', url: `postgres://monitor:secret@127.0.0.1:${port}/app` },
        checkOptions({}, 300),
      );
      expect(result).toMatchObject({ status: 'down', message: 'timed out after 300 ms' });
    } finally {
      await close(silent);
    }
  });
});
