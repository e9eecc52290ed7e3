/**
 * A Discord "Execute Webhook" endpoint, written from Discord's API documentation: POST
 * /api[/v10]/webhooks/{id}/{token} takes a JSON message, answers 204 (or 200 with the created
 * message when `?wait=true`), validates the embed limits, and enforces a per-webhook rate limit with
 * the X-RateLimit-* headers and a 429 carrying Retry-After and `{message, retry_after, global}`.
 * Tests create webhooks on it and read what was posted; `outage()` makes it answer like Discord
 * does during an incident (a 5xx), to exercise retries.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type DiscordEmbed = {
  title?: string;
  description?: string;
  color?: number;
  timestamp?: string;
  [key: string]: unknown;
};
export type DiscordMessage = {
  id: string;
  type: 0;
  channel_id: string;
  webhook_id: string;
  author: { id: string; username: string; bot: true };
  content: string;
  embeds: DiscordEmbed[];
  timestamp: string;
};
export type DiscordWebhookFakeOptions = {
  /** Requests allowed per webhook per window; Discord's webhook buckets are about 5 per 2 s. */
  rateLimit?: { limit: number; windowMs: number };
};

type Webhook = { id: string; token: string; channelId: string; name: string; messages: DiscordMessage[] };

// Discord epoch snowflakes: milliseconds since 2015-01-01 shifted past 22 bits of worker/sequence.
let sequence = 0n;
function snowflake(): string {
  return (((BigInt(Date.now()) - 1_420_070_400_000n) << 22n) | (sequence++ & 0xfffn)).toString();
}

