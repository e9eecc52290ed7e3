/**
 * doctor's verdicts: what counts as ok, a warning or a failure, and that every problem names its fix.
 */
import { describe, expect, it } from 'vitest';
import {
  certificateVerdict,
  diskVerdict,
  dnsVerdict,
  envChecks,
  portVerdict,
} from '../../src/cli/homelab/doctor-checks';

const good = {
  POSTGRES_PASSWORD: 'a'.repeat(64),
  HOMELAB_OWNER_PASSWORD: 'b'.repeat(64),
  HOMELAB_APP_PASSWORD: 'c'.repeat(64),
  HOMELAB_BACKUP_PASSWORD: 'f'.repeat(64),
  N8N_DB_PASSWORD: '1'.repeat(64),
  VNC_PASSWORD: '2'.repeat(64),
  RUNNER_SECRET: 'd'.repeat(64),
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  AUTOMATION_INBOUND_SECRET: 'e'.repeat(64),
  ACME_EMAIL: 'owner@example.com',
};
const file = { path: '/srv/homelab/.env', exists: true, mode: 0o100600 };

describe('envChecks', () => {
  it('passes a complete .env', () => {
    expect(envChecks(good, file).every((c) => c.status === 'ok')).toBe(true);
  });

  it('fails each missing or malformed value with its fix', () => {
    const checks = envChecks(
      {
        ...good,
        RUNNER_SECRET: 'short',
        ENCRYPTION_KEY: '',
        HOMELAB_APP_PASSWORD: 'p@ss/word',
        ACME_EMAIL: 'nope',
      },
      file,
    );
    const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(byName['env RUNNER_SECRET']).toMatchObject({
      status: 'fail',
      detail: '5 characters, needs at least 32',
    });
    expect(byName['env ENCRYPTION_KEY']).toMatchObject({ status: 'fail', detail: 'empty' });
    expect(byName['env ENCRYPTION_KEY']?.fix).toMatch(/homelab secrets/);
    expect(byName['env HOMELAB_APP_PASSWORD']?.status).toBe('fail');
    expect(byName['env ACME_EMAIL']?.status).toBe('fail');
  });

  it('only warns about the optional n8n secret and a world-readable file', () => {
    const checks = envChecks({ ...good, AUTOMATION_INBOUND_SECRET: '' }, { ...file, mode: 0o100644 });
    expect(checks.find((c) => c.name === 'env AUTOMATION_INBOUND_SECRET')?.status).toBe('warn');
    expect(checks.find((c) => c.name === 'env file')).toMatchObject({
      status: 'warn',
      fix: 'chmod 600 /srv/homelab/.env',
    });
  });
});

describe('diskVerdict', () => {
  const gib = 1024 ** 3;
  it('warns below 10 GiB or 15% free and fails below 2 GiB or 5%', () => {
    const at = (freeGib: number, totalGib: number) =>
      diskVerdict('data', '/var/lib/docker', {
        bsize: 4096,
        bavail: (freeGib * gib) / 4096,
        blocks: (totalGib * gib) / 4096,
      }).status;
    expect(at(100, 200)).toBe('ok');
    expect(at(8, 20)).toBe('warn');
    expect(at(20, 200)).toBe('warn');
    expect(at(1.5, 10)).toBe('fail');
    expect(at(40, 1000)).toBe('fail');
  });
});

describe('portVerdict', () => {
  it('accepts a free port or one held by caddy, and fails one held by something else', () => {
    expect(portVerdict(443, 'free', null).status).toBe('ok');
    expect(portVerdict(443, 'in-use', 'caddy (homelabhub-caddy-1)')).toMatchObject({ status: 'ok' });
    const taken = portVerdict(80, 'in-use', null);
    expect(taken.status).toBe('fail');
    expect(taken.fix).toContain("ss -ltnp 'sport = :80'");
    expect(portVerdict(80, 'denied', null).status).toBe('warn');
  });
});

describe('dnsVerdict', () => {
  it('wants the name to resolve to the public IP', () => {
    expect(dnsVerdict('host.example.org', ['203.0.113.7'], '203.0.113.7').status).toBe('ok');
    const wrong = dnsVerdict('host.example.org', ['198.51.100.1'], '203.0.113.7');
    expect(wrong.status).toBe('fail');
    expect(wrong.fix).toContain('203.0.113.7');
    expect(
      dnsVerdict('host.example.org', new Error('queryA ENOTFOUND host.example.org'), '203.0.113.7').status,
    ).toBe('fail');
    expect(dnsVerdict('host.example.org', ['198.51.100.1'], null).status).toBe('warn');
    expect(dnsVerdict('host.example.org', new Error('queryA ETIMEOUT host.example.org'), null).status).toBe(
      'warn',
    );
  });
});

describe('certificateVerdict', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  const cert = (validTo: string, authorized = true) => ({ validTo, authorized, authorizationError: null });
  it('reports days left, warning under two weeks and failing when expired or untrusted', () => {
    expect(certificateVerdict('a.example', cert('Aug 30 00:00:00 2026 GMT'), now)).toMatchObject({
      status: 'ok',
      detail: 'valid for 90 more days',
    });
    expect(certificateVerdict('a.example', cert('Jun 10 00:00:00 2026 GMT'), now).status).toBe('warn');
    expect(certificateVerdict('a.example', cert('May 10 00:00:00 2026 GMT'), now).status).toBe('fail');
    expect(certificateVerdict('a.example', cert('Aug 30 00:00:00 2026 GMT', false), now).status).toBe('fail');
    expect(certificateVerdict('a.example', new Error('ECONNREFUSED'), now).status).toBe('warn');
  });
});
