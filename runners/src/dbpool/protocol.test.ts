import { describe, expect, it } from 'vitest';
import {
  authenticationCleartextPassword,
  authenticationOk,
  backendKeyData,
  cStrings,
  errorResponse,
  MessageSplitter,
  PostgresError,
  ProtocolError,
  parameterStatus,
  query,
  readStartupPacket,
  readyForQuery,
  startupMessage,
  terminate,
} from './protocol';

const untyped = (...ints: number[]) => {
  const buffer = Buffer.alloc(4 + 4 * ints.length);
  buffer.writeInt32BE(buffer.length, 0);
  ints.forEach((value, i) => {
    buffer.writeInt32BE(value, 4 + 4 * i);
  });
  return buffer;
};

describe('readStartupPacket', () => {
  it('reads the parameters of a v3 startup message and keeps what follows', () => {
    const packet = startupMessage({ user: 'app', database: 'homelab', application_name: 'postgres.js' });
    const read = readStartupPacket(Buffer.concat([packet, Buffer.from('p')]));
    expect(read?.packet).toEqual({
      kind: 'startup',
      version: 196_608,
      params: { user: 'app', database: 'homelab', application_name: 'postgres.js' },
    });
    expect(read?.rest).toEqual(Buffer.from('p'));
  });

  it('waits for the rest of a packet that arrived in part', () => {
    const packet = startupMessage({ user: 'app' });
    expect(readStartupPacket(packet.subarray(0, 3))).toBeNull();
    expect(readStartupPacket(packet.subarray(0, packet.length - 1))).toBeNull();
  });

  it('recognises SSLRequest, GSSENCRequest and CancelRequest', () => {
    expect(readStartupPacket(untyped(80_877_103))?.packet).toEqual({ kind: 'ssl' });
    expect(readStartupPacket(untyped(80_877_104))?.packet).toEqual({ kind: 'gss' });
    expect(readStartupPacket(untyped(80_877_102, 42, 7))?.packet).toEqual({
      kind: 'cancel',
      pid: 42,
      secret: 7,
    });
  });

  it('refuses impossible lengths and other protocol versions', () => {
    expect(() => readStartupPacket(Buffer.from([0, 0, 0, 2]))).toThrow(ProtocolError);
    expect(() => readStartupPacket(Buffer.from([0, 1, 0, 0]))).toThrow(/length/);
    expect(() => readStartupPacket(untyped(2 << 16))).toThrow(/unsupported frontend protocol 2\.0/);
  });
});

describe('MessageSplitter', () => {
  const stream = Buffer.concat([
    authenticationOk(),
    parameterStatus('server_version', '15.20'),
    backendKeyData(1234, 5678),
    readyForQuery('I'),
    terminate(),
  ]);

  it('returns whole messages from one chunk', () => {
    const messages = new MessageSplitter().push(stream);
    expect(messages.map((message) => message.type)).toEqual(['R', 'S', 'K', 'Z', 'X']);
    expect(cStrings(messages[1]!.payload)).toEqual(['server_version', '15.20']);
    expect(messages[2]!.payload.readInt32BE(4)).toBe(5678);
    expect(Buffer.concat(messages.map((message) => message.frame))).toEqual(stream);
  });

  it('gives the same messages however the stream is cut, even byte by byte', () => {
    const whole = new MessageSplitter().push(stream);
    for (const size of [1, 2, 3, 5, 7, 13]) {
      const splitter = new MessageSplitter();
      const messages = [];
      for (let at = 0; at < stream.length; at += size)
        messages.push(...splitter.push(stream.subarray(at, at + size)));
      expect(messages).toEqual(whole);
    }
  });

  it('skips unwanted messages across chunks without returning them', () => {
    const big = query('x'.repeat(10_000));
    const input = Buffer.concat([big, readyForQuery('T'), big]);
    const splitter = new MessageSplitter((type) => type === 'Z');
    const messages = [
      ...splitter.push(input.subarray(0, 4_000)),
      ...splitter.push(input.subarray(4_000, 10_008)),
      ...splitter.push(input.subarray(10_008)),
    ];
    expect(messages).toHaveLength(1);
    expect(messages[0]!.payload.toString()).toBe('T');
  });

  it('refuses a length below four', () => {
    expect(() => new MessageSplitter().push(Buffer.from([0x51, 0, 0, 0, 3]))).toThrow(ProtocolError);
  });
});

describe('message builders', () => {
  it('builds the authentication, key and ready messages byte for byte', () => {
    expect(authenticationOk()).toEqual(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]));
    expect(authenticationCleartextPassword()).toEqual(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
    expect(backendKeyData(1, 2)).toEqual(Buffer.from([0x4b, 0, 0, 0, 12, 0, 0, 0, 1, 0, 0, 0, 2]));
    expect(readyForQuery('E')).toEqual(Buffer.from([0x5a, 0, 0, 0, 5, 0x45]));
    expect(terminate()).toEqual(Buffer.from([0x58, 0, 0, 0, 4]));
    expect(query('select 1')).toEqual(Buffer.from('Q\0\0\0\x0dselect 1\0', 'latin1'));
  });

  it('builds an ErrorResponse that reads back with its severity, code and message', () => {
    const frame = errorResponse({ severity: 'FATAL', code: '08006', message: 'database unavailable: down' });
    const [message] = new MessageSplitter().push(frame);
    expect(message?.type).toBe('E');
    const error = PostgresError.from(message!.payload);
    expect([error.severity, error.code, error.message]).toEqual([
      'FATAL',
      '08006',
      'database unavailable: down',
    ]);
  });
});
