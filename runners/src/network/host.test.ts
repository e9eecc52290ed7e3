import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createHostReader } from './host';

const root = (dir: string) => fileURLToPath(new URL(`./fixtures/${dir}`, import.meta.url));
const reader = createHostReader({
  procRoot: root('proc'),
  sysRoot: root('sys'),
  addresses: () => ({
    eth0: [
      {
        address: '192.168.1.10',
        netmask: '255.255.255.0',
        family: 'IPv4',
        mac: '',
        internal: false,
        cidr: '192.168.1.10/24',
      },
      {
        address: 'fe80::1',
        netmask: 'ffff:ffff:ffff:ffff::',
        family: 'IPv6',
        mac: '',
        internal: false,
        cidr: 'fe80::1/64',
        scopeid: 2,
      },
    ],
  }),
});

describe('createHostReader on fixture folders', () => {
  it('reads interface facts from /sys/class/net and addresses from the OS', async () => {
    expect(await reader.interfaceFacts(['eth0', 'lo'])).toEqual([
      {
        name: 'eth0',
        state: 'up',
        mac: '52:54:00:ab:cd:01',
        addresses: ['192.168.1.10/24', 'fe80::1/64'],
        mtu: 1500,
        speedMbps: 1000,
      },
      { name: 'lo', state: 'unknown', mac: '00:00:00:00:00:00', addresses: [], mtu: 65536, speedMbps: null },
    ]);
  });

  it('reads all four socket tables and the interface counters', async () => {
    const sockets = await reader.sockets();
    expect(sockets.filter((s) => s.protocol === 'tcp')).toHaveLength(9);
    expect(sockets.filter((s) => s.protocol === 'udp')).toHaveLength(3);
    expect((await reader.counters()).get('eth0')?.rxErrors).toBe(3);
  });

  it('finds no owner for a socket no process holds', async () => {
    const { owners } = await reader.socketOwners(new Set([1001]));
    expect(owners.size).toBe(0);
  });

  it('reads nothing rather than failing when the roots do not exist', async () => {
    const missing = createHostReader({
      procRoot: '/nonexistent/proc',
      sysRoot: '/nonexistent/sys',
      addresses: () => ({}),
    });
    expect(await missing.sockets()).toEqual([]);
    expect((await missing.counters()).size).toBe(0);
    expect(await missing.processInfo(1)).toBeNull();
  });
});
