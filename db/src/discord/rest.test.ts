import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDiscordRest, DiscordApiError, routeOf } from './rest';

type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: string };
type Reply = (req: Seen, res: ServerResponse) => void;

const seen: Seen[] = [];
const replies: Reply[] = [];
let baseUrl = '';

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    seen.push(entry);
    const reply = replies.shift();
    if (reply) reply(entry, res);
    else json(res, 200, { ok: true });
  });
});

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A sleep that records each wait and resolves at once, or when the test releases it. */
function recordingSleep(hold = false) {
  const waits: number[] = [];
  const held: (() => void)[] = [];
  const sleep = (ms: number) => {
    waits.push(ms);
    return hold ? new Promise<void>((resolve) => held.push(resolve)) : Promise.resolve();
  };
  const release = () => {
    for (const resolve of held.splice(0)) resolve();
  };
  return { waits, sleep, release };
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  replies.length = 0;
});

describe('createDiscordRest', () => {
  it('sends JSON with the bot token, user agent and an encoded audit-log reason', async () => {
    const rest = createDiscordRest({ token: 'bot-token', baseUrl });
    replies.push((_req, res) => json(res, 200, { id: '42' }));
    const created = await rest.post<{ id: string }>(
      '/channels/123456/messages',
      { content: 'hi' },
      { reason: 'Ticket #7 opened — by Ævin', query: { wait: true, skip: undefined } },
    );
    expect(created).toEqual({ id: '42' });
    const [req] = seen;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe('/api/v10/channels/123456/messages?wait=true');
    expect(req!.headers.authorization).toBe('Bot bot-token');
    expect(req!.headers['user-agent']).toBe('DiscordBot (https://github.com/homelabhub, 0.1)');
    expect(req!.headers['x-audit-log-reason']).toBe(encodeURIComponent('Ticket #7 opened — by Ævin'));
    expect(JSON.parse(req!.body)).toEqual({ content: 'hi' });
  });

  it('leaves the bot token off interaction webhooks and returns undefined for 204', async () => {
    const rest = createDiscordRest({ token: 'bot-token', baseUrl });
    replies.push((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const result = await rest.delete('/webhooks/111111/tok/messages/@original', { auth: false });
    expect(result).toBeUndefined();
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  it("sends a person's OAuth2 token as Bearer and names it on a refusal", async () => {
    const rest = createDiscordRest({ token: 'access-token', authorization: 'Bearer', baseUrl });
    replies.push((_req, res) => json(res, 200, [{ id: '1' }]));
    expect(await rest.get('/users/@me/guilds')).toEqual([{ id: '1' }]);
    expect(seen[0]!.headers.authorization).toBe('Bearer access-token');

    replies.push((_req, res) => json(res, 401, { message: '401: Unauthorized', code: 0 }));
    const error = (await rest.get('/users/@me').catch((e: unknown) => e)) as DiscordApiError;
    expect(error).toBeInstanceOf(DiscordApiError);
    expect(error.status).toBe(401);
    expect(error.authorization).toBe('Bearer');
    const bot = createDiscordRest({ token: 'bot-token', baseUrl });
    replies.push((_req, res) => json(res, 401, { message: '401: Unauthorized', code: 0 }));
    expect(((await bot.get('/users/@me').catch((e: unknown) => e)) as DiscordApiError).authorization).toBe(
      'Bot',
    );
  });

  it('waits for an empty bucket to reset before sending the next request in it', async () => {
    const { waits, sleep } = recordingSleep();
    const rest = createDiscordRest({ token: 't', baseUrl, sleep });
    const limited = { 'x-ratelimit-bucket': 'abc', 'x-ratelimit-limit': '5', 'x-ratelimit-reset-after': '2' };
    replies.push((_req, res) => json(res, 200, {}, { ...limited, 'x-ratelimit-remaining': '0' }));
    await rest.get('/channels/123456/messages/999999');
    expect(waits).toEqual([]);
    await rest.get('/channels/123456/messages/888888');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1500);
    expect(waits[0]).toBeLessThanOrEqual(2000);
    expect(seen).toHaveLength(2);
  });

  it('keeps buckets of different channels apart', async () => {
    const { waits, sleep } = recordingSleep();
    const rest = createDiscordRest({ token: 't', baseUrl, sleep });
    replies.push((_req, res) =>
      json(
        res,
        200,
        {},
        { 'x-ratelimit-bucket': 'abc', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '2' },
      ),
    );
    await rest.get('/channels/123456/messages');
    await rest.get('/channels/654321/messages');
    expect(waits).toEqual([]);
  });

  it('throws a 429 instead of waiting longer than maxWaitMs for a bucket', async () => {
    const { waits, sleep } = recordingSleep();
    const rest = createDiscordRest({ token: 't', baseUrl, sleep, maxWaitMs: 1000 });
    replies.push((_req, res) =>
      json(res, 200, {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '30' }),
    );
    await rest.get('/guilds/123456/channels');
    const error = await rest.get('/guilds/123456/channels').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordApiError);
    expect((error as DiscordApiError).status).toBe(429);
    expect(waits).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('waits Retry-After on a 429 and retries', async () => {
    const { waits, sleep } = recordingSleep();
    const rest = createDiscordRest({ token: 't', baseUrl, sleep });
    replies.push((_req, res) =>
      json(
        res,
        429,
        { message: 'You are being rate limited.', retry_after: 1.5, global: false },
        {
          'retry-after': '2',
        },
      ),
    );
    replies.push((_req, res) => json(res, 200, { id: '1' }));
    expect(await rest.post('/channels/123456/messages', { content: 'x' })).toEqual({ id: '1' });
    expect(waits).toEqual([1500]);
    expect(seen).toHaveLength(2);
  });

  it('throws on a 429 whose Retry-After is longer than maxWaitMs', async () => {
    const { waits, sleep } = recordingSleep();
    const rest = createDiscordRest({ token: 't', baseUrl, sleep, maxWaitMs: 5000 });
    replies.push((_req, res) =>
      json(res, 429, { message: 'slow down', retry_after: 60 }, { 'retry-after': '60' }),
    );
    const error = (await rest.get('/users/@me').catch((e: unknown) => e)) as DiscordApiError;
    expect(error.status).toBe(429);
    expect(waits).toEqual([]);
  });

  it('pauses every request, on any route, during a global 429', async () => {
    const { waits, sleep, release } = recordingSleep(true);
    const rest = createDiscordRest({ token: 't', baseUrl, sleep });
    replies.push((_req, res) =>
      json(res, 429, { message: 'global', retry_after: 3, global: true }, { 'x-ratelimit-global': 'true' }),
    );
    const first = rest.post('/channels/111111/messages', { content: 'a' });
    await vi.waitFor(() => expect(waits).toEqual([3000]));
    const second = rest.get('/guilds/222222/roles');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.map((s) => s.url)).toEqual(['/api/v10/channels/111111/messages']);
    release();
    await Promise.all([first, second]);
    expect(seen.map((s) => s.url).sort()).toEqual([
      '/api/v10/channels/111111/messages',
      '/api/v10/channels/111111/messages',
      '/api/v10/guilds/222222/roles',
    ]);
  });

  it('backs off exponentially on 5xx, then gives up after maxRetries', async () => {
    const { waits, sleep } = recordingSleep();
    const rest = createDiscordRest({ token: 't', baseUrl, sleep, maxRetries: 3 });
    for (let i = 0; i < 4; i++) replies.push((_req, res) => json(res, 502, { message: 'Bad Gateway' }));
    const error = (await rest.get('/gateway/bot').catch((e: unknown) => e)) as DiscordApiError;
    expect(error.status).toBe(502);
    expect(waits).toEqual([500, 1000, 2000]);
    expect(seen).toHaveLength(4);
  });

  it('recovers when a 5xx clears up', async () => {
    const { waits, sleep } = recordingSleep();
    const rest = createDiscordRest({ token: 't', baseUrl, sleep });
    replies.push((_req, res) => json(res, 500, { message: 'oops' }));
    replies.push((_req, res) => json(res, 200, { ok: 1 }));
    expect(await rest.get('/gateway/bot')).toEqual({ ok: 1 });
    expect(waits).toEqual([500]);
  });

  it("surfaces Discord's JSON error body readably, without retrying a 4xx", async () => {
    const { waits, sleep } = recordingSleep();
    const rest = createDiscordRest({ token: 't', baseUrl, sleep });
    replies.push((_req, res) =>
      json(res, 400, {
        code: 50035,
        message: 'Invalid Form Body',
        errors: {
          embeds: {
            0: { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Too long.' }] } },
          },
        },
      }),
    );
    const error = (await rest
      .post('/webhooks/111111/secret-token', { embeds: [] }, { auth: false })
      .catch((e: unknown) => e)) as DiscordApiError;
    expect(error).toBeInstanceOf(DiscordApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe(50035);
    expect(error.method).toBe('POST');
    expect(error.message).toContain('Invalid Form Body (50035)');
    expect(error.message).toContain('embeds.0.description: Too long.');
    expect(error.message).not.toContain('secret-token');
    expect(waits).toEqual([]);
  });
});

describe('routeOf', () => {
  it('keeps major parameters and replaces the other ids', () => {
    expect(routeOf('GET', '/channels/123456/messages/999999')).toEqual({
      template: 'GET /channels/:major/messages/:id',
      major: '123456',
    });
    expect(routeOf('PATCH', '/webhooks/111111/tok/messages/@original')).toEqual({
      template: 'PATCH /webhooks/:major/messages/@original',
      major: '111111/tok',
    });
    expect(routeOf('PUT', '/channels/1234567/messages/7654321/reactions/%F0%9F%91%8D/@me').template).toBe(
      'PUT /channels/:major/messages/:id/reactions/*',
    );
    expect(routeOf('GET', '/users/@me').major).toBe('global');
  });
});
