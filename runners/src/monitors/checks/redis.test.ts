import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './index';
import { encodeCommand, parseReply } from './resp';
import { makeTestCertificates } from './test-certificates';
import { checkOptions, close, closedPort, listen, tracked } from './test-support';

/**
 * A small Redis stand-in speaking RESP2 the way Redis 6+ does for AUTH and PING: NOAUTH before a
 * login when a password is set, WRONGPASS on bad credentials, LOADING while the dataset loads.
 */
const users: Record<string, string> = { default: 'hunter2', monitor: 'Pa55/word' };
let loading = false;

function handle(socket: net.Socket) {
  let buffer: Buffer = Buffer.alloc(0);
  let authenticated = false;
  socket.on('error', () => {});
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const parsed = readCommand(buffer);
      if (!parsed) return;
      buffer = parsed.rest;
      const [name = '', ...args] = parsed.command;
      if (name.toUpperCase() === 'AUTH') {
        const [user, password] = args.length === 1 ? ['default', args[0]] : args;
        authenticated = user !== undefined && users[user] === password;
        socket.write(
          authenticated ? '+OK\r\n' : '-WRONGPASS invalid username-password pair or user is disabled.\r\n',
        );
      } else if (name.toUpperCase() === 'PING') {
        if (!authenticated) socket.write('-NOAUTH Authentication required.\r\n');
        else if (loading) socket.write('-LOADING Redis is loading the dataset in memory\r\n');
        else socket.write('+PONG\r\n');
      } else {
        socket.write(`-ERR unknown command '${name}'\r\n`);
      }
    }
  });
}

function readCommand(buffer: Buffer): { command: string[]; rest: Buffer } | null {
  const header = buffer.indexOf('\r\n');
  if (header < 0 || buffer[0] !== 0x2a) return null;
  const count = Number(buffer.subarray(1, header).toString());
  let offset = header + 2;
  const command: string[] = [];
  for (let i = 0; i < count; i++) {
    const lineEnd = buffer.indexOf('\r\n', offset);
    if (lineEnd < 0) return null;
    const length = Number(buffer.subarray(offset + 1, lineEnd).toString());
    const start = lineEnd + 2;
    if (buffer.length < start + length + 2) return null;
    command.push(buffer.subarray(start, start + length).toString());
    offset = start + length + 2;
  }
  return { command, rest: buffer.subarray(offset) };
}

let server: net.Server;
let port: number;
beforeAll(async () => {
  server = tracked(net.createServer(handle));
  port = await listen(server);
});
afterAll(() => close(server));

const check = (url: string, timeoutMs = 5_000) =>
  runCheck({ type: 'redis', url }, checkOptions({}, timeoutMs));

describe('redis check', () => {
  it('goes up, down and up again as the server answers PING', async () => {
    const url = `redis://:hunter2@127.0.0.1:${port}`;
    const first = await check(url);
    expect(first).toMatchObject({ status: 'up', detail: { host: '127.0.0.1', port, tls: false } });
    expect(first.message).toMatch(/^PONG in \d+ ms$/);

    loading = true;
    expect(await check(url)).toMatchObject({
      status: 'down',
      message: 'PING failed: LOADING Redis is loading the dataset in memory',
    });
    loading = false;
    expect((await check(url)).status).toBe('up');
  });

  it('logs in as the user named in the URL', async () => {
    expect(
      (await check(`redis://monitor:${encodeURIComponent('Pa55/word')}@127.0.0.1:${port}/0`)).status,
    ).toBe('up');
  });

  it('says when a login is refused or missing, without repeating the password', async () => {
    const refused = await check(`redis://monitor:Wr0ngPass@127.0.0.1:${port}`);
    expect(refused).toMatchObject({ status: 'down' });
    expect(refused.message).toMatch(/^login refused: WRONGPASS/);
    expect(JSON.stringify(refused)).not.toContain('Wr0ngPass');
    expect(await check(`redis://127.0.0.1:${port}`)).toMatchObject({
      status: 'down',
      message: 'Redis requires a password (NOAUTH)',
    });
  });

  it('reports a closed port and a server that never answers', async () => {
    expect(await check(`redis://:hunter2@127.0.0.1:${await closedPort()}`)).toMatchObject({
      status: 'down',
      message: 'connection refused',
    });
    const silent = tracked(net.createServer(() => {}));
    const silentPort = await listen(silent);
    try {
      expect(await check(`redis://:hunter2@127.0.0.1:${silentPort}`, 300)).toMatchObject({
        status: 'down',
        message: 'timed out after 300 ms',
      });
    } finally {
      await close(silent);
    }
  });

  it('speaks TLS for rediss:// and verifies the certificate', async () => {
    const certs = makeTestCertificates();
    const secure = tracked(tls.createServer(certs.valid, handle));
    secure.on('tlsClientError', () => {});
    try {
      const securePort = await listen(secure);
      expect(await check(`rediss://:hunter2@127.0.0.1:${securePort}`)).toMatchObject({
        status: 'down',
        message: 'certificate not trusted (unknown issuer)',
        detail: { tls: true },
      });
    } finally {
      await close(secure);
      certs.remove();
    }
  });
});

describe('RESP encoding', () => {
  it('writes commands as arrays of bulk strings and reads replies split across packets', () => {
    expect(encodeCommand('AUTH', 'mé', 'p w').toString()).toBe(
      '*3\r\n$4\r\nAUTH\r\n$3\r\nmé\r\n$3\r\np w\r\n',
    );
    expect(parseReply(Buffer.from('+PON'))).toBeNull();
    expect(parseReply(Buffer.from('$4\r\nPO'))).toBeNull();
    const bulk = parseReply(Buffer.from('$4\r\nPONG\r\n+OK\r\n'));
    expect(bulk?.reply).toEqual({ kind: 'bulk', text: 'PONG' });
    expect(parseReply(bulk!.rest)?.reply).toEqual({ kind: 'simple', text: 'OK' });
    expect(() => parseReply(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toThrow(
      'does not speak the Redis protocol',
    );
  });
});