export async function startDiscordWebhookFake(options: DiscordWebhookFakeOptions = {}) {
  const rateLimit = options.rateLimit ?? { limit: 5, windowMs: 2_000 };
  const webhooks = new Map<string, Webhook>();
  const windows = new Map<string, { resetAt: number; used: number }>();
  let outageStatus: number | null = null;
  let requests = 0;

  const server = createServer((req, res) => {
    requests++;
    handle(req, res).catch(() => send(res, 500, { message: '500: Internal Server Error', code: 0 }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://discord.invalid');
    const match = /^\/api(?:\/v\d+)?\/webhooks\/(\d+)\/([\w-]+)\/?$/.exec(url.pathname);
    if (!match) return send(res, 404, { message: '404: Not Found', code: 0 });
    const [, id, token] = match as unknown as [string, string, string];
    const body = await readBody(req);
    if (req.method !== 'POST') return send(res, 405, { message: '405: Method Not Allowed', code: 0 });
    const webhook = webhooks.get(id);
    if (!webhook) return send(res, 404, { message: 'Unknown Webhook', code: 10015 });
    if (webhook.token !== token) return send(res, 401, { message: 'Invalid Webhook Token', code: 50027 });
    if (outageStatus !== null)
      return send(res, outageStatus, { message: `${outageStatus}: Service Unavailable`, code: 0 });

    const now = Date.now();
    let bucket = windows.get(id);
    if (!bucket || bucket.resetAt <= now) {
      bucket = { resetAt: now + rateLimit.windowMs, used: 0 };
      windows.set(id, bucket);
    }
    const resetAfter = (bucket.resetAt - now) / 1000;
    const limitHeaders = {
      'x-ratelimit-limit': String(rateLimit.limit),
      'x-ratelimit-remaining': String(Math.max(0, rateLimit.limit - bucket.used - 1)),
      'x-ratelimit-reset': (bucket.resetAt / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': `webhook-${id}`,
    };
    if (bucket.used >= rateLimit.limit) {
      return send(
        res,
        429,
        { message: 'You are being rate limited.', retry_after: Number(resetAfter.toFixed(3)), global: false },
        { ...limitHeaders, 'retry-after': String(Math.ceil(resetAfter)), 'x-ratelimit-scope': 'shared' },
      );
    }
    bucket.used++;

    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return send(res, 400, { message: 'Cannot send an empty message', code: 50006 }, limitHeaders);
    let payload: { content?: unknown; embeds?: unknown };
    try {
      payload = JSON.parse(body);
    } catch {
      return send(
        res,
        400,
        { message: 'The request body contains invalid JSON.', code: 50109 },
        limitHeaders,
      );
    }
    const problem = validate(payload);
    if (problem === 'empty')
      return send(res, 400, { message: 'Cannot send an empty message', code: 50006 }, limitHeaders);
    if (problem)
      return send(res, 400, { message: 'Invalid Form Body', code: 50035, errors: problem }, limitHeaders);

    const message: DiscordMessage = {
      id: snowflake(),
      type: 0,
      channel_id: webhook.channelId,
      webhook_id: webhook.id,
      author: { id: webhook.id, username: webhook.name, bot: true },
      content: typeof payload.content === 'string' ? payload.content : '',
      embeds: (payload.embeds as DiscordEmbed[] | undefined) ?? [],
      timestamp: new Date().toISOString(),
    };
    webhook.messages.push(message);
    if (url.searchParams.get('wait') === 'true') return send(res, 200, message, limitHeaders);
    res.writeHead(204, limitHeaders).end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    /** A new webhook, as "Copy Webhook URL" in Discord's channel settings gives it. */
    createWebhook(name = 'HomeLabHub') {
      const webhook: Webhook = {
        id: snowflake(),
        token: randomBytes(34).toString('base64url'),
        channelId: snowflake(),
        name,
        messages: [],
      };
      webhooks.set(webhook.id, webhook);
      return { id: webhook.id, url: `${base}/api/webhooks/${webhook.id}/${webhook.token}` };
    },
    deleteWebhook(id: string) {
      webhooks.delete(id);
    },
    messages: (webhookId: string) => [...(webhooks.get(webhookId)?.messages ?? [])],
    /** Answers every execution with `status` (e.g. 503) until called with null. */
    outage(status: number | null) {
      outageStatus = status;
    },
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type DiscordWebhookFake = Awaited<ReturnType<typeof startDiscordWebhookFake>>;

/** Discord's documented message limits; a message past them is refused whole. */
function validate(payload: {
  content?: unknown;
  embeds?: unknown;
}): 'empty' | Record<string, unknown> | null {
  const hasContent = typeof payload.content === 'string' && payload.content.length > 0;
  const embeds = payload.embeds;
  if (!hasContent && (!Array.isArray(embeds) || embeds.length === 0)) return 'empty';
  if (typeof payload.content === 'string' && payload.content.length > 2000)
    return {
      content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
    };
  if (embeds === undefined) return null;
  if (!Array.isArray(embeds) || embeds.length > 10)
    return {
      embeds: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' }] },
    };
  const errors: Record<string, unknown> = {};
  embeds.forEach((embed: DiscordEmbed, i) => {
    const fieldErrors: Record<string, unknown> = {};
    if (typeof embed.title === 'string' && embed.title.length > 256)
      fieldErrors.title = {
        _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }],
      };
    if (typeof embed.description === 'string' && embed.description.length > 4096)
      fieldErrors.description = {
        _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }],
      };
    if (
      embed.color !== undefined &&
      (!Number.isInteger(embed.color) || embed.color < 0 || embed.color > 0xffffff)
    )
      fieldErrors.color = {
        _errors: [
          { code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 16777215.' },
        ],
      };
    if (embed.timestamp !== undefined && Number.isNaN(Date.parse(String(embed.timestamp))))
      fieldErrors.timestamp = {
        _errors: [{ code: 'DATE_TIME_TYPE_PARSE', message: 'Could not parse timestamp.' }],
      };
    if (Object.keys(fieldErrors).length > 0) errors[String(i)] = fieldErrors;
  });
  return Object.keys(errors).length > 0 ? { embeds: errors } : null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
