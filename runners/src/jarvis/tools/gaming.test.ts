/**
 * The game streaming tools read and wake through the gaming runner's internal routes (here a
 * stand-in server): the status names the running app and the paired clients as untrusted text,
 * and waking targets the gaming PC.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GamingStatus } from '@homelab/db/gaming';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../config';
import { createLogger } from '../../log';
import { gameStreamingStatus, wakeGamingPc } from './gaming';
import type { ToolContext } from './types';

const progress = { state: 'idle', sentAt: null, attempts: 0, message: null } as const;
const status: GamingStatus = {
  state: 'online',
  url: 'https://gaming-pc:47990',
  version: '2025.924.154138',
  reason: null,
  checkedAt: '2026-11-29T14:00:00.000Z',
  tlsPinned: true,
  currentApp: { name: 'Steam Big Picture', uuid: 'S', launchedAt: '2026-11-29T13:59:00.000Z' },
  session: null,
  wol: {
    configured: true,
    mac: '00:11:22:33:44:55',
    broadcast: '192.168.1.255:9',
    lastSentAt: null,
    progress,
  },
};

let server: Server;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(req.url === '/gaming/wake' ? 202 : 200, { 'content-type': 'application/json' });
    if (req.url?.startsWith('/gaming/status')) res.end(JSON.stringify({ status }));
    else if (req.url === '/gaming/clients')
      res.end(JSON.stringify({ clients: [{ uuid: 'TV', name: 'Living room TV' }] }));
    else res.end(JSON.stringify({ progress: { ...progress, state: 'waiting' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const ctx = () =>
  ({
    config: {
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      runnerSecret: 's'.repeat(32),
    } as Config,
    log: createLogger({ level: 'error' }),
    signal: new AbortController().signal,
  }) as unknown as ToolContext;

describe('game streaming tools', () => {
  it('game_streaming_status reports the host, the running app and the paired clients, as untrusted', async () => {
    const result = await gameStreamingStatus.run({}, ctx());
    if (!result.ok) throw new Error(result.error);
    expect(result.summary).toBe('Sunshine is online, running Steam Big Picture; 1 paired clients');
    expect(result.untrusted).toBe(true);
    expect(result.data).toMatchObject({ pairedClients: [{ name: 'Living room TV' }] });
    expect(seen).toEqual(['GET /gaming/status?refresh=1', 'GET /gaming/clients']);
  });

  it('wake_gaming_pc targets the gaming PC and sends the packet through the runner', async () => {
    expect(wakeGamingPc.target({})).toBe('gaming-pc');
    const result = await wakeGamingPc.run({}, ctx());
    expect(result).toMatchObject({ ok: true, data: { state: 'waiting' } });
    expect(seen.at(-1)).toBe('POST /gaming/wake');
  });
});
