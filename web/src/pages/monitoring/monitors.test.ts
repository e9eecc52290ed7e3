import { describe, expect, it } from 'vitest';
import { monitor } from '../../test/monitoring-fixtures';
import {
  barsUptime,
  certificateFacts,
  dailyRatioBars,
  formatAgo,
  formatLatency,
  formatUptimeRatio,
  groupMonitors,
  incidentDuration,
  matchesFilter,
  mergeBars,
  pushLatency,
  stateLook,
  uptimeBars,
} from './monitors';

const now = Date.parse('2025-03-31T15:00:00Z');
const point = (at: string, checks: number, upChecks: number) => ({
  at,
  checks,
  upChecks,
  latencyAvgMs: 100,
  latencyMaxMs: 200,
});

describe('stateLook', () => {
  it('says every state in words with its own icon, and unknown ones as Unknown', () => {
    expect(stateLook('up')).toEqual({ tone: 'ok', icon: 'i-ph-check-circle', text: 'Up' });
    expect(stateLook('down').text).toBe('Down');
    expect(stateLook('maintenance').tone).toBe('warn');
    expect(stateLook('paused').text).toBe('Paused');
    expect(stateLook('exploded').text).toBe('Unknown');
    expect(stateLook(null).text).toBe('Unknown');
    const icons = ['up', 'down', 'pending', 'paused', 'maintenance'].map((s) => stateLook(s).icon);
    expect(new Set(icons).size).toBe(5);
  });
});

describe('number formatting', () => {
  it('shows latency in ms below a second, in seconds above', () => {
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(142.4)).toBe('142 ms');
    expect(formatLatency(1234)).toBe('1.2 s');
    expect(formatLatency(15_400)).toBe('15 s');
  });

  it('shows uptime to two decimals without rounding up to 100%', () => {
    expect(formatUptimeRatio(null)).toBe('—');
    expect(formatUptimeRatio(1)).toBe('100%');
    expect(formatUptimeRatio(0.99999)).toBe('99.99%');
    expect(formatUptimeRatio(0.5)).toBe('50.00%');
    expect(formatUptimeRatio(0)).toBe('0.00%');
    expect(formatUptimeRatio(0.29)).toBe('29.00%');
  });

  it('ages the last check compactly', () => {
    expect(formatAgo(null, now)).toBe('never');
    expect(formatAgo(new Date(now - 8_000).toISOString(), now)).toBe('8s ago');
    expect(formatAgo(new Date(now - 180_000).toISOString(), now)).toBe('3m ago');
    expect(formatAgo(new Date(now - 7_200_000).toISOString(), now)).toBe('2h ago');
    expect(formatAgo(new Date(now - 3 * 86_400_000).toISOString(), now)).toBe('3d ago');
  });

  it('says how long an incident lasted, or has lasted so far', () => {
    const startedAt = '2025-03-31T12:00:00Z';
    expect(incidentDuration({ startedAt, resolvedAt: '2025-03-31T14:05:00Z' }, now)).toBe('2h 5m');
    expect(incidentDuration({ startedAt, resolvedAt: null }, now)).toBe('ongoing for 3h');
  });
});

describe('groupMonitors and matchesFilter', () => {
  const a = monitor({ id: 'a', name: 'b site', domain: 'rig-city.com', tags: ['web'] });
  const b = monitor({ id: 'b', name: 'a site', domain: 'rig-city.com', tags: [] });
  const c = monitor({ id: 'c', name: 'dns', domain: 'evindrake.net', tags: ['dns'], state: 'down' });
  const d = monitor({ id: 'd', name: 'backup', domain: null, tags: ['cron'] });

  it('groups by domain, names sorted, the catch-all last', () => {
    const groups = groupMonitors([a, b, c, d], 'domain');
    expect(groups.map((g) => g.label)).toEqual(['evindrake.net', 'rig-city.com', 'No domain']);
    expect(groups[1]!.monitors.map((m) => m.name)).toEqual(['a site', 'b site']);
  });

  it('groups by first tag', () => {
    expect(groupMonitors([a, b, c, d], 'tag').map((g) => g.label)).toEqual(['cron', 'dns', 'web', 'No tag']);
  });

  it('matches every word of the filter against name, domain, tags, state and target', () => {
    expect(matchesFilter(a, '')).toBe(true);
    expect(matchesFilter(a, 'RIG web')).toBe(true);
    expect(matchesFilter(c, 'down')).toBe(true);
    expect(matchesFilter(c, 'up')).toBe(false);
    expect(matchesFilter(a, 'rig-city.com/')).toBe(true);
  });
});

