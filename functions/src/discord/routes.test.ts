import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionContext } from 'hono';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness } from '../../test/harness';
import { app } from '../app';
import { db } from '../lib/context';
import { toErrorResponse } from '../lib/errors';
import { requestContext } from '../lib/request';
import { createRouter } from '../lib/router';
import { createDiscordRoutes, failedText } from './routes';
import type { HandlerSet } from './types';

const applicationId = '100000000000000001';
const guildId = '200000000000000002';

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The raw key is the last 32 bytes of the SPKI encoding: the hex form Discord's portal shows.
  const hex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  return { hex, privateKey };
}

const key = keyPair();
const otherKey = keyPair();

type Seen = { method: string; url: string; authorization: string | undefined; body: unknown };
const discordCalls: Seen[] = [];
const fakeDiscord = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    discordCalls.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      body: body ? JSON.parse(body) : undefined,
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"1"}');
  });
});

let h: Awaited<ReturnType<typeof createHarness>>;
let sql: postgres.Sql;

beforeAll(async () => {
  await new Promise<void>((resolve) => fakeDiscord.listen(0, '127.0.0.1', resolve));
  const port = (fakeDiscord.address() as AddressInfo).port;
  h = await createHarness({
    DISCORD_PUBLIC_KEY: key.hex,
    DISCORD_APPLICATION_ID: applicationId,
    DISCORD_BOT_TOKEN: 'bot-token-bot-token-bot-token',
    DISCORD_BASE_URL: `http://127.0.0.1:${port}`,
  });
  sql = postgres(h.ownerUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql.end();
  await new Promise<void>((resolve) => fakeDiscord.close(() => resolve()));
});
beforeEach(() => {
  discordCalls.length = 0;
});

let counter = 0;
function interaction(fields: Record<string, unknown>) {
  counter++;
  return {
    id: `3000000000000${String(counter).padStart(5, '0')}`,
    application_id: applicationId,
    token: `interaction-token-${counter}`,
    version: 1,
    guild_id: guildId,
    member: { user: { id: '400000000000000004', username: 'evin' }, roles: [], permissions: '0' },
    ...fields,
  };
}

const command = (name: string) => interaction({ type: 2, data: { id: '5000000000001', name, type: 1 } });

type Send = { timestamp?: number; signWith?: KeyObject; headers?: Record<string, string> | null };

/** Sends a body signed as Discord signs it; returns the answer and the work left for waitUntil. */
async function send(target: { request: typeof app.request }, payload: unknown, options: Send = {}) {
  const body = JSON.stringify(payload);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), options.signWith ?? key.privateKey).toString(
    'hex',
  );
  const headers =
    options.headers === null
      ? {}
      : {
          'content-type': 'application/json',
          'x-signature-ed25519': signature,
          'x-signature-timestamp': timestamp,
          ...options.headers,
        };
  const pending: Promise<unknown>[] = [];
  const executionCtx = {
    waitUntil: (work: Promise<unknown>) => pending.push(work),
    passThroughOnException: () => {},
    props: {},
  } as unknown as ExecutionContext;
  const res = await target.request(
    'http://127.0.0.1:8787/discord/interactions',
    { method: 'POST', headers, body },
    h.env,
    executionCtx,
  );
  const text = await res.text();
  const settle = () => Promise.all(pending);
  return { status: res.status, text, json: text ? JSON.parse(text) : null, settle };
}

async function storedIds(): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`select id from discord_interactions`;
  return rows.map((row) => row.id);
}

/** The endpoint as app.ts mounts it, serving the given handler sets. */
function appServing(sets: HandlerSet[], options?: Parameters<typeof createDiscordRoutes>[1]) {
  const testApp = createRouter();
  testApp.use('*', requestContext);
  testApp.route('/discord', createDiscordRoutes(sets, options));
  testApp.onError((err, c) => {
    const { status, body } = toErrorResponse(err);
    return c.json(body, status);
  });
  return testApp;
}

