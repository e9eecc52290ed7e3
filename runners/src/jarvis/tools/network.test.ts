/**
 * network_overview reads the network runner through the internal port (here a stand-in server)
 * and hands the model a trimmed, untrusted view: long command lines, where secrets hide, are clipped.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NetworkOverview } from '@homelab/db/network';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../config';
import { createLogger } from '../../log';
import { networkOverview } from './network';
import type { ToolContext } from './types';

const overview: NetworkOverview = {
  at: '2026-11-29T14:00:00.000Z',
  interfaces: [
    {
      name: 'eth0',
      state: 'up',
      mac: '52:54:00:ab:cd:01',
      addresses: ['192.168.1.10/24'],
      mtu: 1500,
      speedMbps: 1000,
      rxBytesPerSec: 12_500,
      txBytesPerSec: 2_000,
      rxTotal: 1e9,
      txTotal: 2e8,
      errors: { rx: 0, tx: 0 },
    },
  ],
  listening: [
    {
      protocol: 'tcp',
      address: '0.0.0.0',
      port: 5432,
      process: { pid: 42, name: 'postgres', command: `postgres -c ${'x'.repeat(80)} --password=hunter2` },
      container: { id: 'abc', name: 'db', image: 'postgres:16' },
    },
  ],
  processesComplete: true,
  connections: { total: 3, byState: { ESTABLISHED: 3 }, byRemote: [{ address: '192.168.1.100', count: 3 }] },
  publicIp: { ip: '203.0.113.10', checkedAt: '2026-11-29T13:55:00.000Z' },
  dns: [
    {
      name: 'old.rig-city.com',
      records: [{ type: 'A', value: '198.51.100.7' }],
      pointsHere: false,
      error: null,
    },
  ],
  twingate: { present: false, state: null },
  engine: 'connected',
};

let server: Server;
const paths: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(overview));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('network_overview', () => {
  it('summarises the runner overview, clipping command lines and marking the result untrusted', async () => {
    const ctx = {
      config: {
        host: '127.0.0.1',
        port: (server.address() as AddressInfo).port,
        runnerSecret: 's'.repeat(32),
      } as Config,
      log: createLogger({ level: 'error' }),
      signal: new AbortController().signal,
    } as unknown as ToolContext;
    const result = await networkOverview.run({}, ctx);
    expect(paths).toEqual(['/network/overview']);
    if (!result.ok) throw new Error(result.error);
    expect(result.untrusted).toBe(true);
    expect(result.summary).toBe(
      '1 interfaces, 1 listening ports, 3 connections, public IP 203.0.113.10, 1 names not pointing here',
    );
    const data = result.data as {
      listening: { process: string; container: string }[];
      interfaces: { rxKBps: number }[];
    };
    expect(data.listening[0]?.container).toBe('db');
    expect(data.listening[0]?.process).toMatch(
      /^postgres \(pid 42\): postgres -c x+… \(\d+ more characters\)$/,
    );
    expect(data.listening[0]?.process).not.toContain('hunter2');
    expect(data.interfaces[0]?.rxKBps).toBe(12.5);
  });
});
