/**
 * Redis monitors: connect (TLS for rediss://), log in with the URL's user and password when it has
 * them, and expect PONG to a PING, speaking the protocol directly (see resp.ts).
 */
import net from 'node:net';
import tls from 'node:tls';
import type { CheckResult, MonitorConfig } from '@homelab/db/monitoring';
import { type CheckOptions, deadline, describeError, down, elapsedSince, socketEvent, up } from './outcome';
import { encodeCommand, ReplyReader } from './resp';
import { withoutSecret } from './secrets';

type RedisConfig = Extract<MonitorConfig, { type: 'redis' }>;

export async function checkRedis(config: RedisConfig, options: CheckOptions): Promise<CheckResult> {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    return down('invalid Redis URL');
  }
  const secure = url.protocol === 'rediss:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const port = Number(url.port || 6379);
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const detail = { host, port, tls: secure };

  const limit = deadline(options);
  const startedAt = performance.now();
  const socket = secure
    ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }) })
    : net.connect({ host, port });
  try {
    await socketEvent(socket, secure ? 'secureConnect' : 'connect', limit.signal);
    const replies = new ReplyReader(socket, limit.signal);
    if (password) {
      socket.write(username ? encodeCommand('AUTH', username, password) : encodeCommand('AUTH', password));
      const auth = await replies.next();
      if (auth.kind === 'error') return down(`login refused: ${auth.text}`, detail);
    }
    socket.write(encodeCommand('PING'));
    const pong = await replies.next();
    const latencyMs = elapsedSince(startedAt);
    if (pong.kind === 'error') {
      const needsLogin = /^NOAUTH/i.test(pong.text);
      return down(
        needsLogin ? 'Redis requires a password (NOAUTH)' : `PING failed: ${pong.text}`,
        detail,
        latencyMs,
      );
    }
    if (pong.text !== 'PONG') return down(`unexpected reply to PING: ${pong.text}`, detail, latencyMs);
    return up(latencyMs, `PONG in ${latencyMs} ms`, detail);
  } catch (error) {
    return down(withoutSecret(describeError(error, limit.reason), config.url), detail);
  } finally {
    socket.destroy();
  }
}