describe('POST /discord/interactions: signature', () => {
  it('answers PING with PONG', async () => {
    const res = await send(app, { id: '1', type: 1, token: 't', application_id: applicationId, version: 1 });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ type: 1 });
  });

  it('refuses a request without signature headers', async () => {
    const before = await storedIds();
    const res = await send(app, command('help'), { headers: null });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('invalid_signature');
    expect(await storedIds()).toEqual(before);
  });

  it('refuses a body signed by another key', async () => {
    const before = await storedIds();
    const res = await send(app, command('help'), { signWith: otherKey.privateKey });
    expect(res.status).toBe(401);
    expect(await storedIds()).toEqual(before);
  });

  it('refuses a signature over a different body (a tampered request)', async () => {
    const payload = command('help');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + JSON.stringify(payload)), key.privateKey).toString(
      'hex',
    );
    const res = await app.request(
      'http://127.0.0.1:8787/discord/interactions',
      {
        method: 'POST',
        headers: { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
        body: JSON.stringify({ ...payload, data: { name: 'ping', type: 1, id: '1' } }),
      },
      h.env,
    );
    expect(res.status).toBe(401);
  });

  it('refuses a correctly signed request whose timestamp is too old, or too far ahead', async () => {
    const before = await storedIds();
    const now = Math.floor(Date.now() / 1000);
    expect((await send(app, command('help'), { timestamp: now - 6 * 60 })).status).toBe(401);
    expect((await send(app, command('help'), { timestamp: now + 5 * 60 })).status).toBe(401);
    expect(await storedIds()).toEqual(before);
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const res = await send(app, { ...command('help'), padding: 'x'.repeat(70_000) });
    expect(res.status).toBe(413);
  });

  it('answers 503 discord_not_configured without the bot settings', async () => {
    const res = await app.request(
      'http://127.0.0.1:8787/discord/interactions',
      { method: 'POST', body: '{}' },
      { ...h.env, DISCORD_PUBLIC_KEY: undefined },
    );
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('discord_not_configured');
  });
});

