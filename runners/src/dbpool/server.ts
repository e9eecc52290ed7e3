/**
 * The pooler's listening side: speaks just enough of the PostgreSQL protocol to greet a client
 * (refusing TLS, checking user, database and password), lends it a warm upstream connection for the
 * whole session and relays bytes both ways, so a per-request client skips the backend start.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import type { Logger } from '../log';
import type { DbPoolConfig } from './config';
import { createUpstreamPool } from './pool';
import {
  authenticationCleartextPassword,
  authenticationOk,
  backendKeyData,
  cStrings,
  type ErrorFields,
  errorResponse,
  type Message,
  MessageSplitter,
  negotiateProtocolVersion,
  PostgresError,
  ProtocolError,
  parameterStatus,
  protocolVersion3,
  readStartupPacket,
  readyForQuery,
  type StartupPacket,
} from './protocol';
import { connectUpstream, parseUpstreamUrl, type UpstreamConnection } from './upstream';

// A client that has not finished its startup and password by then is dropped.
const handshakeTimeoutMs = 10_000;
const statsIntervalMs = 30_000;

// Startup parameters the pooler applies to the lent connection (DISCARD ALL undoes them); any other
// (`options`, `replication`, ...) is refused, as it could only take effect at backend start.
const sessionSettings = [
  'application_name',
  'client_encoding',
  'DateStyle',
  'IntervalStyle',
  'TimeZone',
  'extra_float_digits',
  'search_path',
  'statement_timeout',
  'lock_timeout',
  'idle_in_transaction_session_timeout',
];
const settingNames = new Map(sessionSettings.map((name) => [name.toLowerCase(), name]));

class Refusal extends Error {
  constructor(readonly fields: ErrorFields) {
    super(fields.message);
  }
}
const refuse = (code: string, message: string) => new Refusal({ severity: 'FATAL', code, message });

const errorMessage = (refusal: Refusal) => errorResponse(refusal.fields);

/** A client that went away (or only sent a cancel request): nothing to answer, nothing to log. */
class Gone extends Error {}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Reads the startup packet and the password from a new client before the relay takes over. */
class HandshakeReader {
  private buffer: Buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  closed = false;

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.on('close', this.onClose);
  }

  private onData = (chunk: Buffer) => {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.wake?.();
  };

  private onClose = () => {
    this.closed = true;
    this.wake?.();
  };

  private async next<T>(parse: (buffer: Buffer) => { value: T; rest: Buffer } | null): Promise<T> {
    for (;;) {
      const parsed = parse(this.buffer);
      if (parsed) {
        this.buffer = parsed.rest;
        return parsed.value;
      }
      if (this.closed) throw new Gone('the client closed the connection during the handshake');
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
  }

  startup(): Promise<StartupPacket> {
    return this.next((buffer) => {
      let read: ReturnType<typeof readStartupPacket>;
      try {
        read = readStartupPacket(buffer);
      } catch (error) {
        throw error instanceof ProtocolError ? refuse('08P01', error.message) : error;
      }
      return read && { value: read.packet, rest: read.rest };
    });
  }

  message(): Promise<Message> {
    return this.next((buffer) => {
      if (buffer.length < 5) return null;
      const length = buffer.readInt32BE(1);
      if (length < 4 || length > 10_000)
        throw refuse('08P01', 'invalid message length during authentication');
      if (buffer.length < length + 1) return null;
      const frame = buffer.subarray(0, length + 1);
      const value = { type: String.fromCharCode(frame[0]!), payload: frame.subarray(5), frame };
      return { value, rest: buffer.subarray(length + 1) };
    });
  }

  /** Stops reading (the relay resumes) and puts back what the client sent past the handshake. */
  release() {
    this.socket.pause();
    this.socket.off('data', this.onData);
    this.socket.off('close', this.onClose);
    if (this.buffer.length > 0) this.socket.unshift(this.buffer);
  }
}

export type DbPoolServerOptions = { config: DbPoolConfig; log: Logger };

