import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import tls, { type PeerCertificate } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './index';
import { makeTestCertificates, type TestCertificates } from './test-certificates';
import { checkOptions, close, closedPort, listen, tracked } from './test-support';
import { assessCertificate } from './tls';

let certs: TestCertificates;
beforeAll(() => {
  certs = makeTestCertificates();
});
afterAll(() => certs.remove());

const parsed = (pem: string) => new X509Certificate(pem).toLegacyObject() as unknown as PeerCertificate;
const day = 86_400_000;

describe('assessCertificate', () => {
  it('passes a trusted certificate that covers the name and has time left', () => {
    const result = assessCertificate({
      certificate: parsed(certs.valid.cert),
      authorizationError: null,
      hostname: 'localhost',
      expiryDays: 14,
      now: new Date(),
    });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^certificate valid for 89 days, until \d{4}-\d{2}-\d{2}$/);
    expect(result.detail).toMatchObject({
      daysLeft: 89,
      altNames: ['localhost', '127.0.0.1'],
      trusted: true,
    });
  });

  it('accepts an IP address listed in the certificate', () => {
    const result = assessCertificate({
      certificate: parsed(certs.valid.cert),
      authorizationError: null,
      hostname: '127.0.0.1',
      expiryDays: 14,
      now: new Date(),
    });
    expect(result.status).toBe('up');
  });

  it('fails a name the certificate does not cover', () => {
    const result = assessCertificate({
      certificate: parsed(certs.valid.cert),
      authorizationError: null,
      hostname: 'nas.example.com',
      expiryDays: 14,
      now: new Date(),
    });
    expect(result.status).toBe('down');
    expect(result.message).toContain('certificate hostname mismatch');
    expect(result.message).toContain('nas.example.com');
  });

  it('warns expiryDays before the end, saying the days left and the date', () => {
    const certificate = parsed(certs.valid.cert);
    const validTo = Date.parse(certificate.valid_to);
    const result = assessCertificate({
      certificate,
      authorizationError: null,
      hostname: 'localhost',
      expiryDays: 14,
      now: new Date(validTo - 10 * day),
    });
    expect(result).toMatchObject({ status: 'down', detail: { daysLeft: 10 } });
    expect(result.message).toBe(
      `certificate expires in 10 days, on ${new Date(validTo).toISOString().slice(0, 10)}`,
    );
    const earlier = assessCertificate({
      certificate,
      authorizationError: null,
      hostname: 'localhost',
      expiryDays: 14,
      now: new Date(validTo - 14 * day),
    });
    expect(earlier.status).toBe('up');
  });

  it('reports an expired certificate by its date, not as a failed chain check', () => {
    const result = assessCertificate({
      certificate: parsed(certs.expired.cert),
      authorizationError: 'CERT_HAS_EXPIRED',
      hostname: 'localhost',
      expiryDays: 14,
      now: new Date(),
    });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^certificate expired \d+ days ago, on 2020-02-01$/);
  });

  it('fails an untrusted chain', () => {
    const result = assessCertificate({
      certificate: parsed(certs.selfSigned.cert),
      authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      hostname: 'localhost',
      expiryDays: 14,
      now: new Date(),
    });
    expect(result).toMatchObject({ status: 'down', message: 'certificate not trusted (self-signed)' });
  });
});

describe('tls check against a real server', () => {
  let server: tls.Server;
  let port: number;
  const sockets = new Set<Socket>();
  const serve = (pair: { key: string; cert: string }) => server.setSecureContext(pair);
  const check = (overrides: { servername?: string; expiryDays?: number; port?: number } = {}) =>
    runCheck(
      { type: 'tls', host: '127.0.0.1', port, servername: 'localhost', expiryDays: 14, ...overrides },
      checkOptions(),
    );

  beforeAll(async () => {
    server = tls.createServer(certs.valid);
    server.on('secureConnection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    });
    server.on('tlsClientError', () => {});
    port = await listen(server);
  });
  afterAll(() => close(server));

  it('reads the certificate of a server whose CA is not trusted, and says so', async () => {
    serve(certs.valid);
    const result = await check();
    expect(result.status).toBe('down');
    expect(result.message).toBe('certificate not trusted (unknown issuer)');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.detail).toMatchObject({
      issuer: 'HomeLabHub Test CA',
      subject: 'localhost',
      daysLeft: 89,
      altNames: ['localhost', '127.0.0.1'],
      trusted: false,
    });
    expect(Date.parse(result.detail.validTo as string)).toBeGreaterThan(Date.now());
  });

  it('says an expired certificate expired, with the date', async () => {
    serve(certs.expired);
    const result = await check();
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^certificate expired \d+ days ago, on 2020-02-01/);
  });

  it('names a certificate made for another host', async () => {
    serve(certs.wrongHost);
    const result = await check();
    expect(result.status).toBe('down');
    expect(result.message).toContain(
      "certificate hostname mismatch: Host: localhost. is not in the cert's altnames",
    );
    expect(result.detail.altNames).toEqual(['other.example']);
  });

  it('names a self-signed certificate', async () => {
    serve(certs.selfSigned);
    const result = await check();
    expect(result).toMatchObject({ status: 'down', message: 'certificate not trusted (self-signed)' });
  });

  it('warns about a certificate close to its end', async () => {
    serve(certs.expiringSoon);
    const result = await check();
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/certificate expires in 4 days, on \d{4}-\d{2}-\d{2}$/);
  });

  it('closes its connection on every path', async () => {
    serve(certs.valid);
    await check();
    await check({ servername: 'other.example' });
    await expect.poll(() => sockets.size).toBe(0);
  });

  it('reports a port without a server as refused', async () => {
    const result = await check({ port: await closedPort() });
    expect(result).toMatchObject({ status: 'down', message: 'connection refused', latencyMs: null });
  });

  it('times out on a server that never finishes the handshake', async () => {
    const { createServer } = await import('node:net');
    const silent = tracked(createServer(() => {}));
    const silentPort = await listen(silent);
    try {
      const result = await runCheck(
        { type: 'tls', host: '127.0.0.1', port: silentPort, expiryDays: 14 },
        checkOptions({}, 300),
      );
      expect(result).toMatchObject({ status: 'down', message: 'timed out after 300 ms' });
    } finally {
      await close(silent);
    }
  });
});
