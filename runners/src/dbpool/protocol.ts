/**
 * PostgreSQL v3 wire-protocol framing for the pooler: reading the untyped startup packet, splitting
 * typed messages out of a byte stream that arrives in arbitrary chunks, and building the few
 * messages the pooler itself sends. Pure functions over Buffers; no sockets here.
 */

export const protocolVersion3 = 196_608;
export const sslRequestCode = 80_877_103;
export const gssEncRequestCode = 80_877_104;
export const cancelRequestCode = 80_877_102;

// PostgreSQL itself refuses startup packets above 10,000 bytes (MAX_STARTUP_PACKET_LENGTH).
const maxStartupLength = 10_000;
// A typed message above 1 GB cannot be valid (PostgreSQL's MaxAllocSize); above that the stream is garbage.
const maxMessageLength = 0x40000000;

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

export type StartupPacket =
  | { kind: 'startup'; version: number; params: Record<string, string> }
  | { kind: 'ssl' }
  | { kind: 'gss' }
  | { kind: 'cancel'; pid: number; secret: number };

/**
 * Reads one untyped packet (int32 length, int32 code, body) from the start of `buffer`, or null when
 * more bytes are needed. `rest` is what follows the packet.
 */
export function readStartupPacket(buffer: Buffer): { packet: StartupPacket; rest: Buffer } | null {
  if (buffer.length < 4) return null;
  const length = buffer.readInt32BE(0);
  if (length < 8 || length > maxStartupLength)
    throw new ProtocolError(`invalid startup packet length ${length}`);
  if (buffer.length < length) return null;
  const code = buffer.readInt32BE(4);
  const rest = buffer.subarray(length);
  if (code === sslRequestCode) return { packet: { kind: 'ssl' }, rest };
  if (code === gssEncRequestCode) return { packet: { kind: 'gss' }, rest };
  if (code === cancelRequestCode) {
    if (length !== 16) throw new ProtocolError('invalid cancel request length');
    return { packet: { kind: 'cancel', pid: buffer.readInt32BE(8), secret: buffer.readInt32BE(12) }, rest };
  }
  if (code >>> 16 !== 3)
    throw new ProtocolError(`unsupported frontend protocol ${code >>> 16}.${code & 0xffff}`);
  const params: Record<string, string> = {};
  const fields = cStrings(buffer.subarray(8, length));
  // The list ends with an empty name; a name without a value is malformed.
  for (let i = 0; i < fields.length && fields[i] !== ''; i += 2) {
    const value = fields[i + 1];
    if (value === undefined) throw new ProtocolError('startup parameter without a value');
    params[fields[i]!] = value;
  }
  return { packet: { kind: 'startup', version: code, params }, rest };
}

/** One typed message; `frame` is the whole message (type byte and length included), ready to forward. */
export type Message = { type: string; payload: Buffer; frame: Buffer };

type Partial = { type: string; remaining: number; keep: boolean; parts: Buffer[] };

/**
 * Splits typed messages (1-byte type, int32 length, payload) out of a stream fed chunk by chunk.
 * Messages whose type `keep` rejects are skipped without being buffered, so relaying a large result
 * only to watch for ReadyForQuery costs no copies.
 */
export class MessageSplitter {
  private readonly header = Buffer.alloc(5);
  private headerFill = 0;
  private current: Partial | null = null;

  constructor(private readonly keep: (type: string) => boolean = () => true) {}

  push(chunk: Buffer): Message[] {
    const out: Message[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.current === null) {
        // Fast path: a whole message inside this chunk is returned as a view, not a copy.
        if (this.headerFill === 0 && chunk.length - offset >= 5) {
          const length = checkedLength(chunk.readInt32BE(offset + 1));
          const type = String.fromCharCode(chunk[offset]!);
          if (chunk.length - offset >= length + 1) {
            if (this.keep(type)) out.push(message(type, chunk.subarray(offset, offset + length + 1)));
            offset += length + 1;
            continue;
          }
        }
        const take = Math.min(5 - this.headerFill, chunk.length - offset);
        chunk.copy(this.header, this.headerFill, offset, offset + take);
        this.headerFill += take;
        offset += take;
        if (this.headerFill < 5) break;
        this.headerFill = 0;
        const type = String.fromCharCode(this.header[0]!);
        const keep = this.keep(type);
        const remaining = checkedLength(this.header.readInt32BE(1)) - 4;
        this.current = { type, remaining, keep, parts: keep ? [Buffer.from(this.header)] : [] };
      }
      const current = this.current;
      const take = Math.min(current.remaining, chunk.length - offset);
      if (current.keep && take > 0) current.parts.push(chunk.subarray(offset, offset + take));
      current.remaining -= take;
      offset += take;
      if (current.remaining === 0) {
        if (current.keep) out.push(message(current.type, Buffer.concat(current.parts)));
        this.current = null;
      }
    }
    return out;
  }
}

