/**
 * ClamAV: clamd over its socket (INSTREAM) when CLAMD_SOCKET is set, else clamscan per file. A scan
 * that cannot say "clean" or "infected" throws: an unscanned file is never accepted.
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { ScannerKind } from '@homelab/db/files';

export type ScanResult = { infected: false } | { infected: true; signature: string };

export class ScannerError extends Error {
  override name = 'ScannerError';
}

export type ScannerOptions = {
  clamdSocket?: string;
  clamscanPath: string;
  clamavDatabaseDir?: string;
  /** The largest file scanned; ClamAV skips larger ones silently, so it must cover every upload. */
  maxFileBytes: number;
  timeoutMs?: number;
};

export type Scanner = {
  /** Which scanner answers; a found one is remembered, "unavailable" is asked again after 30 s (clamd may be starting). */
  kind(): Promise<ScannerKind>;
  scan(path: string): Promise<ScanResult>;
};

type SocketAddress = { path: string } | { host: string; port: number };

export function parseClamdSocket(value: string): SocketAddress {
  if (value.startsWith('tcp://')) {
    const url = new URL(value);
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 3310) };
  }
  return { path: value.replace(/^unix:\/\//, '') };
}

const signaturePattern = /^[\w.:-]{1,200}$/;

/** clamd's answer to INSTREAM for a stream: "stream: OK", "stream: <name> FOUND" or "... ERROR". */
export function parseClamdReply(reply: string): ScanResult {
  const text = reply.replace(/\0/g, '').trim();
  if (/^stream: OK$/.test(text)) return { infected: false };
  const found = /^stream: (.+) FOUND$/.exec(text);
  if (found && signaturePattern.test(found[1] as string))
    return { infected: true, signature: found[1] as string };
  throw new ScannerError(`clamd could not scan the file: ${text.slice(0, 200)}`);
}

function clamdCall(
  address: SocketAddress,
  timeoutMs: number,
  talk: (socket: Socket) => Promise<void> | void,
) {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(address as never);
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new ScannerError('clamd did not answer in time')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) =>
      reject(error instanceof ScannerError ? error : new ScannerError(`clamd: ${error.message}`)),
    );
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('connect', () => {
      Promise.resolve(talk(socket)).catch((error: unknown) => socket.destroy(error as Error));
    });
  });
}

async function clamdInstream(address: SocketAddress, path: string, timeoutMs: number) {
  return clamdCall(address, timeoutMs, async (socket) => {
    socket.write('zINSTREAM\0');
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(chunk.length);
      if (!socket.write(Buffer.concat([length, chunk])))
        await new Promise<void>((done) => socket.once('drain', done));
    }
    socket.end(Buffer.alloc(4));
  });
}

function run(file: string, args: string[], timeoutMs: number) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Limits handed to clamscan: every upload is scanned whole, archives only so far, and going past is an alert. */
export function clamscanArgs(options: ScannerOptions, path: string) {
  const max = String(options.maxFileBytes + 1);
  return [
    '--no-summary',
    '--stdout',
    '--infected',
    ...(options.clamavDatabaseDir ? [`--database=${options.clamavDatabaseDir}`] : []),
    `--max-filesize=${max}`,
    `--max-scansize=${String(Math.max(options.maxFileBytes * 4, 400 * 1024 * 1024))}`,
    '--max-recursion=8',
    '--max-files=10000',
    '--alert-exceeds-max=yes',
    '--',
    path,
  ];
}

export function createScanner(options: ScannerOptions): Scanner {
  const timeoutMs = options.timeoutMs ?? 120_000;
  let kind: Promise<ScannerKind> | undefined;
  let probedAt = 0;

  async function probe(): Promise<ScannerKind> {
    if (options.clamdSocket) {
      const reply = await clamdCall(parseClamdSocket(options.clamdSocket), 5_000, (socket) => {
        socket.end('zPING\0');
      }).catch(() => '');
      return reply.replace(/\0/g, '').trim() === 'PONG' ? 'clamd' : 'unavailable';
    }
    const { code } = await run(options.clamscanPath, ['--version'], 10_000);
    return code === 0 ? 'clamscan' : 'unavailable';
  }

  return {
    async kind() {
      if (kind && Date.now() - probedAt > 30_000 && (await kind) === 'unavailable') kind = undefined;
      if (!kind) {
        probedAt = Date.now();
        kind = probe();
      }
      return kind;
    },
    async scan(path) {
      if (options.clamdSocket) {
        const reply = await clamdInstream(parseClamdSocket(options.clamdSocket), path, timeoutMs);
        return parseClamdReply(reply);
      }
      const { code, stdout, stderr } = await run(
        options.clamscanPath,
        clamscanArgs(options, path),
        timeoutMs,
      );
      if (code === 0) return { infected: false };
      if (code === 1) {
        const found = / ([^ ]+) FOUND$/m.exec(stdout.trim());
        const signature = found?.[1];
        if (signature && signaturePattern.test(signature)) return { infected: true, signature };
        throw new ScannerError('clamscan reported a find it did not name');
      }
      throw new ScannerError(
        `clamscan failed (exit ${code}): ${(stderr || stdout).trim().split('\n').slice(-2).join(' ').slice(0, 300)}`,
      );
    },
  };
}
