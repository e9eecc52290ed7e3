import { describe, expect, it } from 'vitest';
import { createDnsChecker, type DnsLookup, servedNames } from './dns';

const fail = (code: string) => Object.assign(new Error(code), { code });

function countingLookup(answers: Record<string, { a?: string[]; cname?: string[] }>) {
  const calls: string[] = [];
  const lookup: DnsLookup = {
    resolve4: async (name) => {
      calls.push(name);
      const a = answers[name]?.a;
      if (!a) throw fail('ENODATA');
      return a;
    },
    resolve6: async () => {
      throw fail('ENODATA');
    },
    resolveCname: async (name) => {
      const cname = answers[name]?.cname;
      if (!cname) throw fail('ENODATA');
      return cname;
    },
  };
  return { lookup, calls };
}

describe('servedNames', () => {
  it('keeps real host names once each, without IPs, single labels or local names', () => {
    expect(
      servedNames([
        'Rig-City.com.',
        'rig-city.com',
        '10.0.0.1',
        'localhost',
        'nas.local',
        null,
        'www.evindrake.net',
      ]),
    ).toEqual(['rig-city.com', 'www.evindrake.net']);
  });
});

describe('createDnsChecker', () => {
  it('says whether each name points at the public IP, following CNAMEs by their addresses', async () => {
    const { lookup } = countingLookup({
      'rig-city.com': { a: ['203.0.113.10'] },
      'www.rig-city.com': { a: ['203.0.113.10'], cname: ['rig-city.com'] },
      'old.evindrake.net': { a: ['198.51.100.1'] },
    });
    const checker = createDnsChecker({ lookup });
    const result = await checker.check(
      ['rig-city.com', 'www.rig-city.com', 'old.evindrake.net', 'gone.example.com'],
      '203.0.113.10',
    );
    expect(result.map((r) => [r.name, r.pointsHere, r.error])).toEqual([
      ['rig-city.com', true, null],
      ['www.rig-city.com', true, null],
      ['old.evindrake.net', false, null],
      ['gone.example.com', false, 'no A, AAAA or CNAME record'],
    ]);
    expect(result[1]?.records).toEqual([
      { type: 'A', value: '203.0.113.10' },
      { type: 'CNAME', value: 'rig-city.com' },
    ]);
  });

  it('caches answers for a few minutes, then asks again', async () => {
    const { lookup, calls } = countingLookup({ 'rig-city.com': { a: ['203.0.113.10'] } });
    let now = 0;
    const checker = createDnsChecker({ lookup, cacheMs: 60_000, now: () => now });
    await checker.check(['rig-city.com'], null);
    now = 30_000;
    await checker.check(['rig-city.com'], null);
    expect(calls).toHaveLength(1);
    now = 90_001;
    await checker.check(['rig-city.com'], null);
    expect(calls).toHaveLength(2);
  });

  it('reports a resolver that does not answer in time', async () => {
    const lookup: DnsLookup = {
      resolve4: () => new Promise(() => {}),
      resolve6: () => new Promise(() => {}),
      resolveCname: () => new Promise(() => {}),
    };
    const [result] = await createDnsChecker({ lookup, timeoutMs: 20 }).check(
      ['slow.example.com'],
      '203.0.113.10',
    );
    expect(result).toEqual({
      name: 'slow.example.com',
      records: [],
      pointsHere: false,
      error: 'A lookup failed (ETIMEOUT)',
    });
  });
});
