import { describe, expect, it } from 'vitest';
import { containersNamedIn, errorLines, type IncidentFacts, subjectOf } from './facts';
import { judge } from './rules';

function facts(overrides: Partial<IncidentFacts>): IncidentFacts {
  return {
    incident: { id: 'i-1', cause: 'alert:disk', message: 'Disk usage has been above 90 % for 5 min.' },
    about: 'other',
    monitor: null,
    containers: [],
    disk: null,
    certificate: null,
    dns: null,
    proxyContainer: null,
    checked: ['the incident'],
    ...overrides,
  };
}

describe('the built-in diagnosis rules', () => {
  it('names the full disk, its free space and the unused images to prune', () => {
    const result = judge(
      facts({
        about: 'disk',
        disk: {
          mounts: [
            { mount: '/srv', percent: 93.4, freeBytes: 6.6e9, totalBytes: 100e9 },
            { mount: '/', percent: 40, freeBytes: 30e9, totalBytes: 50e9 },
          ],
          unusedImages: { count: 4, bytes: 3.2e9, largest: [{ name: 'nextcloud:28', bytes: 1.1e9 }] },
        },
      }),
    );
    expect(result).toMatchObject({ problem: 'disk_full', subject: '/srv' });
    expect(result.summary).toContain('93.4 %');
    expect(result.summary).toContain('3.2 GB');
    expect(result.evidence[0]).toMatchObject({
      tool: 'system_metrics',
      summary: expect.stringContaining('6.6 GB free'),
    });
    expect(result.evidence[1]?.excerpt).toContain('nextcloud:28');
    expect(result.plan).toEqual([
      { tool: 'prune_images', args: { all: true }, why: expect.stringContaining('3.2 GB') },
    ]);
  });

  it('does not call a disk at 60 % full', () => {
    const result = judge(
      facts({
        about: 'disk',
        disk: {
          mounts: [{ mount: '/', percent: 60, freeBytes: 40e9, totalBytes: 100e9 }],
          unusedImages: null,
        },
      }),
    );
    expect(result.problem).toBe('unknown');
    expect(result.evidence[0]?.summary).toContain('60.0 %');
  });

  it('reports an expiring certificate with its host, days left and issuer', () => {
    const result = judge(
      facts({
        incident: {
          id: 'i-2',
          cause: 'certificate expires in 5 days',
          message: 'certificate expires in 5 days',
        },
        about: 'certificate',
        monitor: { name: 'cloud TLS', type: 'tls' },
        certificate: {
          host: 'cloud.example.com',
          port: 443,
          ok: false,
          message: 'certificate expires in 5 days (2026-12-04)',
          issuer: "Let's Encrypt R11",
          daysLeft: 5,
          validTo: '2026-12-04T10:00:00.000Z',
          names: ['cloud.example.com'],
          trusted: true,
        },
        proxyContainer: 'caddy',
      }),
    );
    expect(result).toMatchObject({ problem: 'cert_expiring', subject: 'cloud.example.com' });
    expect(result.summary).toContain('expires in 5 days');
    expect(result.summary).toContain("Let's Encrypt R11");
    expect(result.plan.map((step) => step.tool)).toEqual(['dns_lookup', 'container_logs']);
    expect(result.plan[1]?.args).toMatchObject({ container: 'caddy', search: 'cloud.example.com' });
  });

  it('leaves a certificate with two months left alone', () => {
    const result = judge(
      facts({
        about: 'certificate',
        certificate: {
          host: 'a.example.com',
          port: 443,
          ok: true,
          message: 'certificate valid for 60 days',
          issuer: 'R11',
          daysLeft: 60,
          validTo: null,
          names: [],
          trusted: true,
        },
      }),
    );
    expect(result.problem).toBe('unknown');
  });

  it('sees DNS drift and plans to point the dynamic record at the new public IP', () => {
    const dns = {
      name: 'home.example.com',
      a: ['198.51.100.7'],
      aaaa: [],
      cname: [],
      publicIp: '203.0.113.9',
      pointsAtPublicIp: false,
      errors: [],
      hasDdnsRecord: true,
    };
    const result = judge(facts({ about: 'dns', dns }));
    expect(result).toMatchObject({ problem: 'dns_drift', subject: 'home.example.com' });
    expect(result.summary).toContain('198.51.100.7');
    expect(result.summary).toContain('203.0.113.9');
    expect(result.plan).toEqual([
      {
        tool: 'update_dns',
        args: { hostname: 'home.example.com', ip: '203.0.113.9' },
        why: expect.any(String),
      },
    ]);
    // Without a dynamic record there is nothing Jarvis can change: the owner is told where to.
    const manual = judge(facts({ about: 'dns', dns: { ...dns, hasDdnsRecord: false } }));
    expect(manual.plan).toEqual([]);
    expect(manual.summary).toContain('DNS provider');
    expect(
      judge(facts({ about: 'dns', dns: { ...dns, a: ['203.0.113.9'], pointsAtPublicIp: true } })).problem,
    ).toBe('unknown');
  });

  it('calls a container with rising restarts a crash loop, quoting its error line', () => {
    const result = judge(
      facts({
        incident: {
          id: 'i-3',
          cause: 'alert:container_restarts',
          message: 'Restarted more than 3 times in 1 h: api (6).',
        },
        about: 'containers',
        containers: [
          {
            name: 'api',
            missing: false,
            state: 'restarting',
            health: 'none',
            exitCode: 1,
            oomKilled: false,
            restartCount: 6,
            restartPolicy: 'always',
            engineError: null,
            healthOutput: null,
            errorLines: ['FATAL: password authentication failed for user "app"'],
            logsRead: 12,
          },
        ],
      }),
    );
    expect(result).toMatchObject({ problem: 'crash_loop', subject: 'api' });
    expect(result.summary).toContain('password authentication failed');
    expect(result.evidence).toContainEqual({
      tool: 'container_logs',
      summary: expect.stringContaining('api'),
      excerpt: '> FATAL: password authentication failed for user "app"',
    });
    expect(result.plan[0]).toMatchObject({ tool: 'restart_container', args: { container: 'api' } });
  });

  it('says "unknown" with what was checked when no rule fits', () => {
    const result = judge(
      facts({
        incident: { id: 'i-4', cause: 'alert:cpu', message: 'CPU has been above 90 % for 5 min.' },
        checked: ['the incident (alert:cpu)'],
      }),
    );
    expect(result.problem).toBe('unknown');
    expect(result.summary).toContain('Checked: the incident (alert:cpu)');
    expect(result.plan).toEqual([]);
  });
});

