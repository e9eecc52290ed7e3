/**
 * `homelab doctor` with real probes: a TLS server with a certificate made here, a port someone else
 * holds, a public-IP service on loopback, and the real engine; each verdict carries its fix.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { caddyDomains, certificateFacts, probePort, publicIp } from '../../src/cli/homelab/doctor';
import { certificateVerdict } from '../../src/cli/homelab/doctor-checks';
import { run } from '../../src/cli/homelab/main';
import { selfSignedCertificate } from '../certificates';
import type {} from '../setup/provided';

const dir = mkdtempSync(path.join(tmpdir(), 'homelab-cli-doctor-'));
let ipService: Server;
let ipUrl = '';

beforeAll(async () => {
  ipService = createHttpServer((_, res) => res.end('203.0.113.7\n'));
  await new Promise<void>((resolve) => ipService.listen(0, '127.0.0.1', resolve));
  ipUrl = `http://127.0.0.1:${(ipService.address() as { port: number }).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => ipService.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('doctor probes', () => {
  it('reads a certificate and says it is not trusted when self-signed', async () => {
    const server = createTlsServer(selfSignedCertificate('home.test', 30), (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const facts = await certificateFacts('127.0.0.1', port, 3_000, 'home.test');
      const days = Math.floor((Date.parse(facts.validTo) - Date.now()) / 86_400_000);
      expect(days).toBeGreaterThanOrEqual(28);
      expect(days).toBeLessThanOrEqual(30);
      expect(facts.authorized).toBe(false);
      const verdict = certificateVerdict('home.test', facts);
      expect(verdict.status).toBe('fail');
      expect(verdict.detail).toMatch(/not trusted: .*SELF_SIGNED/i);
      expect(verdict.fix).toMatch(/homelab logs caddy/);
    } finally {
      server.close();
    }
  });

  it('turns a refused TLS connection into a warning, not a crash', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const error = await certificateFacts('127.0.0.1', port, 2_000).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(certificateVerdict('home.test', error as Error).status).toBe('warn');
  });

  it('sees a port that another program holds', async () => {
    const holder = createNetServer();
    await new Promise<void>((resolve) => holder.listen(0, '0.0.0.0', resolve));
    const port = (holder.address() as { port: number }).port;
    expect(await probePort(port)).toBe('in-use');
    await new Promise((resolve) => holder.close(resolve));
    expect(await probePort(port)).toBe('free');
  });

  it('asks the configured services for the public IP, skipping ones that fail', async () => {
    expect(await publicIp(['http://127.0.0.1:9/', ipUrl], 2_000)).toBe('203.0.113.7');
    expect(await publicIp(['http://127.0.0.1:9/'], 2_000)).toBeNull();
  });

  it('finds the public names in the repository Caddyfile', () => {
    const names = caddyDomains(readFileSync(path.resolve(__dirname, '../../../Caddyfile'), 'utf8'));
    expect(names).toEqual(
      expect.arrayContaining([
        'host.evindrake.net',
        'bot.rig-city.com',
        'stream.rig-city.com',
        'scarletredjoker.com',
      ]),
    );
    expect(names).not.toContain('common');
  });
});

describe('homelab doctor', () => {
  async function doctor(envText: string | null, argv: string[] = []) {
    const project = mkdtempSync(path.join(dir, 'project-'));
    writeFileSync(path.join(project, 'docker-compose.yml'), 'services: {}\n');
    if (envText !== null) writeFileSync(path.join(project, '.env'), envText, { mode: 0o600 });
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (c) => {
      text += String(c);
    });
    const code = await run(['doctor', '--json', '--timeout', '3', ...argv], {
      stdout,
      stderr: new PassThrough(),
      cwd: project,
      env: { DOCKER_HOST: inject('dockerHost'), PUBLIC_IP_URLS: ipUrl, DNS_SERVERS: '127.0.0.1:9' },
    });
    return {
      code,
      checks: JSON.parse(text).checks as {
        name: string;
        status: string;
        detail: string;
        fix: string | null;
      }[],
    };
  }

  it('fails without .env and says to run `homelab secrets`, exit 1', async () => {
    const { code, checks } = await doctor(null);
    expect(code).toBe(1);
    const envFile = checks.find((c) => c.name === 'env file');
    expect(envFile).toMatchObject({ status: 'fail' });
    expect(envFile?.fix).toMatch(/homelab secrets/);
    expect(checks.find((c) => c.name === 'env RUNNER_SECRET')).toMatchObject({
      status: 'fail',
      detail: 'empty',
    });
    expect(checks.find((c) => c.name === 'engine')).toMatchObject({ status: 'ok' });
    expect(checks.find((c) => c.name === 'disk backups')?.status).toMatch(/ok|warn/);
    for (const check of checks) {
      expect(['ok', 'warn', 'fail']).toContain(check.status);
      if (check.status !== 'ok') expect(check.fix).toBeTruthy();
    }
  });

  it('checks formats, and warns instead of hanging when DNS does not answer', async () => {
    const env = [
      'POSTGRES_PASSWORD=abc',
      'HOMELAB_OWNER_PASSWORD=has@at',
      'HOMELAB_APP_PASSWORD=def',
      `RUNNER_SECRET=${'r'.repeat(40)}`,
      'ENCRYPTION_KEY=dG9vIHNob3J0',
      `AUTOMATION_INBOUND_SECRET=${'a'.repeat(40)}`,
      'ACME_EMAIL=owner@example.com',
    ].join('\n');
    const { code, checks } = await doctor(env, ['--domain', 'host.example.org']);
    expect(code).toBe(1);
    expect(checks.find((c) => c.name === 'env HOMELAB_OWNER_PASSWORD')).toMatchObject({ status: 'fail' });
    expect(checks.find((c) => c.name === 'env ENCRYPTION_KEY')?.detail).toMatch(/32 bytes/);
    expect(checks.find((c) => c.name === 'env ACME_EMAIL')).toMatchObject({ status: 'ok' });
    expect(checks.find((c) => c.name === 'dns host.example.org')?.status).toMatch(/warn|fail/);
    expect(checks.find((c) => c.name === 'certificate host.example.org')?.status).toBe('warn');
  });
});
