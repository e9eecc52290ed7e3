/**
 * Each channel sender against a real local server speaking its protocol: the Discord fake, an HTTP
 * server checking the webhook signature, one checking ntfy's headers, and an SMTP sink.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordWebhookFake, startDiscordWebhookFake } from '../../../e2e/fakes/discord-webhook/server';
import { embedColors, sendDiscord } from './discord';
import type { OutgoingMessage } from './message';
import { retryAfterHeader, SendError } from './message';
import { sendNtfy } from './ntfy';
import { sendSmtp } from './smtp';
import { sendWebhook, signBody } from './webhook';

const opened: OutgoingMessage = {
  id: 1,
  event: 'opened',
  title: 'nas.example.com is down',
  body: 'Connection refused on port 443.',
  payload: { monitorId: 'm1' },
};
const resolved: OutgoingMessage = {
  ...opened,
  id: 2,
  event: 'resolved',
  title: 'nas.example.com is up again',
};
const signal = () => AbortSignal.timeout(5_000);

type Received = { method: string; url: string; headers: IncomingMessage['headers']; body: string };

async function httpTarget(
  answer: (req: Received) => { status: number; headers?: Record<string, string>; body?: string },
) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      const reply = answer(entry);
      res.writeHead(reply.status, reply.headers ?? {}).end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('discord', () => {
  let discord: DiscordWebhookFake;
  beforeAll(async () => {
    discord = await startDiscordWebhookFake({ rateLimit: { limit: 2, windowMs: 60_000 } });
  });
  afterAll(() => discord.close());

  it('posts a red embed for an outage and a green one when it is over, confirmed with ?wait=true', async () => {
    const webhook = discord.createWebhook();
    await sendDiscord({ type: 'discord', webhookUrl: webhook.url }, opened, signal());
    await sendDiscord({ type: 'discord', webhookUrl: webhook.url }, resolved, signal());
    const [first, second] = discord.messages(webhook.id);
    expect(first?.embeds[0]).toMatchObject({
      title: opened.title,
      description: opened.body,
      color: embedColors.opened,
    });
    expect(Date.parse(first?.embeds[0]?.timestamp ?? '')).not.toBeNaN();
    expect(second?.embeds[0]).toMatchObject({ title: resolved.title, color: embedColors.resolved });
  });

  it('reports a rate limit with the wait Discord asked for', async () => {
    const webhook = discord.createWebhook();
    const config = { type: 'discord' as const, webhookUrl: webhook.url };
    await sendDiscord(config, opened, signal());
    await sendDiscord(config, opened, signal());
    const error = await sendDiscord(config, opened, signal()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect((error as SendError).message).toMatch(/Discord answered 429/);
    expect((error as SendError).retryAfterMs).toBeGreaterThan(0);
    expect(discord.messages(webhook.id)).toHaveLength(2);
  });

  it('says so when the webhook was deleted', async () => {
    const webhook = discord.createWebhook();
    discord.deleteWebhook(webhook.id);
    await expect(sendDiscord({ type: 'discord', webhookUrl: webhook.url }, opened, signal())).rejects.toThrow(
      /Discord answered 404.*Unknown Webhook/,
    );
  });

  it('cuts text past the embed limits instead of being refused', async () => {
    const webhook = discord.createWebhook();
    await sendDiscord(
      { type: 'discord', webhookUrl: webhook.url },
      { ...opened, title: 't'.repeat(300), body: 'b'.repeat(5000) },
      signal(),
    );
    const embed = discord.messages(webhook.id)[0]?.embeds[0];
    expect(embed?.title).toHaveLength(256);
    expect(embed?.description).toHaveLength(4096);
  });
});

describe('webhook', () => {
  it('signs the raw body with the channel secret', async () => {
    const secret = 'a-secret-of-at-least-16-chars';
    const target = await httpTarget(() => ({ status: 200 }));
    servers.push(target.server);
    await sendWebhook({ type: 'webhook', url: `${target.url}/hook`, secret }, opened, signal());
    const [request] = target.received;
    expect(request?.headers['x-homelabhub-signature']).toBe(signBody(secret, request?.body ?? ''));
    expect(request?.headers['x-homelabhub-event']).toBe('opened');
    expect(JSON.parse(request?.body ?? '')).toMatchObject({
      event: 'opened',
      title: opened.title,
      body: opened.body,
      payload: { monitorId: 'm1' },
      sentAt: expect.any(String),
    });
  });

  it('fails with the target status and honours its Retry-After', async () => {
    const target = await httpTarget(() => ({
      status: 429,
      headers: { 'retry-after': '7' },
      body: 'slow down',
    }));
    servers.push(target.server);
    const error = await sendWebhook(
      { type: 'webhook', url: target.url, secret: 'x'.repeat(16) },
      opened,
      signal(),
    ).catch((e: unknown) => e);
    expect((error as SendError).message).toBe('The webhook answered 429: slow down');
    expect((error as SendError).retryAfterMs).toBe(7_000);
  });

  it('names an unreachable target', async () => {
    const target = await httpTarget(() => ({ status: 200 }));
    await new Promise((r) => target.server.close(r));
    await expect(
      sendWebhook({ type: 'webhook', url: target.url, secret: 'x'.repeat(16) }, opened, signal()),
    ).rejects.toThrow(/The webhook could not be reached/);
  });
});

describe('ntfy', () => {
  it('publishes the body to the topic with title, priority, tags and token', async () => {
    const target = await httpTarget(() => ({ status: 200, body: '{}' }));
    servers.push(target.server);
    const config = {
      type: 'ntfy' as const,
      serverUrl: `${target.url}/`,
      topic: 'homelab-alerts',
      token: 'tk_abc',
    };
    await sendNtfy(config, opened, signal());
    await sendNtfy({ ...config, token: undefined }, { ...resolved, title: 'Zurück ✓' }, signal());
    const [first, second] = target.received;
    expect(first).toMatchObject({ method: 'POST', url: '/homelab-alerts', body: opened.body });
    expect(first?.headers).toMatchObject({
      title: opened.title,
      priority: 'high',
      tags: 'rotating_light',
      authorization: 'Bearer tk_abc',
    });
    expect(second?.headers).toMatchObject({ priority: 'default', tags: 'white_check_mark' });
    expect(second?.headers.authorization).toBeUndefined();
    // Non-ASCII titles travel as an RFC 2047 encoded word, which ntfy decodes.
    expect(second?.headers.title).toBe(`=?UTF-8?B?${Buffer.from('Zurück ✓').toString('base64')}?=`);
  });
});

describe('smtp', () => {
  type Mail = { from: string; to: string[]; raw: string; user?: string };
  let sink: SMTPServer;
  let port: number;
  const mails: Mail[] = [];

  beforeAll(async () => {
    sink = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'alerts' && auth.password === 'hunter22')
          return callback(null, { user: auth.username });
        return callback(new Error('Invalid username or password'));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            user: session.user as string | undefined,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    port = (sink.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => sink.close(() => resolve())));

  const config = (patch = {}) => ({
    type: 'smtp' as const,
    host: '127.0.0.1',
    port,
    secure: false,
    username: 'alerts',
    password: 'hunter22',
    from: 'homelab@example.com',
    to: ['owner@example.com', 'second@example.com'],
    ...patch,
  });

  it('delivers a text and HTML mail from and to the configured addresses', async () => {
    await sendSmtp(config(), { ...opened, body: 'Line one\n\n<b>not bold</b>' }, signal());
    const mail = mails.at(-1);
    expect(mail).toMatchObject({
      from: 'homelab@example.com',
      to: ['owner@example.com', 'second@example.com'],
      user: 'alerts',
    });
    expect(mail?.raw).toContain(`Subject: ${opened.title}`);
    expect(mail?.raw).toContain('Content-Type: text/plain');
    expect(mail?.raw).toContain('Content-Type: text/html');
    expect(mail?.raw).toContain('&lt;b&gt;not bold&lt;/b&gt;');
  });

  it('reports a refused login', async () => {
    await expect(sendSmtp(config({ password: 'wrong' }), opened, signal())).rejects.toThrow(
      /The mail server 127.0.0.1 refused the message: .*Invalid username or password/,
    );
  });
});

describe('retryAfterHeader', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterHeader('2.5')).toBe(2_500);
    expect(retryAfterHeader(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterHeader('soon')).toBeUndefined();
    expect(retryAfterHeader(null)).toBeUndefined();
  });
});
