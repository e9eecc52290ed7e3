import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDnsServer, startFakeDnsProvider } from '../../../e2e/fakes/zoneedit/server';
import {
  type ProviderRecord,
  parseDyndns2Answer,
  parseZoneEditAnswer,
  sendUpdate,
  updateUrl,
} from './providers';

describe('parseZoneEditAnswer', () => {
  it('reads success, no-change and the duplicate refusal as success', () => {
    expect(
      parseZoneEditAnswer(
        '<SUCCESS CODE="200" TEXT="Update succeeded." ZONE="example.com" HOST="h.example.com" IP="1.2.3.4">',
      ),
    ).toEqual({ ok: true, changed: true, code: '200', text: 'Update succeeded.' });
    expect(
      parseZoneEditAnswer('<SUCCESS CODE="201" TEXT="No records need updating." ZONE="e.com">'),
    ).toMatchObject({
      ok: true,
      changed: false,
    });
    expect(
      parseZoneEditAnswer(
        '<ERROR CODE="707" TEXT="Duplicate updates for the same host/ip, adjust client settings" ZONE="e.com" HOST="h.e.com"/>',
      ),
    ).toMatchObject({ ok: true, changed: false, code: '707' });
  });

  it('surfaces errors with their code and text', () => {
    expect(
      parseZoneEditAnswer('<ERROR CODE="702" TEXT="Update failed" ZONE="e.com" HOST="h.e.com">'),
    ).toEqual({
      ok: false,
      needsPerson: false,
      code: '702',
      text: 'Update failed',
    });
    expect(parseZoneEditAnswer('<ERROR CODE="708" TEXT="Failed Login">')).toMatchObject({
      needsPerson: true,
    });
    expect(parseZoneEditAnswer('<html>maintenance</html>')).toMatchObject({ ok: false, code: 'unparsed' });
  });
});

describe('parseDyndns2Answer', () => {
  it('reads good and nochg as success', () => {
    expect(parseDyndns2Answer('good 1.2.3.4\n')).toMatchObject({ ok: true, changed: true, code: 'good' });
    expect(parseDyndns2Answer('nochg 1.2.3.4')).toMatchObject({ ok: true, changed: false, code: 'nochg' });
  });

  it('stops on answers only a person can fix and backs off on the provider trouble', () => {
    for (const code of ['badauth', 'nohost', 'notfqdn', 'abuse', 'badagent', 'numhost'])
      expect(parseDyndns2Answer(code)).toMatchObject({ ok: false, needsPerson: true, code });
    for (const code of ['dnserr', '911'])
      expect(parseDyndns2Answer(code)).toMatchObject({ ok: false, needsPerson: false, code });
  });
});

describe('updateUrl', () => {
  it('builds each protocol’s query', () => {
    const base = { hostname: 'h.example.com', username: 'u', password: 'p' };
    expect(
      updateUrl(
        { ...base, provider: 'zoneedit', serverUrl: 'https://dynamic.zoneedit.com/auth/dynamic.html' },
        '1.2.3.4',
      ).href,
    ).toBe('https://dynamic.zoneedit.com/auth/dynamic.html?host=h.example.com&dnsto=1.2.3.4');
    expect(
      updateUrl({ ...base, provider: 'dyndns2', serverUrl: 'https://members.example/' }, '1.2.3.4').href,
    ).toBe('https://members.example/nic/update?hostname=h.example.com&myip=1.2.3.4');
  });
});

describe('sendUpdate against the fake provider', () => {
  let fake: FakeDnsServer;
  let zoneedit: ProviderRecord;
  let dyndns2: ProviderRecord;

  beforeAll(async () => {
    fake = await startFakeDnsProvider({
      account: { username: 'owner', password: 's3cret', hosts: ['home.example.com'] },
    });
    const base = { hostname: 'home.example.com', username: 'owner', password: 's3cret' };
    zoneedit = { ...base, provider: 'zoneedit', serverUrl: fake.zoneEditUrl };
    dyndns2 = { ...base, provider: 'dyndns2', serverUrl: fake.url };
  });
  afterAll(() => fake.close());

  it('ZoneEdit: updates, then answers 707 for the same address again', async () => {
    expect(await sendUpdate(zoneedit, '203.0.113.9')).toMatchObject({ ok: true, changed: true, code: '200' });
    expect(await sendUpdate(zoneedit, '203.0.113.9')).toMatchObject({
      ok: true,
      changed: false,
      code: '707',
    });
    expect(fake.addresses.get('home.example.com')).toBe('203.0.113.9');
  });

  it('ZoneEdit: a wrong password or an unknown host is refused', async () => {
    expect(await sendUpdate({ ...zoneedit, password: 'nope' }, '203.0.113.10')).toMatchObject({
      ok: false,
      needsPerson: true,
      code: 'badauth',
    });
    expect(await sendUpdate({ ...zoneedit, hostname: 'other.example.org' }, '203.0.113.10')).toMatchObject({
      ok: false,
      code: '701',
      text: 'Zone is not set up in this account',
    });
  });

  it('dyndns2: good, nochg, badauth and 911', async () => {
    expect(await sendUpdate(dyndns2, '198.51.100.4')).toMatchObject({
      ok: true,
      changed: true,
      code: 'good',
    });
    expect(await sendUpdate(dyndns2, '198.51.100.4')).toMatchObject({
      ok: true,
      changed: false,
      code: 'nochg',
    });
    expect(await sendUpdate({ ...dyndns2, password: 'nope' }, '198.51.100.5')).toMatchObject({
      needsPerson: true,
      code: 'badauth',
    });
    fake.simulateOutage(1);
    expect(await sendUpdate(dyndns2, '198.51.100.5')).toMatchObject({
      ok: false,
      needsPerson: false,
      code: '911',
    });
  });

  it('an unreachable provider is a failure worth retrying', async () => {
    expect(await sendUpdate({ ...zoneedit, serverUrl: 'http://127.0.0.1:1/x' }, '1.2.3.4')).toMatchObject({
      ok: false,
      needsPerson: false,
      code: 'unreachable',
    });
  });
});