export async function startDbPool({ config, log }: DbPoolServerOptions) {
  const target = parseUpstreamUrl(config.upstreamUrl);
  const pool = createUpstreamPool({
    connect: () => connectUpstream(target, { timeoutMs: 5_000 }),
    log,
    min: config.min,
    max: config.max,
    acquireTimeoutMs: config.acquireTimeoutMs,
  });
  const clients = new Set<Socket>();
  // Sessions in relay, each with the way to end it when the pooler stops.
  const sessions = new Map<Socket, () => void>();
  let sessionsServed = 0;

  async function greet(client: Socket): Promise<Record<string, string>> {
    const reader = new HandshakeReader(client);
    let packet = await reader.startup();
    while (packet.kind === 'ssl' || packet.kind === 'gss') {
      // 'N': no TLS and no GSS encryption here; the client goes on in plain text or gives up.
      client.write('N');
      packet = await reader.startup();
    }
    if (packet.kind === 'cancel') throw new Gone();
    const { params } = packet;
    const unknownOptions = Object.keys(params).filter((name) => name.startsWith('_pq_.'));
    if (packet.version !== protocolVersion3 || unknownOptions.length > 0)
      client.write(negotiateProtocolVersion(unknownOptions));

    const user = params.user;
    if (!user) throw refuse('28000', 'no PostgreSQL user name specified in startup packet');
    if (user !== target.user) throw refuse('28000', `user "${user}" is not served by this pooler`);
    if (target.password) {
      client.write(authenticationCleartextPassword());
      const message = await reader.message();
      if (message.type !== 'p') throw refuse('08P01', `expected a password message, got "${message.type}"`);
      const given = cStrings(message.payload)[0] ?? '';
      if (!timingSafeEqual(digest(given), digest(target.password)))
        throw refuse('28P01', `password authentication failed for user "${user}"`);
    }
    const database = params.database || user;
    if (database !== target.database)
      throw refuse('3D000', `database "${database}" is not served by this pooler`);

    const settings: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) {
      if (name === 'user' || name === 'database' || name.startsWith('_pq_.')) continue;
      const setting = settingNames.get(name.toLowerCase());
      if (!setting) throw refuse('08P01', `unsupported startup parameter: ${name}`);
      settings[setting] = value;
    }
    reader.release();
    return settings;
  }

  /** Makes the lent connection match what the client asked for at startup, in one round trip. */
  async function applySettings(upstream: UpstreamConnection, settings: Record<string, string>) {
    const changes = Object.entries(settings).filter(
      ([name, value]) => upstream.parameters.get(name) !== value,
    );
    if (changes.length === 0) return;
    // E'' literals read the same whatever standard_conforming_strings says.
    const literal = (text: string) => `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
    const calls = changes.map(
      ([name, value]) => `pg_catalog.set_config(${literal(name)}, ${literal(value)}, false)`,
    );
    await upstream.query(`select ${calls.join(', ')}`, 5_000);
  }

  function relay(client: Socket, upstream: UpstreamConnection) {
    const splitter = new MessageSplitter();
    let finished = false;
    const finish = (reason?: Error) => {
      if (finished) return;
      finished = true;
      unsubscribe();
      sessions.delete(client);
      client.off('data', onData);
      upstream.detach();
      if (reason) log.warn('client session failed', { err: reason, backendPid: upstream.backendPid });
      client.end();
      void pool.release(upstream);
    };
    const onData = (chunk: Buffer) => {
      let messages: Message[];
      try {
        messages = splitter.push(chunk);
      } catch (error) {
        return finish(error as Error);
      }
      // Terminate would end the upstream backend; the session ends here instead and the backend is kept.
      const end = messages.findIndex((message) => message.type === 'X');
      upstream.forward(end === -1 ? messages : messages.slice(0, end));
      if (end !== -1) finish();
    };
    const unsubscribe = upstream.onClose((error) => {
      if (finished) return;
      finished = true;
      sessions.delete(client);
      log.warn('upstream connection lost during a session', { err: error, backendPid: upstream.backendPid });
      // end(), not destroy(): PostgreSQL's last words (say a FATAL 57P01) may still be on their way out.
      client.end();
    });
    sessions.set(client, () => {
      if (finished) return;
      finished = true;
      unsubscribe();
      upstream.detach();
      client.end(errorMessage(refuse('57P01', 'terminating connection due to administrator command')));
      upstream.end();
    });
    upstream.attach(client);
    client.on('data', onData);
    client.resume();
    client.on('close', () => finish());
    client.on('error', () => finish());
  }

  async function serve(client: Socket) {
    const remote = `${client.remoteAddress}:${client.remotePort}`;
    const timer = setTimeout(() => client.destroy(), handshakeTimeoutMs);
    let upstream: UpstreamConnection | null = null;
    try {
      const settings = await greet(client);
      try {
        upstream = await pool.acquire();
      } catch (error) {
        throw refuse('08006', `database unavailable: ${(error as Error).message}`);
      }
      if (client.destroyed) throw new Gone();
      try {
        await applySettings(upstream, settings);
      } catch (error) {
        if (error instanceof PostgresError)
          throw new Refusal({ severity: 'FATAL', code: error.code, message: error.message });
        throw error;
      }
      if (client.destroyed) throw new Gone();
      clearTimeout(timer);
      const parameters = [...upstream.parameters].map(([name, value]) => parameterStatus(name, value));
      client.write(
        Buffer.concat([
          authenticationOk(),
          ...parameters,
          backendKeyData(randomInt(1, 2 ** 31 - 1), randomInt(0, 2 ** 31 - 1)),
          readyForQuery('I'),
        ]),
      );
      sessionsServed += 1;
      relay(client, upstream);
    } catch (error) {
      clearTimeout(timer);
      if (upstream) void pool.release(upstream);
      if (error instanceof Refusal) {
        log.warn('client refused', { code: error.fields.code, reason: error.message, remote });
        client.end(errorMessage(error));
      } else {
        if (!(error instanceof Gone) && !client.destroyed)
          log.warn('client handshake failed', { err: error, remote });
        client.destroy();
      }
    }
  }

  const server = createServer((client) => {
    client.setNoDelay(true);
    clients.add(client);
    client.on('close', () => clients.delete(client));
    // Errors end the session through 'close'; without a listener they would crash the process.
    client.on('error', () => {});
    void serve(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;

  const statsTimer = setInterval(
    () => log.debug('dbpool stats', { ...pool.stats(), sessions: sessions.size, sessionsServed }),
    statsIntervalMs,
  );
  statsTimer.unref();

  return {
    host: address.address,
    port: address.port,
    pool,
    /** Stops accepting, closes the idle upstream connections and ends every session. */
    async stop() {
      clearInterval(statsTimer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      pool.close();
      for (const end of [...sessions.values()]) end();
      for (const client of clients) if (!sessions.has(client)) client.destroy();
      // A client that does not close its side after the goodbye is cut off.
      const cutOff = setTimeout(() => {
        for (const client of clients) client.destroy();
      }, 1_000);
      await closed;
      clearTimeout(cutOff);
    },
  };
}

export type DbPool = Awaited<ReturnType<typeof startDbPool>>;
