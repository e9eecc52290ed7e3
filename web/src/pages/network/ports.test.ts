import type { ListeningPort } from '@homelab/db/network';
import { describe, expect, it } from 'vitest';
import { endpoint, filterPorts, sortPorts } from './ports';

const port = (p: Partial<ListeningPort> & { port: number }): ListeningPort => ({
  protocol: 'tcp',
  address: '0.0.0.0',
  process: null,
  container: null,
  ...p,
});

const ports = [
  port({ port: 8080, container: { id: 'c1', name: 'web', image: 'nginx:1' } }),
  port({ port: 22, process: { pid: 1, name: 'sshd', command: '/usr/sbin/sshd -D' } }),
  port({
    port: 53,
    protocol: 'udp',
    address: '127.0.0.53',
    process: { pid: 2, name: 'systemd-resolve', command: '' },
  }),
];

describe('listening ports', () => {
  it('filters by port, process, command or container', () => {
    expect(filterPorts(ports, '8080').map((p) => p.port)).toEqual([8080]);
    expect(filterPorts(ports, 'SSHD').map((p) => p.port)).toEqual([22]);
    expect(filterPorts(ports, 'nginx').map((p) => p.port)).toEqual([8080]);
    expect(filterPorts(ports, '  ')).toHaveLength(3);
  });

  it('sorts by port, owner or protocol', () => {
    expect(sortPorts(ports, 'port').map((p) => p.port)).toEqual([22, 53, 8080]);
    expect(sortPorts(ports, 'owner').map((p) => p.port)).toEqual([22, 53, 8080]);
    expect(sortPorts(ports, 'protocol').map((p) => p.port)).toEqual([22, 8080, 53]);
  });

  it('writes IPv6 endpoints in brackets', () => {
    expect(endpoint({ address: '::', port: 80 })).toBe('[::]:80');
    expect(endpoint({ address: '127.0.0.1', port: 5432 })).toBe('127.0.0.1:5432');
  });
});