describe('reading an incident', () => {
  it('finds the containers an alert names', () => {
    expect(containersNamedIn('Restarted more than 3 times in 1 h: web (5), db-1 (4).')).toEqual([
      'web',
      'db-1',
    ]);
    expect(containersNamedIn('Unhealthy for 5 min or more: nextcloud.')).toEqual(['nextcloud']);
  });

  it('takes the subject from the alert metric or the monitor config', () => {
    expect(subjectOf({ cause: 'alert:disk', lastMessage: 'x' }, null)).toEqual({ about: 'disk' });
    expect(
      subjectOf({ cause: 'down', lastMessage: 'container exited' }, { type: 'container', container: 'web' }),
    ).toEqual({ about: 'containers', names: ['web'] });
    expect(
      subjectOf({ cause: 'x', lastMessage: 'certificate has expired' }, {
        type: 'http',
        url: 'https://a.example.com:8443/health',
      } as never),
    ).toEqual({ about: 'certificate', host: 'a.example.com', port: 8443 });
  });

  it('keeps the error-looking log lines, or the last lines when none looks like one', () => {
    expect(errorLines(['starting', 'listening on :80', 'Error: EADDRINUSE', 'bye'])).toEqual([
      'Error: EADDRINUSE',
    ]);
    expect(errorLines(['a', 'b', 'c'], 2)).toEqual(['b', 'c']);
  });
});