describe('POST /discord/interactions: dispatch', () => {
  it('answers an unknown command with an ephemeral hint, never a 500', async () => {
    const res = await send(app, command('no-such-command'));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      type: 4,
      data: {
        flags: 64,
        content:
          'This command is not available here (/no-such-command). Ask an admin to run `npm run discord:register`.',
      },
    });
  });

  it('lists the registered commands with /help', async () => {
    const res = await send(app, command('help'));
    expect(res.json.type).toBe(4);
    expect(res.json.data.flags).toBe(64);
    expect(res.json.data.embeds[0].description).toContain('`/help`');
  });

  it('acts once on an interaction delivered twice', async () => {
    let acted = 0;
    const testApp = appServing([
      {
        commands: {
          count: async () => {
            acted++;
            return { type: 4, data: { content: `counted ${acted}` } };
          },
        },
      },
    ]);
    const payload = command('count');
    const first = await send(testApp, payload);
    const second = await send(testApp, payload);
    expect(first.json).toEqual({ type: 4, data: { content: 'counted 1' } });
    expect(second.json).toEqual({ type: 4, data: { content: 'Already handled.', flags: 64 } });
    expect(acted).toBe(1);
    expect(await storedIds()).toContain(payload.id);
  });

  it('routes components by the custom_id part before the first colon, and modals separately', async () => {
    const seen: string[] = [];
    const testApp = appServing([
      {
        components: {
          ticket: async (ctx) => {
            if (ctx.interaction.type === 3) seen.push(`component ${ctx.interaction.data.custom_id}`);
            return { type: 6 };
          },
        },
        modals: {
          ticket: async (ctx) => {
            if (ctx.interaction.type === 5) seen.push(`modal ${ctx.interaction.data.custom_id}`);
            return { type: 6 };
          },
        },
      },
    ]);
    await send(testApp, interaction({ type: 3, data: { custom_id: 'ticket:claim:42', component_type: 2 } }));
    await send(testApp, interaction({ type: 5, data: { custom_id: 'ticket:form', components: [] } }));
    const unknown = await send(
      testApp,
      interaction({ type: 3, data: { custom_id: 'giveaway:enter', component_type: 2 } }),
    );
    expect(seen).toEqual(['component ticket:claim:42', 'modal ticket:form']);
    expect(unknown.json.data).toMatchObject({ flags: 64, content: expect.stringContaining('(giveaway)') });
  });

  it('answers an autocomplete without a handler with no choices, and records nothing', async () => {
    const before = await storedIds();
    const res = await send(
      app,
      interaction({ type: 4, data: { name: 'no-such-command', type: 1, options: [] } }),
    );
    expect(res.json).toEqual({ type: 8, data: { choices: [] } });
    expect(await storedIds()).toEqual(before);
  });

  it('answers a throwing handler with an ephemeral apology and no stack', async () => {
    const testApp = appServing([
      {
        commands: {
          broken: async () => {
            throw new Error('secret internal detail');
          },
        },
      },
    ]);
    const res = await send(testApp, command('broken'));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ type: 4, data: { content: failedText, flags: 64 } });
    expect(res.text).not.toMatch(/secret internal detail|\.ts:\d+|at /);
  });

  it('runs deferred work after answering and edits the original through the interaction webhook', async () => {
    const testApp = appServing([
      {
        commands: {
          slow: async (ctx) => {
            ctx.defer(() => ctx.editOriginal({ content: 'done' }));
            return { type: 5, data: { flags: 64 } };
          },
          slowbroken: async (ctx) => {
            ctx.defer(async () => {
              throw new Error('deferred failure');
            });
            return { type: 5 };
          },
          later: async (ctx) => {
            ctx.defer(() => ctx.followUp({ content: 'one more thing' }));
            return { type: 4, data: { content: 'first' } };
          },
        },
      },
    ]);
    const slow = command('slow');
    const res = await send(testApp, slow);
    expect(res.json).toEqual({ type: 5, data: { flags: 64 } });
    await res.settle();
    const broken = command('slowbroken');
    await (await send(testApp, broken)).settle();
    const later = command('later');
    await (await send(testApp, later)).settle();
    expect(discordCalls).toEqual([
      {
        method: 'PATCH',
        url: `/api/v10/webhooks/${applicationId}/${slow.token}/messages/@original`,
        authorization: undefined,
        body: { content: 'done' },
      },
      {
        method: 'PATCH',
        url: `/api/v10/webhooks/${applicationId}/${broken.token}/messages/@original`,
        authorization: undefined,
        body: { content: failedText },
      },
      {
        method: 'POST',
        url: `/api/v10/webhooks/${applicationId}/${later.token}`,
        authorization: undefined,
        body: { content: 'one more thing' },
      },
    ]);
  });

  it('gives handlers the bot-authorised client and the database', async () => {
    const testApp = appServing([
      {
        commands: {
          whoami: async (ctx) => {
            await ctx.rest.get('/users/@me');
            const [row] = await db(ctx.c).sql`select 1 as one`;
            return { type: 4, data: { content: `one=${row!.one}` } };
          },
        },
      },
    ]);
    const res = await send(testApp, command('whoami'));
    expect(res.json.data.content).toBe('one=1');
    expect(discordCalls[0]).toMatchObject({
      method: 'GET',
      url: '/api/v10/users/@me',
      authorization: 'Bot bot-token-bot-token-bot-token',
    });
  });

  it('forgets interaction ids older than a day', async () => {
    await sql`insert into discord_interactions (id, received_at) values ('old-one', now() - interval '25 hours')`;
    const testApp = appServing([{ commands: { noop: async () => ({ type: 4, data: { content: 'ok' } }) } }], {
      pruneChance: 1,
    });
    const payload = command('noop');
    await (await send(testApp, payload)).settle();
    const ids = await storedIds();
    expect(ids).not.toContain('old-one');
    expect(ids).toContain(payload.id);
  });
});
