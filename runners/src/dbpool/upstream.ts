/**
 * One real PostgreSQL connection held by the pooler: opened from a postgres:// URL, authenticated as
 * an ordinary client (trust, cleartext, md5, SCRAM-SHA-256), then either relayed to a pooler client
 * or driven by the pool itself for the reset between sessions.
 */
import { connect, type Socket } from 'node:net';
import {
  type Message,
  MessageSplitter,
  PostgresError,
  passwordMessage,
  query,
  saslInitialResponse,
  saslResponse,
  startupMessage,
  type TransactionStatus,
  terminate,
} from './protocol';
import { md5Password, scramClientFinal, scramClientFirst, scramNonce, verifyScramServerFinal } from './scram';

export type UpstreamTarget = { host: string; port: number; user: string; password: string; database: string };

export function parseUpstreamUrl(url: string): UpstreamTarget {
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    throw new Error('the upstream URL must start with postgres://');
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode && !['disable', 'allow', 'prefer'].includes(sslmode))
    throw new Error(`sslmode=${sslmode} is not supported: the pooler speaks to PostgreSQL without TLS`);
  const user = decodeURIComponent(parsed.username);
  if (!user) throw new Error('the upstream URL names no user');
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: Number(parsed.port || 5432),
    user,
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)) || user,
  };
}

// The message types the pooler reads; everything else (rows, notices) passes through unparsed.
const watched = new Set(['R', 'S', 'K', 'E', 'Z']);
// Client messages that answer with exactly one ReadyForQuery: Query, Sync, FunctionCall.
const answeredByReady = new Set(['Q', 'S', 'F']);
// Extended-protocol messages that leave the server waiting for a Sync.
const unsyncedTypes = new Set(['P', 'B', 'D', 'E', 'C', 'H']);

export class UpstreamConnection {
  readonly parameters = new Map<string, string>();
  backendPid = 0;
  /** Transaction status of the last ReadyForQuery. */
  status: TransactionStatus = 'I';
  /** Whether anything ran since the last reset, so the next release must reset. */
  dirty = false;
  closed = false;
  lastUsed = Date.now();

  private readonly splitter = new MessageSplitter((type) => watched.has(type));
  private sink: Socket | null = null;
  // ReadyForQuery messages still owed for what was sent, and whether a batch awaits its Sync.
  private owedReady = 0;
  private unsynced = false;
  private lastError: PostgresError | null = null;
  private onReady: (() => void) | null = null;
  private onHandshake: ((message: Message) => void) | null = null;
  private readonly closeListeners: ((error?: Error) => void)[] = [];

  constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.close(error));
    socket.on('close', () => this.close());
  }

  private receive(chunk: Buffer) {
    if (this.sink && !this.sink.write(chunk)) pauseUntilDrained(this.sink, this.socket);
    let messages: Message[];
    try {
      messages = this.splitter.push(chunk);
    } catch (error) {
      this.destroy(error as Error);
      return;
    }
    for (const message of messages) {
      if (this.onHandshake) {
        this.onHandshake(message);
        continue;
      }
      if (message.type === 'S') this.recordParameter(message.payload);
      else if (message.type === 'E' && !this.sink) this.lastError = PostgresError.from(message.payload);
      else if (message.type === 'Z') {
        this.status = String.fromCharCode(message.payload[0]!) as TransactionStatus;
        this.owedReady = Math.max(0, this.owedReady - 1);
        if (this.owedReady === 0) this.onReady?.();
      }
    }
  }

  private recordParameter(payload: Buffer) {
    const end = payload.indexOf(0);
    this.parameters.set(
      payload.toString('utf8', 0, end),
      payload.toString('utf8', end + 1, payload.length - 1),
    );
  }

  /** Sends everything PostgreSQL answers straight to `client`, until detach(). */
  attach(client: Socket) {
    this.sink = client;
  }

  detach() {
    this.sink = null;
    this.socket.resume();
  }

  /** Forwards client messages, keeping count of the answers they are owed. */
  forward(messages: Message[]) {
    if (messages.length === 0) return;
    this.dirty = true;
    // One write for a whole batch (Parse, Bind, Execute, Sync...) rather than a packet each.
    this.socket.cork();
    let flushed = true;
    for (const message of messages) {
      if (answeredByReady.has(message.type)) {
        this.owedReady += 1;
        if (message.type === 'S') this.unsynced = false;
      } else if (unsyncedTypes.has(message.type)) this.unsynced = true;
      flushed = this.socket.write(message.frame);
    }
    this.socket.uncork();
    if (!flushed && this.sink) pauseUntilDrained(this.socket, this.sink);
  }

  /** Runs one simple query of the pooler's own; rejects with PostgreSQL's error if it fails. */
  async query(sql: string, timeoutMs: number) {
    this.dirty = true;
    this.lastError = null;
    this.owedReady += 1;
    this.socket.write(query(sql));
    await this.untilReady(timeoutMs, sql);
    if (this.lastError) throw this.lastError;
  }

  /**
   * Returns the connection to a fresh session: waits out answers still owed to a departed client,
   * rolls back an open transaction and runs DISCARD ALL. Throws when that cannot be done cleanly.
   */
  async reset(timeoutMs: number) {
    if (this.unsynced) throw new Error('the client left in the middle of an extended-protocol batch');
    const deadline = Date.now() + timeoutMs;
    if (this.owedReady > 0) await this.untilReady(timeoutMs, 'the answers still owed to the last client');
    if (this.status !== 'I') await this.query('ROLLBACK', Math.max(1, deadline - Date.now()));
    await this.query('DISCARD ALL', Math.max(1, deadline - Date.now()));
    if (this.status !== 'I')
      throw new Error(`reset left the connection in transaction status ${this.status}`);
    this.dirty = false;
  }

  private untilReady(timeoutMs: number, what: string) {
    if (this.closed) return Promise.reject(new Error('the upstream connection is closed'));
    if (this.owedReady === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        clearTimeout(timer);
        this.onReady = null;
        this.offClose(settle);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(
        () => settle(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
        timeoutMs,
      );
      this.onReady = () => settle();
      this.onClose((error) => settle(error ?? new Error('the upstream connection closed')));
    });
  }

  /** Calls `listener` once the connection is closed; returns a function that unsubscribes it. */
  onClose(listener: (error?: Error) => void): () => void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
    return () => this.offClose(listener);
  }

  private offClose(listener: (error?: Error) => void) {
    const index = this.closeListeners.indexOf(listener);
    if (index !== -1) this.closeListeners.splice(index, 1);
  }

  private close(error?: Error) {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    for (const listener of this.closeListeners.splice(0)) listener(error);
  }

  /** Says goodbye to PostgreSQL (Terminate) and closes. */
  end() {
    if (this.closed) return;
    this.socket.end(terminate());
    // A server that never closes its side must not keep the socket alive.
    setTimeout(() => this.close(), 1_000).unref();
  }

  destroy(error?: Error) {
    this.close(error);
  }

  /** Authenticates on the freshly opened socket and collects the session parameters. */
  handshake(target: UpstreamTarget, applicationName: string) {
    return new Promise<void>((resolve, reject) => {
      let scram: { nonce: string; bare: string; serverSignature?: string } | null = null;
      const fail = (error: Error) => {
        this.onHandshake = null;
        this.destroy(error);
        reject(error);
      };
      const closed = (error?: Error) =>
        fail(error ?? new Error('PostgreSQL closed the connection during the handshake'));
      this.onClose(closed);
      const needPassword = () => {
        if (!target.password)
          throw new Error('PostgreSQL asked for a password, but DBPOOL_UPSTREAM_URL has none');
        return target.password;
      };
      const authenticate = async (payload: Buffer) => {
        const kind = payload.readInt32BE(0);
        if (kind === 0) return;
        if (kind === 3) this.socket.write(passwordMessage(needPassword()));
        else if (kind === 5)
          this.socket.write(
            passwordMessage(md5Password(target.user, needPassword(), payload.subarray(4, 8))),
          );
        else if (kind === 10) {
          const mechanisms = payload.subarray(4).toString('utf8').split('\0');
          if (!mechanisms.includes('SCRAM-SHA-256'))
            throw new Error(`no supported SASL mechanism among ${mechanisms.filter(Boolean).join(', ')}`);
          needPassword();
          const nonce = scramNonce();
          const first = scramClientFirst(nonce);
          scram = { nonce, bare: first.bare };
          this.socket.write(saslInitialResponse('SCRAM-SHA-256', first.message));
        } else if (kind === 11 && scram) {
          const final = await scramClientFinal({
            password: needPassword(),
            nonce: scram.nonce,
            clientFirstBare: scram.bare,
            serverFirst: payload.subarray(4).toString('utf8'),
          });
          scram.serverSignature = final.serverSignature;
          this.socket.write(saslResponse(final.message));
        } else if (kind === 12 && scram?.serverSignature) {
          verifyScramServerFinal(payload.subarray(4).toString('utf8'), scram.serverSignature);
        } else throw new Error(`unsupported authentication request ${kind}`);
      };
      // SCRAM's key derivation is asynchronous; later messages wait for it in order.
      let pending = Promise.resolve();
      this.onHandshake = (message) => {
        pending = pending.then(async () => {
          if (this.closed) return;
          if (message.type === 'R') await authenticate(message.payload);
          else if (message.type === 'E') throw PostgresError.from(message.payload);
          else if (message.type === 'S') this.recordParameter(message.payload);
          else if (message.type === 'K') this.backendPid = message.payload.readInt32BE(0);
          else if (message.type === 'Z') {
            this.status = String.fromCharCode(message.payload[0]!) as TransactionStatus;
            this.onHandshake = null;
            this.offClose(closed);
            resolve();
          }
        });
        pending.catch((error: Error) => fail(error));
      };
      this.socket.write(
        startupMessage({
          user: target.user,
          database: target.database,
          client_encoding: 'UTF8',
          application_name: applicationName,
        }),
      );
    });
  }
}

/** Backpressure: stops reading `from` until `to` has flushed what it buffered. */
function pauseUntilDrained(to: Socket, from: Socket) {
  if (from.isPaused()) return;
  from.pause();
  to.once('drain', () => from.resume());
}

/** Opens and authenticates one connection; rejects at once when PostgreSQL refuses the TCP connection. */
export async function connectUpstream(
  target: UpstreamTarget,
  options: { timeoutMs: number; applicationName?: string },
): Promise<UpstreamConnection> {
  const socket = connect({ host: target.host, port: target.port });
  const timer = setTimeout(
    () => socket.destroy(new Error(`timed out after ${options.timeoutMs} ms connecting to PostgreSQL`)),
    options.timeoutMs,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const connection = new UpstreamConnection(socket);
    await connection.handshake(target, options.applicationName ?? 'homelab-dbpool');
    return connection;
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