function checkedLength(length: number) {
  if (length < 4 || length > maxMessageLength) throw new ProtocolError(`invalid message length ${length}`);
  return length;
}

function message(type: string, frame: Buffer): Message {
  return { type, payload: frame.subarray(5), frame };
}

/** The NUL-terminated strings of a payload, in order. */
export function cStrings(payload: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  for (let end = payload.indexOf(0, start); end !== -1; end = payload.indexOf(0, start)) {
    out.push(payload.toString('utf8', start, end));
    start = end + 1;
  }
  return out;
}

// --- building messages ---

function typed(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const frame = Buffer.allocUnsafe(5 + body.length);
  frame.write(type, 0, 'latin1');
  frame.writeInt32BE(4 + body.length, 1);
  body.copy(frame, 5);
  return frame;
}

function int32(...values: number[]): Buffer {
  const body = Buffer.allocUnsafe(4 * values.length);
  for (const [i, value] of values.entries()) body.writeInt32BE(value, 4 * i);
  return body;
}

const cString = (text: string) => Buffer.from(`${text}\0`, 'utf8');

export const authenticationOk = () => typed('R', int32(0));
export const authenticationCleartextPassword = () => typed('R', int32(3));
export const parameterStatus = (name: string, value: string) =>
  typed('S', Buffer.concat([cString(name), cString(value)]));
export const backendKeyData = (pid: number, secret: number) => typed('K', int32(pid, secret));

export type TransactionStatus = 'I' | 'T' | 'E';
export const readyForQuery = (status: TransactionStatus) => typed('Z', Buffer.from(status, 'latin1'));

export type ErrorFields = { severity: 'ERROR' | 'FATAL'; code: string; message: string };

export function errorResponse({ severity, code, message }: ErrorFields): Buffer {
  // 'S' is the localized severity, 'V' the untranslated one that clients (postgres.js too) prefer.
  const fields = [`S${severity}`, `V${severity}`, `C${code}`, `M${message}`].map(cString);
  return typed('E', Buffer.concat([...fields, Buffer.from([0])]));
}

/** Tells a client asking for protocol 3.x (x > 0) or `_pq_` options that only 3.0 without them is spoken. */
export function negotiateProtocolVersion(unsupportedOptions: string[]): Buffer {
  return typed(
    'v',
    Buffer.concat([int32(protocolVersion3, unsupportedOptions.length), ...unsupportedOptions.map(cString)]),
  );
}

export const query = (sql: string) => typed('Q', cString(sql));
export const terminate = () => typed('X');
export const passwordMessage = (password: string) => typed('p', cString(password));
export const saslInitialResponse = (mechanism: string, data: string) => {
  const bytes = Buffer.from(data, 'utf8');
  return typed('p', Buffer.concat([cString(mechanism), int32(bytes.length), bytes]));
};
export const saslResponse = (data: string) => typed('p', Buffer.from(data, 'utf8'));

export function startupMessage(params: Record<string, string>): Buffer {
  const body = Buffer.concat([
    int32(protocolVersion3),
    ...Object.entries(params).flatMap(([name, value]) => [cString(name), cString(value)]),
    Buffer.from([0]),
  ]);
  return Buffer.concat([int32(4 + body.length), body]);
}

// --- reading messages ---

/** The fields of an ErrorResponse or NoticeResponse, keyed by their one-letter code ('C', 'M', ...). */
export function parseErrorFields(payload: Buffer): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const field of cStrings(payload)) if (field) fields[field[0]!] = field.slice(1);
  return fields;
}

/** An error PostgreSQL sent, carrying its SQLSTATE like the errors of postgres.js do. */
export class PostgresError extends Error {
  override name = 'PostgresError';
  constructor(
    message: string,
    readonly code: string,
    readonly severity: string,
  ) {
    super(message);
  }

  static from(payload: Buffer) {
    const fields = parseErrorFields(payload);
    return new PostgresError(
      fields.M ?? 'unknown error',
      fields.C ?? 'XX000',
      fields.V ?? fields.S ?? 'ERROR',
    );
  }
}
