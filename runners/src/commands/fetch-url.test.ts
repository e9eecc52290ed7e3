import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchUrlError, fetchLimited, isPrivateAddress } from './fetch-url';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

let server: http.Server;
let base: string;
/** A second private host the first one redirects to (Linux routes all of 127.0.0.0/8 to loopback). */
let other: http.Server;
let otherBase: string;
const routes = new Map<string, Handler>();
/** Bytes the 50 MB route managed to hand to the socket before the client hung up. */
let hugeBytesWritten = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const handler = routes.get(req.url ?? '');
    if (handler) handler(req, res);
    else res.writeHead(404).end('missing');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  other = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/plain' }).end('other host'),
  );
  other.listen(0, '127.0.0.2');
  await once(other, 'listening');
  otherBase = `http://127.0.0.2:${(other.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const each of [server, other]) {
    each.closeAllConnections();
    each.close();
  }
});

const local = { allowPrivate: true } as const;
/** Lets the test server through while still refusing every other private address. */
const onlyLoopback = { allowPrivate: (address: string) => address === '127.0.0.1' };

routes.set('/text', (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('  Hello 👋\r\nsecond   line\n\n');
});
routes.set('/json', (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"viewers": 12}');
});
routes.set('/latin1', (_req, res) => {
  res
    .writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' })
    .end(Buffer.from([0x43, 0x61, 0xe7, 0x61]));
});
routes.set('/untyped', (_req, res) => {
  res.end('plain words');
});
routes.set('/binary-untyped', (_req, res) => {
  res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
});
routes.set('/image', (_req, res) => {
  res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(10));
});
routes.set('/long', (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' }).end('word '.repeat(400));
});
routes.set('/hang', () => {
  // Never answers.
});
routes.set('/slow-body', (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.write('partial');
});
routes.set('/huge', (_req, res) => {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const total = 50 * 1024 * 1024;
  hugeBytesWritten = 0;
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(total) });
  const pump = () => {
    while (hugeBytesWritten < total && !res.destroyed) {
      hugeBytesWritten += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
});
routes.set('/error', (_req, res) => {
  res.writeHead(503, { 'content-type': 'text/plain' }).end('down');
});
routes.set('/redirect-local', (_req, res) => {
  res.writeHead(302, { location: '/text' }).end();
});
routes.set('/redirect-metadata', (_req, res) => {
  res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
});
routes.set('/redirect-other', (_req, res) => {
  res.writeHead(307, { location: `${otherBase}/` }).end();
});
routes.set('/redirect-lan', (_req, res) => {
  res.writeHead(301, { location: 'http://10.0.0.1/' }).end();
});
routes.set('/redirect-ftp', (_req, res) => {
  res.writeHead(302, { location: 'ftp://example.com/file' }).end();
});
routes.set('/redirect-loop', (_req, res) => {
  res.writeHead(302, { location: '/redirect-loop' }).end();
});

async function failure(promise: Promise<unknown>): Promise<FetchUrlError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FetchUrlError);
  return error as FetchUrlError;
}

describe('fetchLimited', () => {
  it('returns the text on one line, trimmed', async () => {
    expect(await fetchLimited(`${base}/text`, local)).toBe('Hello 👋 second line');
    expect(await fetchLimited(`${base}/json`, local)).toBe('{"viewers": 12}');
  });

  it('decodes the declared charset', async () => {
    expect(await fetchLimited(`${base}/latin1`, local)).toBe('Caça');
  });

  it('accepts an untyped text body but not untyped binary', async () => {
    expect(await fetchLimited(`${base}/untyped`, local)).toBe('plain words');
    expect((await failure(fetchLimited(`${base}/binary-untyped`, local))).message).toBe(
      'not text (binary data)',
    );
  });

  it('rejects content types that are not text', async () => {
    expect((await failure(fetchLimited(`${base}/image`, local))).message).toBe('not text (image/png)');
  });

  it('cuts long text for chat', async () => {
    const text = await fetchLimited(`${base}/long`, local);
    expect(text).toHaveLength(500);
    expect(text.endsWith('…')).toBe(true);
    expect(await fetchLimited(`${base}/long`, { ...local, maxChars: 10 })).toBe('word word…');
  });

  it('times out on a server that never answers', async () => {
    expect((await failure(fetchLimited(`${base}/hang`, { ...local, timeoutMs: 200 }))).message).toBe(
      'timed out',
    );
  });

  it('times out on a body that never ends', async () => {
    expect((await failure(fetchLimited(`${base}/slow-body`, { ...local, timeoutMs: 200 }))).message).toBe(
      'timed out',
    );
  });

  it('stops reading a 50 MB body at maxBytes', async () => {
    const text = await fetchLimited(`${base}/huge`, { ...local, maxBytes: 1024, timeoutMs: 10_000 });
    expect(text).toBe(`${'a'.repeat(499)}…`);
    // The server notices the closed socket long before it has written everything.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hugeBytesWritten).toBeLessThan(16 * 1024 * 1024);
  });

  it('follows the cancel signal', async () => {
    const controller = new AbortController();
    const pending = fetchLimited(`${base}/hang`, { ...local, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await failure(pending)).message).toBe('cancelled');
  });

  it('reports non-2xx statuses', async () => {
    expect((await failure(fetchLimited(`${base}/error`, local))).message).toBe('HTTP 503');
    expect((await failure(fetchLimited(`${base}/nothing-here`, local))).message).toBe('HTTP 404');
  });

  it('follows redirects and checks every hop', async () => {
    expect(await fetchLimited(`${base}/redirect-local`, onlyLoopback)).toBe('Hello 👋 second line');
    const refused = 'private address refused';
    expect((await failure(fetchLimited(`${base}/redirect-metadata`, onlyLoopback))).message).toBe(refused);
    expect((await failure(fetchLimited(`${base}/redirect-lan`, onlyLoopback))).message).toBe(refused);
    expect((await failure(fetchLimited(`${base}/redirect-ftp`, local))).message).toBe(
      'only http and https addresses',
    );
    expect((await failure(fetchLimited(`${base}/redirect-loop`, local))).message).toBe('too many redirects');
  });

  it('refuses a redirect to another private host unless allowPrivate allows it', async () => {
    const refused = await failure(fetchLimited(`${base}/redirect-other`, onlyLoopback));
    expect(refused.message).toBe('private address refused');
    expect(await fetchLimited(`${base}/redirect-other`, local)).toBe('other host');
  });

  it('refuses private addresses by default, literal or resolved', async () => {
    for (const url of [
      base,
      'http://localhost/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://2130706433/',
      'http://10.1.2.3/',
      'http://192.168.1.1/',
      'http://169.254.169.254/',
      'http://[fe80::1]/',
      'http://[fd00::1]/',
    ]) {
      expect((await failure(fetchLimited(url))).message, url).toBe('private address refused');
    }
  });

  it('refuses other schemes and broken addresses', async () => {
    expect((await failure(fetchLimited('file:///etc/passwd'))).message).toBe('only http and https addresses');
    expect((await failure(fetchLimited('ftp://example.com/'))).message).toBe('only http and https addresses');
    expect((await failure(fetchLimited('not a url'))).message).toBe('not a valid address');
  });
});

describe('isPrivateAddress', () => {
  it('knows the private, loopback and link-local ranges', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.5',
      '192.168.0.1',
      '169.254.1.1',
      '100.64.0.1',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of [
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      '::ffff:10.0.0.1',
      '::ffff:7f00:1',
      'ff02::1',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['1.1.1.1', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
    expect(isPrivateAddress('not-an-ip')).toBe(true);
  });
});
