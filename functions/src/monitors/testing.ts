/**
 * For the monitoring route tests: a runner stand-in that records every call it gets (method, path,
 * body, whether it was signed) and answers what the test tells it, JSON or text. The real runners
 * are exercised in runners/ and e2e/.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Seen = { method: string; url: string; body: string; signed: boolean };
export type Reply = { status: number; body?: unknown; text?: string; contentType?: string };

export function recordingRunner() {
  const seen: Seen[] = [];
  let answer: (call: Seen) => Reply = () => ({ status: 200, body: {} });
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const call = {
        method: req.method ?? '',
        url: req.url ?? '',
        body,
        signed: typeof req.headers['x-homelab-signature'] === 'string',
      };
      seen.push(call);
      const reply = answer(call);
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
      res.end(reply.text ?? JSON.stringify(reply.body ?? {}));
    });
  });
  return {
    seen,
    /** The same answer to every call, or one chosen per call. */
    reply(next: Reply | ((call: Seen) => Reply)) {
      answer = typeof next === 'function' ? next : () => next;
    },
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Harness = {
  ownerUrl: string;
  call(
    method: string,
    path: string,
    init?: { body?: unknown; cookie?: string | null },
  ): Promise<{ status: number; headers: Headers }>;
};

/** Adds a user with the member role (as the owner would) and returns their session cookie. */
export async function memberCookie(h: Harness, username = 'mia') {
  const { default: postgres } = await import('postgres');
  const { hashPassword } = await import('../auth/password');
  const sql = postgres(h.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const hash = await hashPassword('member password 1');
    await sql`insert into users (username, password_hash, role) values (${username}, ${hash}, 'member')`;
  } finally {
    await sql.end();
  }
  const login = await h.call('POST', '/api/auth/login', {
    body: { username, password: 'member password 1' },
    cookie: null,
  });
  return login.headers.get('set-cookie')!.split(';')[0]!;
}
