/**
 * Shared by the check tests: options for runCheck with deps a test controls, and listening helpers
 * for the servers the tests start on 127.0.0.1.
 */
import type { AddressInfo, Server, Socket } from 'node:net';
import type { CheckDeps, CheckOptions } from './outcome';

export function checkOptions(overrides: Partial<CheckDeps> = {}, timeoutMs = 5_000): CheckOptions {
  return {
    timeoutMs,
    signal: new AbortController().signal,
    deps: {
      publicIp: async () => null,
      container: async () => null,
      openSecret: async (sealed) => sealed,
      ...overrides,
    },
  };
}

export async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

const connections = new WeakMap<Server, Set<Socket>>();

/** Starts remembering a server's connections, so close() can end those a test server never reads. */
export function tracked<T extends Server>(server: T): T {
  const open = new Set<Socket>();
  connections.set(server, open);
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  return server;
}

export async function close(server: Server): Promise<void> {
  if (!server.listening) return;
  // A server socket that never reads never sees the client's FIN, and server.close() waits for it.
  for (const socket of connections.get(server) ?? []) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A port nothing listens on: one the system just handed out and took back. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  const port = await listen(server);
  await close(server);
  return port;
}