describe('uptime bars', () => {
  it('adds a day up from its buckets, today last, empty days empty', () => {
    const bars = uptimeBars(
      [
        point('2025-03-31T01:00:00Z', 10, 10),
        point('2025-03-31T04:00:00Z', 10, 5),
        point('2025-03-29T00:00:00Z', 4, 0),
        point('2024-01-01T00:00:00Z', 4, 4),
      ],
      90,
      now,
    );
    expect(bars).toHaveLength(90);
    expect(bars.at(-1)).toEqual({
      day: '2025-03-31',
      checks: 20,
      upChecks: 15,
      ratio: 0.75,
      look: 'partial',
    });
    expect(bars.at(-2)!.look).toBe('none');
    expect(bars.at(-3)).toMatchObject({ day: '2025-03-29', look: 'down', ratio: 0 });
    expect(bars[0]!.day).toBe('2025-01-01');
    expect(barsUptime(bars)).toBe(15 / 24);
  });

  it('spreads a bucket wider than a day over each day it covers', () => {
    const bars = uptimeBars([point('2025-03-28T00:00:00Z', 6, 6)], 5, now, 2);
    expect(bars.map((b) => b.look)).toEqual(['none', 'up', 'up', 'none', 'none']);
  });

  it('fills days the finer history lacks from the coarser one', () => {
    const fine = uptimeBars([point('2025-03-31T00:00:00Z', 1, 1)], 3, now);
    const coarse = uptimeBars(
      [point('2025-03-29T00:00:00Z', 2, 0), point('2025-03-31T00:00:00Z', 2, 0)],
      3,
      now,
    );
    expect(mergeBars(fine, coarse).map((b) => b.look)).toEqual(['down', 'none', 'up']);
  });

  it('reads the public status page’s daily ratios and averages them when counts are unknown', () => {
    const bars = dailyRatioBars(
      [
        { date: '2025-03-30', uptime: 1 },
        { date: '2025-03-31', uptime: 0.5 },
        { date: '2025-03-29', uptime: null },
      ],
      3,
      now,
    );
    expect(bars.map((b) => b.look)).toEqual(['none', 'up', 'partial']);
    expect(barsUptime(bars)).toBe(0.75);
    expect(barsUptime(dailyRatioBars([], 3, now))).toBeNull();
  });
});

describe('certificateFacts', () => {
  it('reads a TLS check’s facts and counts the days left from the expiry', () => {
    const facts = certificateFacts(
      {
        issuer: "Let's Encrypt R11",
        subject: 'CN=rig-city.com',
        validTo: '2025-04-10T15:00:00Z',
        daysLeft: 99,
      },
      now,
    );
    expect(facts).toEqual({
      daysLeft: 10,
      issuer: "Let's Encrypt R11",
      expiresAt: '2025-04-10T15:00:00Z',
      subject: 'CN=rig-city.com',
    });
  });

  it('reads an HTTPS check’s certificate, and nothing from a detail without one', () => {
    expect(
      certificateFacts({ certificate: { validTo: '2025-03-30T15:00:00Z', daysLeft: 0 } }, now),
    ).toMatchObject({
      daysLeft: -1,
      issuer: null,
    });
    expect(certificateFacts({ status: 200 }, now)).toBeNull();
    expect(certificateFacts(null, now)).toBeNull();
  });
});

describe('pushLatency', () => {
  it('keeps the newest values, skipping checks without one', () => {
    expect(pushLatency([1, 2, 3], 4, 3)).toEqual([2, 3, 4]);
    expect(pushLatency([1], null)).toEqual([1]);
  });
});
