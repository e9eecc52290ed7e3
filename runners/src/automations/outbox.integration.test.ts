import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toErrorResponse } from '../internal/errors';
import { createLogger } from '../log';
import { privateDatabaseUrl, testPool, uniqueName } from '../testing/database';
import { createDispatcher, type Dispatcher } from './dispatcher';
import { createAutomationsRoutes } from './routes';
import { emitContainerDied } from './store';

const encryptionKey = Buffer.alloc(32, 7).toString('base64');
let pool: ReturnType<typeof testPool>;
let sql: ReturnType<typeof testPool>['sql'];
let dispatcher: Dispatcher;
let routes: ReturnType<typeof createAutomationsRoutes>;
let server: Server;
let receiverUrl: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let failNext = 0;

async function events(type: string) {
  return sql<{ id: number; payload: Record<string, unknown> }[]>`
    select id, payload from automation_events where type = ${type} order by id`;
}

/** The routes as the internal server answers them: errors in the one JSON shape. */
async function call(method: string, path: string, body?: unknown) {
  try {
    const res = await routes.request(path, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  } catch (error) {
    const { status, body: answer } = toErrorResponse(error);
    return { status, body: answer as never };
  }
}

async function settle() {
  dispatcher.wake();
  await dispatcher.idle();
}

beforeAll(async () => {
  pool = testPool(await privateDatabaseUrl());
  sql = pool.sql;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(500).end('workflow error');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":"Workflow was started"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/homelab`;
  dispatcher = createDispatcher({
    sql,
    log: createLogger({ level: 'error' }),
    encryptionKey,
    policy: { maxAttempts: 2, baseMs: 1, maxMs: 1 },
    timeoutMs: 2_000,
    sweepMs: 60_000,
    concurrency: 4,
    signal: new AbortController().signal,
  });
  routes = createAutomationsRoutes({ sql, dispatcher, encryptionKey });
});

afterAll(async () => {
  await dispatcher.stop();
  server.close();
  await sql.end();
});

beforeEach(async () => {
  received.length = 0;
  failNext = 0;
  await sql`delete from automation_hooks`;
  await sql`delete from automation_events`;
});

describe('the outbox triggers', () => {
  it('records incident.opened with the monitor, and incident.closed once when it resolves', async () => {
    const [monitor] = await sql<{ id: string }[]>`
      insert into monitors (name, type, config) values (${uniqueName('web')}, 'http', '{"url":"http://x"}'::jsonb)
      returning id`;
    const [incident] = await sql<{ id: string }[]>`
      insert into incidents (monitor_id, cause, last_message) values (${monitor!.id}, 'http_status', '503 from /')
      returning id`;
    const [opened] = await events('incident.opened');
    expect(opened?.payload).toMatchObject({
      incidentId: incident!.id,
      cause: 'http_status',
      message: '503 from /',
    });
    expect(opened?.payload.monitorName).toMatch(/^web-/);

    await sql`update incidents set last_message = 'still down' where id = ${incident!.id}`;
    await sql`update incidents set resolved_at = now() where id = ${incident!.id}`;
    await sql`update incidents set resolved_at = now() where id = ${incident!.id}`;
    const closed = await events('incident.closed');
    expect(closed).toHaveLength(1);
    expect(closed[0]?.payload).toMatchObject({ incidentId: incident!.id });
    expect(closed[0]?.payload.resolvedAt).toBeTruthy();
  });

  it('says nothing about silenced incidents, or about a change that was rolled back', async () => {
    const [silenced] = await sql<{ id: string }[]>`
      insert into incidents (cause, silenced) values ('maintenance', true) returning id`;
    await sql`update incidents set resolved_at = now() where id = ${silenced!.id}`;
    await sql
      .begin(async (tx) => {
        await tx`insert into incidents (cause) values ('rolled back')`;
        throw new Error('abort');
      })
      .catch(() => {});
    expect(await events('incident.opened')).toHaveLength(0);
    expect(await events('incident.closed')).toHaveLength(0);
  });

  it('records an upload found infected and a backup leaving running, without secrets', async () => {
    const [upload] = await sql<{ id: string }[]>`
      insert into uploads (name, original_name, media_type, size_bytes, sha256, storage, object_key)
      values ('eicar.txt', 'eicar.txt', 'text/plain', 68, 'abc', 'local', 'x') returning id`;
    expect(await events('upload.infected')).toHaveLength(0);
    await sql`update uploads set status = 'infected', verdict = 'Eicar-Test-Signature' where id = ${upload!.id}`;
    const [infected] = await events('upload.infected');
    expect(infected?.payload).toMatchObject({ uploadId: upload!.id, verdict: 'Eicar-Test-Signature' });

    const [instance] = await sql<{ id: string }[]>`
      insert into database_instances (name, engine, version, image, container_name, volume_name, network_name,
        memory_mb, cpus, username, password_encrypted)
      values (${uniqueName('pg')}, 'postgres', '17', 'postgres:17', ${uniqueName('c')}, ${uniqueName('v')}, 'n',
        256, 1, 'app', 'v1:sealed:secret') returning id`;
    const [backup] = await sql<{ id: string }[]>`
      insert into database_backups (instance_id, file_name, kind) values (${instance!.id}, 'a.dump', 'manual')
      returning id`;
    expect(await events('backup.finished')).toHaveLength(0);
    await sql`update database_backups set status = 'done', size_bytes = 1024, finished_at = now()
      where id = ${backup!.id}`;
    const [finished] = await events('backup.finished');
    expect(finished?.payload).toMatchObject({ backupId: backup!.id, status: 'done', sizeBytes: 1024 });
    expect(JSON.stringify(finished?.payload)).not.toContain('sealed');
  });

  it('records a ticket opening', async () => {
    const guildId = String(Date.now());
    await sql`insert into discord_guilds (guild_id, name) values (${guildId}, 'Homelab')`;
    await sql`insert into tickets (guild_id, number, opener_id, opener_name, subject)
      values (${guildId}, 1, '42', 'ada', 'Server down')`;
    const [created] = await events('ticket.created');
    expect(created?.payload).toMatchObject({ guildId, number: 1, subject: 'Server down', openerName: 'ada' });
  });
});

describe('the outbox triggers for streams and giveaways', () => {
  it('records stream.live for the stream bot and for a Discord go-live, and giveaway.won', async () => {
    const [user] = await sql<
      { id: string }[]
    >`insert into users (username, role) values (${uniqueName('streamer')}, 'guest') returning id`;
    const [tenant] = await sql<{ id: string }[]>`
      insert into stream_tenants (owner_id, display_name) values (${user!.id}, 'Evin') returning id`;
    const [channel] = await sql<{ id: string }[]>`
      insert into stream_channels (tenant_id, platform, platform_channel_id, login, display_name)
      values (${tenant!.id}, 'twitch', ${uniqueName('tw')}, 'evin', 'Evin') returning id`;
    await sql`insert into stream_sessions (tenant_id, channel_id, platform, started_at, title)
      values (${tenant!.id}, ${channel!.id}, 'twitch', now(), 'Homelab Sunday')`;

    const guildId = String(Date.now() + 1);
    await sql`insert into discord_guilds (guild_id, name) values (${guildId}, 'Homelab')`;
    const [streamer] = await sql<{ id: string }[]>`
      insert into go_live_streamers (guild_id, discord_user_id, display_name, source, url)
      values (${guildId}, '42', 'Ada', 'manual', 'https://twitch.tv/ada') returning id`;
    await sql`insert into go_live_sessions (guild_id, streamer_id, platform, title, started_at)
      values (${guildId}, ${streamer!.id}, 'twitch', 'Speedruns', now())`;

    const live = await events('stream.live');
    expect(live.map((e) => e.payload)).toEqual([
      expect.objectContaining({ source: 'stream_bot', channel: 'evin', title: 'Homelab Sunday' }),
      expect.objectContaining({
        source: 'discord_go_live',
        displayName: 'Ada',
        url: 'https://twitch.tv/ada',
      }),
    ]);

    const [viewer] = await sql<{ id: string }[]>`
      insert into viewers (tenant_id, display_name) values (${tenant!.id}, 'viewer42') returning id`;
    const [giveaway] = await sql<{ id: string }[]>`
      insert into giveaways (tenant_id, prize, keyword) values (${tenant!.id}, 'Steam key', '!enter') returning id`;
    await sql`insert into giveaway_winners (giveaway_id, tenant_id, viewer_id, user_name)
      values (${giveaway!.id}, ${tenant!.id}, ${viewer!.id}, 'viewer42')`;
    const [won] = await events('giveaway.won');
    expect(won?.payload).toMatchObject({
      giveawayId: giveaway!.id,
      prize: 'Steam key',
      userName: 'viewer42',
    });
  });
});

describe('delivering to hooks', () => {
  async function createHook(events: string[] = []) {
    const created = await call('POST', '/hooks', { name: uniqueName('n8n'), url: receiverUrl, events });
    expect(created.status).toBe(201);
    return created.body as { hook: { id: string }; secret: string };
  }

  it('sends each event once, signed with the hook secret, only to hooks that subscribe to it', async () => {
    const all = await createHook();
    await createHook(['ticket.created']);
    await sql`insert into incidents (cause) values ('disk_full')`;
    await settle();

    expect(received).toHaveLength(1);
    const [request] = received;
    const expected = `sha256=${createHmac('sha256', all.secret).update(request!.body).digest('hex')}`;
    expect(request!.headers['x-homelabhub-signature']).toBe(expected);
    expect(request!.headers['x-homelabhub-event']).toBe('incident.opened');
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({ event: 'incident.opened', payload: { cause: 'disk_full' } });
    expect(typeof body.id).toBe('string');
    expect(new Date(body.occurredAt).toString()).not.toBe('Invalid Date');

    const log = await call('GET', `/deliveries?hookId=${all.hook.id}`);
    expect(log.body.deliveries).toMatchObject([{ status: 'delivered', responseStatus: 200, attempts: 1 }]);
  });

  it('retries a failing receiver, fails after the last attempt, and replays on request', async () => {
    const hook = await createHook();
    failNext = 2;
    await emitContainerDied(sql, { containerId: 'abc', name: 'web', image: 'nginx', exitCode: 137 });
    await settle();
    // The retry is due a millisecond later; the next pass sends it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await settle();
    expect(received).toHaveLength(2);
    const failed = await call('GET', `/deliveries?status=failed&hookId=${hook.hook.id}`);
    expect(failed.body.deliveries).toMatchObject([
      { event: 'container.died', status: 'failed', attempts: 2, responseStatus: 500 },
    ]);
    expect(failed.body.deliveries[0].lastError).toContain('workflow error');

    const replay = await call('POST', `/deliveries/${failed.body.deliveries[0].id}/replay`);
    expect(replay.status).toBe(202);
    await settle();
    expect(received).toHaveLength(3);
    const after = await call('GET', `/deliveries/${failed.body.deliveries[0].id}`);
    expect(after.body).toMatchObject({ status: 'delivered', responseStatus: 200 });
  });

  it('sends a test event to one hook only, and never fans test events out', async () => {
    const target = await createHook(['incident.opened']);
    await createHook();
    const sent = await call('POST', `/hooks/${target.hook.id}/test`);
    expect(sent.status).toBe(202);
    await settle();
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body).event).toBe('test');
  });

  it('keeps secrets out of the hook list and refuses a duplicate name', async () => {
    const hook = await createHook();
    const list = await call('GET', '/hooks');
    expect(JSON.stringify(list.body)).not.toContain(hook.secret);
    const [row] = await sql<{ secret_sealed: string }[]>`select secret_sealed from automation_hooks`;
    expect(row!.secret_sealed).not.toContain(hook.secret);
    const name = (list.body.hooks[0] as { name: string }).name;
    const dup = await call('POST', '/hooks', { name, url: receiverUrl });
    expect(dup.status).toBe(409);
  });
});
