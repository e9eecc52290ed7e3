/**
 * For the monitoring route tests: a runner stand-in that records every call it gets (method, path,
 * body, whether it was signed) and answers what the test tells it, JSON or text, and the setup
 * every such suite shares (harness, owner, member). The real runners are exercised in runners/
 * and e2e/.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { createHarness, owner } from '../../test/harness';

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

type Harness = Awaited<ReturnType<typeof createHarness>>;

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

/**
 * Call inside `describe`: a recording runner, a harness whose RUNNERS_URL points at it, the owner
 * set up (and signed in, so `h.call` acts as the owner) and, with `member`, a member's cookie.
 * Each test starts with no calls seen and, when given, `reply` as the runner's answer.
 */
export function runnerRouteSuite(options: { reply?: Reply; member?: boolean } = {}) {
  const runner = recordingRunner();
  let harness: Harness | undefined;
  let member = '';
  beforeAll(async () => {
    harness = await createHarness({ RUNNERS_URL: await runner.listen() });
    expect((await harness.call('POST', '/api/auth/setup', { body: owner })).status).toBe(201);
    if (options.member) member = await memberCookie(harness);
  });
  afterAll(() => runner.close());
  beforeEach(() => {
    runner.seen.length = 0;
    if (options.reply) runner.reply(options.reply);
  });
  const ready = () => {
    if (!harness) throw new Error('runnerRouteSuite: the harness exists from beforeAll on');
    return harness;
  };
  return {
    runner,
    /** The harness's `call`, usable as soon as `beforeAll` has run. */
    h: { call: (...args: Parameters<Harness['call']>) => ready().call(...args) },
    /** The member's session cookie (with `member: true`). */
    member: () => member,
  };
}
