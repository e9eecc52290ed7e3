import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { MonitorConfig } from '@homelab/db/monitoring';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './index';
import { checkOptions } from './test-support';

type DnsConfig = Extract<MonitorConfig, { type: 'dns' }>;
type Answer = dnsPacket.Answer;

/** A tiny authoritative server: answers from `zone`, which each test edits between checks. */
let zone: Answer[] = [];
let silent = false;
let socket: dgram.Socket;
let resolver: string;

beforeAll(async () => {
  socket = dgram.createSocket('udp4');
  socket.on('message', (message, peer) => {
    if (silent) return;
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    const known = zone.some((answer) => answer.name.toLowerCase() === name);
    const answers = zone.filter(
      (answer) => answer.name.toLowerCase() === name && answer.type === question.type,
    );
    const nxdomain = 3;
    const reply = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (known ? 0 : nxdomain),
      questions: [question],
      answers,
    });
    socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  resolver = `127.0.0.1:${(socket.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => socket.close(() => resolve())));

const check = (config: Partial<DnsConfig> & { name: string }, deps = {}, timeoutMs = 5_000) =>
  runCheck(
    { type: 'dns', recordType: 'A', expected: [], matchPublicIp: false, resolver, ...config } as DnsConfig,
    checkOptions(deps, timeoutMs),
  );
const record = (type: string, name: string, data: unknown) => ({ type, name, ttl: 60, data }) as Answer;

describe('dns check', () => {
  it('goes up, down and up again as the A record changes', async () => {
    zone = [record('A', 'home.example.com', '203.0.113.7')];
    const first = await check({ name: 'home.example.com', expected: ['203.0.113.7'] });
    expect(first).toMatchObject({ status: 'up', detail: { answers: ['203.0.113.7'], resolver } });
    expect(first.message).toMatch(/^A home\.example\.com → 203\.0\.113\.7 in \d+ ms$/);

    zone = [record('A', 'home.example.com', '203.0.113.8')];
    expect(await check({ name: 'home.example.com', expected: ['203.0.113.7'] })).toMatchObject({
      status: 'down',
      message: 'A home.example.com is 203.0.113.8; missing 203.0.113.7',
    });

    zone = [record('A', 'home.example.com', '203.0.113.8'), record('A', 'home.example.com', '203.0.113.7')];
    expect((await check({ name: 'home.example.com', expected: ['203.0.113.7'] })).status).toBe('up');
  });

  it('is up on any answer when nothing is expected, and names a missing record type', async () => {
    zone = [record('A', 'home.example.com', '203.0.113.7')];
    expect((await check({ name: 'home.example.com' })).status).toBe('up');
    expect(await check({ name: 'home.example.com', recordType: 'AAAA' })).toMatchObject({
      status: 'down',
      message: 'no AAAA home.example.com records',
    });
    expect(await check({ name: 'gone.example.com' })).toMatchObject({
      status: 'down',
      message: 'gone.example.com does not exist (NXDOMAIN)',
    });
  });

  it('reads AAAA, CNAME, MX and TXT answers, ignoring case and trailing dots', async () => {
    zone = [
      record('AAAA', 'v6.example.com', '2001:db8::1'),
      record('CNAME', 'www.example.com', 'Home.Example.com'),
      record('MX', 'example.com', { preference: 20, exchange: 'backup.example.com' }),
      record('MX', 'example.com', { preference: 10, exchange: 'mail.example.com' }),
      record('TXT', 'example.com', ['v=spf1 ', 'include:_spf.example.com -all']),
    ];
    expect(
      (await check({ name: 'v6.example.com', recordType: 'AAAA', expected: ['2001:DB8:0::1'] })).status,
    ).toBe('up');
    expect(
      (await check({ name: 'www.example.com', recordType: 'CNAME', expected: ['home.example.com.'] })).status,
    ).toBe('up');
    const mx = await check({
      name: 'example.com',
      recordType: 'MX',
      expected: ['10 MAIL.example.com.', 'backup.example.com'],
    });
    expect(mx).toMatchObject({
      status: 'up',
      detail: { answers: ['10 mail.example.com', '20 backup.example.com'] },
    });
    expect(
      await check({ name: 'example.com', recordType: 'MX', expected: ['20 mail.example.com'] }),
    ).toMatchObject({
      status: 'down',
      message: 'MX example.com is 10 mail.example.com, 20 backup.example.com; missing 20 mail.example.com',
    });
    const txt = await check({
      name: 'example.com',
      recordType: 'TXT',
      expected: ['V=SPF1 include:_spf.example.com -all'],
    });
    expect(txt).toMatchObject({
      status: 'up',
      detail: { answers: ['v=spf1 include:_spf.example.com -all'] },
    });
  });

  it('compares an A record with the public IP', async () => {
    zone = [record('A', 'home.example.com', '198.51.100.4')];
    const config = { name: 'home.example.com', matchPublicIp: true };
    expect(await check(config, { publicIp: async () => null })).toMatchObject({
      status: 'down',
      message: 'public IP not known yet',
    });
    expect(await check(config, { publicIp: async () => '198.51.100.4' })).toMatchObject({
      status: 'up',
      detail: { publicIp: '198.51.100.4' },
    });
    expect(await check(config, { publicIp: async () => '198.51.100.9' })).toMatchObject({
      status: 'down',
      message: 'A home.example.com is 198.51.100.4, not the public IP 198.51.100.9',
    });
    expect(
      await check(config, {
        publicIp: async () => {
          throw new Error('settings unreadable');
        },
      }),
    ).toMatchObject({ status: 'down', message: 'public IP not known yet' });
  });

  it('times out a server that does not answer', async () => {
    silent = true;
    try {
      const result = await check({ name: 'home.example.com' }, {}, 300);
      expect(result).toMatchObject({ status: 'down', message: 'timed out after 300 ms' });
    } finally {
      silent = false;
    }
  });
});
