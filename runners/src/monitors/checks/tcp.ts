/**
 * TCP port monitors: up when a connection opens, for services without a protocol the other checks
 * speak (game servers, SSH, MQTT).
 */
import net from 'node:net';
import type { CheckResult, MonitorConfig } from '@homelab/db/monitoring';
import { type CheckOptions, deadline, describeError, down, elapsedSince, socketEvent, up } from './outcome';

type TcpConfig = Extract<MonitorConfig, { type: 'tcp' }>;

export async function checkTcp(config: TcpConfig, options: CheckOptions): Promise<CheckResult> {
  const limit = deadline(options);
  const startedAt = performance.now();
  const socket = net.connect({ host: config.host.replace(/^\[(.*)\]$/, '$1'), port: config.port });
  try {
    await socketEvent(socket, 'connect', limit.signal);
    const latencyMs = elapsedSince(startedAt);
    return up(latencyMs, `connected to port ${config.port} in ${latencyMs} ms`, {
      remoteAddress: socket.remoteAddress,
    });
  } catch (error) {
    return down(describeError(error, limit.reason));
  } finally {
    socket.destroy();
  }
}
