/**
 * The network_overview tool: the network runner's overview, trimmed for the model. Command lines
 * are clipped hard (arguments can carry passwords) and, like DNS answers and container names, are
 * text from outside, so the result is marked untrusted.
 */
import type { NetworkOverview } from '@homelab/db/network';
import { z } from 'zod';
import { clip, defineTool } from './define';
import { callRunner } from './runners';

const kb = (bytesPerSec: number) => Math.round(bytesPerSec / 100) / 10;

export const networkOverview = defineTool('network_overview', {
  args: z.object({}),
  target: () => null,
  async run(_args, ctx) {
    const o = await callRunner<NetworkOverview>(ctx, 'network', { path: '/overview', timeoutMs: 20_000 });
    const mismatched = o.dns.filter((d) => !d.pointsHere);
    return {
      ok: true,
      summary: `${o.interfaces.length} interfaces, ${o.listening.length} listening ports, ${o.connections.total} connections, public IP ${o.publicIp?.ip ?? 'unknown'}${mismatched.length ? `, ${mismatched.length} names not pointing here` : ''}`,
      data: {
        interfaces: o.interfaces.map((i) => ({
          name: i.name,
          state: i.state,
          addresses: i.addresses.slice(0, 4),
          rxKBps: kb(i.rxBytesPerSec),
          txKBps: kb(i.txBytesPerSec),
          errors: i.errors,
        })),
        listening: o.listening.slice(0, 60).map((l) => ({
          port: `${l.protocol}/${l.port}`,
          address: l.address,
          process: l.process
            ? `${l.process.name} (pid ${l.process.pid}): ${clip(l.process.command, 60)}`
            : 'unknown',
          container: l.container?.name ?? null,
        })),
        connections: o.connections,
        publicIp: o.publicIp,
        dns: o.dns.slice(0, 30).map((d) => ({
          name: d.name,
          pointsHere: d.pointsHere,
          records: d.records.slice(0, 4).map((r) => `${r.type} ${r.value}`),
          error: d.error,
        })),
        twingate: o.twingate,
        containersMatched: o.engine === 'connected',
      },
      untrusted: true,
    };
  },
});
