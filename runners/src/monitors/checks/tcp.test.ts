import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCheck } from './index';
import { checkOptions, close, listen, tracked } from './test-support';

describe('tcp check', () => {
  it('goes up while something listens, down when it stops, and up again', async () => {
    const server = tracked(net.createServer((socket) => socket.resume()));
    const port = await listen(server);
    const config = { type: 'tcp', host: '127.0.0.1', port } as const;

    const first = await runCheck(config, checkOptions());
    expect(first).toMatchObject({ status: 'up', detail: { remoteAddress: '127.0.0.1' } });
    expect(first.message).toMatch(new RegExp(`^connected to port ${port} in \\d+ ms$`));
    expect(first.latencyMs).toBeGreaterThanOrEqual(0);

    await close(server);
    expect(await runCheck(config, checkOptions())).toMatchObject({
      status: 'down',
      message: 'connection refused',
      latencyMs: null,
    });

    const again = tracked(net.createServer((socket) => socket.resume()));
    await listen(again, port);
    try {
      expect((await runCheck(config, checkOptions())).status).toBe('up');
    } finally {
      await close(again);
    }
  });

  it('closes the connection it opened', async () => {
    const open = new Set<net.Socket>();
    const server = tracked(
      net.createServer((socket) => {
        open.add(socket);
        socket.on('close', () => open.delete(socket));
        socket.resume();
      }),
    );
    const port = await listen(server);
    try {
      await runCheck({ type: 'tcp', host: '127.0.0.1', port }, checkOptions());
      await expect.poll(() => open.size).toBe(0);
    } finally {
      await close(server);
    }
  });

  it('reports a host that does not exist', async () => {
    const result = await runCheck({ type: 'tcp', host: 'no-such-host.invalid', port: 22 }, checkOptions());
    expect(result).toMatchObject({ status: 'down', message: 'host not found' });
  });
});
