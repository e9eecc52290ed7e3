/**
 * The archive container: a plain ustar file (readable by `tar -xf`) of regular files with short
 * names. Only what the backup writes is supported, and reading refuses anything else, so a
 * tampered archive cannot write outside the folder it is unpacked into.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const block = 512;
const safeName = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

function octal(value: number, width: number) {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, mtime: Date) {
  const h = Buffer.alloc(block, 0);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o600, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write('0', 156, 'latin1');
  h.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

export type TarPart = { name: string; file: string };

export async function writeTar(target: string, parts: TarPart[]) {
  const out = createWriteStream(target, { flags: 'wx', mode: 0o600 });
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => out.write(chunk, (error) => (error ? reject(error) : resolve())));
  try {
    for (const part of parts) {
      if (!safeName.test(part.name) || Buffer.byteLength(part.name) > 99)
        throw new Error(`unsupported archive member name: ${part.name}`);
      const { size, mtime } = await stat(part.file);
      await write(header(part.name, size, mtime));
      await pipeline(createReadStream(part.file), out, { end: false });
      const pad = (block - (size % block)) % block;
      if (pad) await write(Buffer.alloc(pad, 0));
    }
    await write(Buffer.alloc(block * 2, 0));
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
}

/** Unpacks into `dir` (which must exist) and answers the member names in archive order. */
export async function extractTar(source: string, dir: string): Promise<string[]> {
  const handle = await open(source, 'r');
  const names: string[] = [];
  try {
    const { size: total } = await handle.stat();
    let offset = 0;
    const h = Buffer.alloc(block);
    while (offset + block <= total) {
      await handle.read(h, 0, block, offset);
      if (h.every((byte) => byte === 0)) return names;
      const stored = Number.parseInt(h.toString('latin1', 148, 156).replace(/[\0 ]/g, ''), 8);
      const copy = Buffer.from(h);
      copy.fill(0x20, 148, 156);
      let sum = 0;
      for (const byte of copy) sum += byte;
      if (sum !== stored) throw new Error('The archive is damaged: a header checksum does not match.');
      const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const type = h.toString('latin1', 156, 157);
      const size = Number.parseInt(h.toString('latin1', 124, 136).replace(/[\0 ]/g, ''), 8);
      if ((type !== '0' && type !== '\0') || !safeName.test(name) || !Number.isFinite(size))
        throw new Error(`The archive holds an unexpected member: ${name}`);
      offset += block;
      if (offset + size > total) throw new Error('The archive is truncated.');
      const target = path.join(dir, name);
      if (name.includes('/')) await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      if (size > 0)
        await pipeline(
          handle.createReadStream({ start: offset, end: offset + size - 1, autoClose: false }),
          createWriteStream(target, { flags: 'wx', mode: 0o600 }),
        );
      else await (await open(target, 'wx', 0o600)).close();
      names.push(name);
      offset += size + ((block - (size % block)) % block);
    }
    throw new Error('The archive is truncated: it has no end marker.');
  } finally {
    await handle.close();
  }
}
