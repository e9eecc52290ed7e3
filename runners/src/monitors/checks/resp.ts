/**
 * Just enough of the Redis protocol (RESP2) for a health check: commands as arrays of bulk strings,
 * and replies read one at a time from a socket. A client library would be a dependency for two commands.
 */
import type { Socket } from 'node:net';
import { AbortedError } from './outcome';

export type Reply =
  | { kind: 'simple' | 'error' | 'integer'; text: string }
  | { kind: 'bulk'; text: string | null };

export function encodeCommand(...parts: string[]): Buffer {
  const chunks = [`*${parts.length}\r\n`];
  for (const part of parts) chunks.push(`$${Buffer.byteLength(part)}\r\n${part}\r\n`);
  return Buffer.from(chunks.join(''));
}

/** The first complete reply in `buffer` and the bytes after it; null while more bytes are needed. */
export function parseReply(buffer: Buffer): { reply: Reply; rest: Buffer } | null {
  const lineEnd = buffer.indexOf('\r\n');
  if (lineEnd < 0) return null;
  const line = buffer.subarray(1, lineEnd).toString('utf8');
  const rest = buffer.subarray(lineEnd + 2);
  switch (buffer[0]) {
    case 0x2b /* + */:
      return { reply: { kind: 'simple', text: line }, rest };
    case 0x2d /* - */:
      return { reply: { kind: 'error', text: line }, rest };
    case 0x3a /* : */:
      return { reply: { kind: 'integer', text: line }, rest };
    case 0x24 /* $ */:
      {
        const length = Number(line);
        if (length < 0) return { reply: { kind: 'bulk', text: null }, rest };
        if (rest.length < length + 2) return null;
        return {
          reply: { kind: 'bulk', text: rest.subarray(0, length).toString('utf8') },
          rest: rest.subarray(length + 2),
        };
      }
    default:
      throw new Error('the server does not speak the Redis protocol');
  }
}

/** Replies from a socket in order; fails the waiting read when the socket errors, closes or the signal fires. */
export class ReplyReader {
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: { resolve(reply: Reply): void; reject(error: unknown): void } | null = null;
  #failure: unknown = null;

  constructor(socket: Socket, signal: AbortSignal) {
    socket.on('data', (chunk: Buffer) => {
      // A health check reads a few bytes; anything past 64 KB is not a Redis server answering PING.
      if (this.#buffer.length + chunk.length > 65_536) return this.#fail(new Error('reply too large'));
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#deliver();
    });
    socket.on('error', (error) => this.#fail(error));
    socket.on('close', () =>
      this.#fail(Object.assign(new Error('connection closed'), { code: 'ERR_SOCKET_CLOSED' })),
    );
    signal.addEventListener('abort', () => this.#fail(new AbortedError()), { once: true });
  }

  next(): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#deliver();
    });
  }

  #deliver() {
    if (!this.#waiting) return;
    const waiting = this.#waiting;
    try {
      const parsed = parseReply(this.#buffer);
      if (parsed) {
        this.#buffer = parsed.rest;
        this.#waiting = null;
        waiting.resolve(parsed.reply);
      } else if (this.#failure) {
        this.#waiting = null;
        waiting.reject(this.#failure);
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown) {
    this.#failure ??= error;
    this.#deliver();
  }
}
