import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cidrOf,
  counterDelta,
  decodeHexAddress,
  interfaceRates,
  listeningSockets,
  parseCmdline,
  parseMac,
  parseNetDev,
  parseOperState,
  parseParentPid,
  parseSocketTable,
  parseSpeed,
  socketInode,
  summarizeConnections,
} from './parse';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/proc/net/${name}`, import.meta.url), 'utf8');

describe('parseNetDev and rates', () => {
  it('reads bytes and errors per interface', () => {
    const counters = parseNetDev(fixture('dev'));
    expect(counters.get('eth0')).toEqual({ rxBytes: 4294967000, txBytes: 2000000, rxErrors: 3, txErrors: 1 });
    expect(counters.get('lo')?.rxBytes).toBe(44187);
    expect(counters.size).toBe(2);
  });

  it('turns two readings into bytes per second, across a 32-bit counter wrap', () => {
    const rates = interfaceRates(parseNetDev(fixture('dev')), parseNetDev(fixture('dev-later')), 10);
    // eth0 rx went 4294967000 → 9704: 296 bytes to the wrap plus 9704 after it.
    expect(rates.get('eth0')).toEqual({ rxBytesPerSec: 1000, txBytesPerSec: 2000 });
    expect(rates.get('lo')).toEqual({ rxBytesPerSec: 1000, txBytesPerSec: 1000 });
  });

  it('reads a drop from a 64-bit sized counter as a reset, not a wrap', () => {
    expect(counterDelta(10_000_000_000, 500)).toBe(500);
    expect(counterDelta(2 ** 32 - 10, 5)).toBe(15);
    expect(counterDelta(100, 150)).toBe(50);
  });

  it('gives a new interface zero until it has two readings', () => {
    const rates = interfaceRates(undefined, parseNetDev(fixture('dev')), 10);
    expect(rates.get('eth0')).toEqual({ rxBytesPerSec: 0, txBytesPerSec: 0 });
  });
});

describe('decodeHexAddress', () => {
  it('reads IPv4 in the kernel little-endian order', () => {
    expect(decodeHexAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeHexAddress('0A01A8C0')).toBe('192.168.1.10');
  });

  it('reads IPv6 word by word and writes the short form', () => {
    expect(decodeHexAddress('00000000000000000000000001000000')).toBe('::1');
    expect(decodeHexAddress('00000000000000000000000000000000')).toBe('::');
    expect(decodeHexAddress('B80D01200000000000000000A0B0C0D0')).toBe('2001:db8::d0c0:b0a0');
    expect(decodeHexAddress('000080FE00000000FF00000001000000')).toBe('fe80::ff:0:1');
    expect(decodeHexAddress('0000000000000000FFFF00006401A8C0')).toBe('::ffff:192.168.1.100');
  });
});

describe('socket tables', () => {
  const all = [
    ...parseSocketTable(fixture('tcp'), 'tcp'),
    ...parseSocketTable(fixture('tcp6'), 'tcp'),
    ...parseSocketTable(fixture('udp'), 'udp'),
    ...parseSocketTable(fixture('udp6'), 'udp'),
  ];

  it('lists TCP listeners and bound UDP sockets with their inodes, by port', () => {
    expect(listeningSockets(all).map((s) => [s.protocol, s.localAddress, s.localPort, s.inode])).toEqual([
      ['tcp', '0.0.0.0', 22, 1001],
      ['udp', '127.0.0.53', 53, 3001],
      ['tcp', '::', 80, 2001],
      ['udp', 'fe80::ff:0:1', 546, 4001],
      ['tcp', '127.0.0.1', 5432, 1002],
      ['tcp', '::1', 8080, 2002],
    ]);
  });

  it('summarises connections by state and names the busiest remote peers, leaving loopback out of them', () => {
    expect(summarizeConnections(all)).toEqual({
      total: 5,
      byState: { ESTABLISHED: 4, TIME_WAIT: 1 },
      byRemote: [
        { address: '192.168.1.100', count: 3 },
        { address: '8.8.8.8', count: 1 },
      ],
    });
  });

  it('skips header and malformed lines', () => {
    expect(parseSocketTable('header\n  0: zz:1 00000000:0000 0A\n\n', 'tcp')).toEqual([]);
  });
});

describe('small host files', () => {
  it('reads /sys/class/net values, treating absent or -1 speeds as unknown', () => {
    expect(parseOperState('up\n')).toBe('up');
    expect(parseOperState('lowerlayerdown\n')).toBe('down');
    expect(parseOperState('unknown\n')).toBe('unknown');
    expect(parseSpeed('1000\n')).toBe(1000);
    expect(parseSpeed('-1\n')).toBeNull();
    expect(parseSpeed(null)).toBeNull();
    expect(parseMac('52:54:00:AB:cd:01\n')).toBe('52:54:00:ab:cd:01');
    expect(parseMac('')).toBeNull();
  });

  it('reads socket links, command lines and parent pids', () => {
    expect(socketInode('socket:[12345]')).toBe(12345);
    expect(socketInode('/dev/null')).toBeNull();
    expect(parseCmdline('node\0server.js\0--port\x003000\0')).toBe('node server.js --port 3000');
    expect(parseCmdline(`x\0${'a'.repeat(300)}`, 20)).toHaveLength(20);
    expect(parseParentPid('1234 (my (odd) name) S 42 1234 1234 0 -1')).toBe(42);
  });

  it('writes addresses as CIDR without zone ids', () => {
    expect(cidrOf('192.168.1.10', '192.168.1.10/24', '255.255.255.0')).toBe('192.168.1.10/24');
    expect(cidrOf('fe80::1%eth0', null, 'ffff:ffff:ffff:ffff::')).toBe('fe80::1/64');
    expect(cidrOf('10.0.0.2', null, '255.255.0.0')).toBe('10.0.0.2/16');
  });
});
