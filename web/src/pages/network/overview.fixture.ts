/** An overview as the API answers it, for the page and card tests. */
import type { NetworkOverview } from '@homelab/db/network';

const iface = (name: string, rx: number): NetworkOverview['interfaces'][number] => ({
  name,
  state: 'up',
  mac: '52:54:00:ab:cd:01',
  addresses: ['192.168.1.10/24'],
  mtu: 1500,
  speedMbps: 1000,
  rxBytesPerSec: rx,
  txBytesPerSec: 2048,
  rxTotal: 5e9,
  txTotal: 1e9,
  errors: { rx: 0, tx: 0 },
});

export const overview: NetworkOverview = {
  at: '2026-11-29T14:00:00.000Z',
  interfaces: [iface('eth0', 1536), iface('veth1a2b', 10)],
  listening: [
    {
      protocol: 'tcp',
      address: '0.0.0.0',
      port: 8080,
      process: { pid: 900, name: 'docker-proxy', command: 'docker-proxy -host-port 8080' },
      container: { id: 'abc123', name: 'web', image: 'nginx:1' },
    },
    {
      protocol: 'tcp',
      address: '::',
      port: 22,
      process: { pid: 1, name: 'sshd', command: '/usr/sbin/sshd -D' },
      container: null,
    },
    { protocol: 'udp', address: '127.0.0.53', port: 53, process: null, container: null },
  ],
  processesComplete: false,
  connections: {
    total: 7,
    byState: { ESTABLISHED: 5, TIME_WAIT: 2 },
    byRemote: [{ address: '192.168.1.100', count: 4 }],
  },
  publicIp: { ip: '203.0.113.10', checkedAt: new Date().toISOString() },
  dns: [
    { name: 'rig-city.com', records: [{ type: 'A', value: '203.0.113.10' }], pointsHere: true, error: null },
    {
      name: 'old.evindrake.net',
      records: [{ type: 'A', value: '198.51.100.7' }],
      pointsHere: false,
      error: null,
    },
  ],
  twingate: { present: false, state: null },
  engine: 'connected',
};
