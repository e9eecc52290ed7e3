import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreedIp, defaultIpSources, detectPublicIp, parseIpSources } from './public-ip';

/** A URL on a port nothing listens on: one taken from the OS and given back. */
async function closedPortUrl() {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}/`;
}

const answer = (ip: string | null) => ({ source: 's', ip, error: ip ? null : 'x' });

describe('parseIpSources', () => {
  it('defaults when unset or empty, and splits a comma-separated list', () => {
    expect(parseIpSources(undefined)).toEqual(defaultIpSources);
    expect(parseIpSources(' ')).toEqual(defaultIpSources);
    expect(parseIpSources('https://a.example/ip, http://b.example')).toEqual([
      'https://a.example/ip',
      'http://b.example',
    ]);
  });

  it('names the variable and the entry that is not a URL', () => {
    expect(() => parseIpSources('https://a.example,ftp://b.example')).toThrow(
      /PUBLIC_IP_SOURCES.*ftp:\/\/b\.example/,
    );
  });
});

describe('agreedIp', () => {
  it('needs two sources and a majority of those answering', () => {
    expect(agreedIp([answer('1.1.1.1'), answer('1.1.1.1'), answer(null), answer(null)])).toBe('1.1.1.1');
    expect(agreedIp([answer('1.1.1.1'), answer(null), answer(null)])).toBeNull();
    expect(agreedIp([answer('1.1.1.1'), answer('1.1.1.1'), answer('2.2.2.2'), answer('2.2.2.2')])).toBeNull();
    expect(agreedIp([answer('1.1.1.1'), answer('1.1.1.1'), answer('2.2.2.2')])).toBe('1.1.1.1');
    expect(agreedIp([])).toBeNull();
  });
});

describe('detectPublicIp against local sources', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/a' || req.url === '/b') return res.end('203.0.113.7\n');
      if (req.url === '/c') return res.end('198.51.100.1');
      if (req.url === '/html') return res.end('<html>blocked</html>');
      if (req.url === '/error') return res.writeHead(500).end('oops');
      // /hang never answers: the per-source timeout must cut it off.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('agrees on the address two sources give, whatever the others do', async () => {
    const found = await detectPublicIp([`${base}/a`, `${base}/b`, `${base}/html`, `${base}/hang`], {
      timeoutMs: 300,
    });
    expect(found.ip).toBe('203.0.113.7');
    expect(found.answers.map((a) => a.ip)).toEqual(['203.0.113.7', '203.0.113.7', null, null]);
    expect(found.answers[2]?.error).toMatch(/not an IP/);
    expect(found.answers[3]?.error).toMatch(/no answer within 300 ms/);
  });

  it('trusts nothing when sources disagree or fail', async () => {
    expect((await detectPublicIp([`${base}/a`, `${base}/c`])).ip).toBeNull();
    const failing = await detectPublicIp([`${base}/a`, `${base}/error`, await closedPortUrl()]);
    expect(failing.ip).toBeNull();
    expect(failing.answers[1]?.error).toBe('HTTP 500');
    expect(failing.answers[2]?.error).toMatch(/ECONNREFUSED/);
  });
});
