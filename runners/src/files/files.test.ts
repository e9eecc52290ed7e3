import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allowedTypes } from '@homelab/db/files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTextCheck, detectType } from './detect';
import { buildZip, pngBytes, pngZipPolyglot, zipBombBytes } from './fixtures';
import { gzipBombReason, isPolyglot, zipBombReason } from './inspect';
import { nameForType, sanitizeName } from './sanitize';
import { parseClamdReply, parseClamdSocket } from './scan';

function typeOf(bytes: Buffer, name: string) {
  const text = createTextCheck();
  text.push(bytes);
  return detectType(bytes.subarray(0, 64), text.result(), name)?.mediaType ?? null;
}

describe('type detection by magic bytes', () => {
  it('knows the allowed binary types whatever the name says', () => {
    expect(typeOf(pngBytes, 'photo.exe')).toBe('image/png');
    expect(typeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'x')).toBe('image/jpeg');
    expect(typeOf(Buffer.from('GIF89a\x01\x00', 'latin1'), 'x')).toBe('image/gif');
    expect(typeOf(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), 'x')).toBe('image/webp');
    expect(typeOf(Buffer.from('%PDF-1.7\n', 'latin1'), 'x')).toBe('application/pdf');
    expect(typeOf(buildZip([{ name: 'a.txt', data: Buffer.from('a') }]), 'x')).toBe('application/zip');
    expect(typeOf(Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]), 'x')).toBe('application/gzip');
    expect(typeOf(Buffer.from('\x00\x00\x00\x18ftypisom\x00\x00\x02\x00', 'latin1'), 'x')).toBe('video/mp4');
  });

  it('takes UTF-8 without NULs as text, the extension choosing which kind', () => {
    expect(typeOf(Buffer.from('a,b\n1,2\n'), 'data.csv')).toBe('text/csv');
    expect(typeOf(Buffer.from('{"a":1}'), 'data.json')).toBe('application/json');
    expect(typeOf(Buffer.from('# Grüße'), 'notes.md')).toBe('text/markdown');
    expect(typeOf(Buffer.from('hello'), 'run.sh')).toBe('text/plain');
  });

  it('refuses what is not on the allow-list', () => {
    expect(typeOf(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), 'setup.png')).toBeNull();
    expect(typeOf(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), 'tool.txt')).toBeNull();
    expect(typeOf(Buffer.from('text with a \0 NUL'), 'a.txt')).toBeNull();
    expect(typeOf(Buffer.from([0x61, 0xc3, 0x28]), 'bad.txt')).toBeNull();
  });

  it('keeps multi-byte characters split across chunks valid', () => {
    const text = createTextCheck();
    const bytes = Buffer.from('ü');
    text.push(bytes.subarray(0, 1));
    text.push(bytes.subarray(1));
    expect(text.result()).toEqual({ utf8: true, hasNul: false });
  });
});

describe('name sanitising', () => {
  it('keeps only the last segment of a traversal, with either separator', () => {
    expect(sanitizeName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeName('..\\..\\x')).toBe('x');
    expect(sanitizeName('..')).toBe('upload');
    expect(sanitizeName('/')).toBe('upload');
  });

  it('removes control characters, leading dots and reserved characters', () => {
    expect(sanitizeName('.htaccess')).toBe('htaccess');
    expect(sanitizeName('a\u0000b\u001b[31mc.txt')).toBe('ab[31mc.txt');
    expect(sanitizeName('evil\u202Egnp.exe')).toBe('evilgnp.exe');
    expect(sanitizeName('what?<is>this*.txt')).toBe('what__is_this_.txt');
    expect(sanitizeName('report..pdf')).toBe('report.pdf');
  });

  it('avoids Windows device names and normalises to NFC', () => {
    expect(sanitizeName('CON.txt')).toBe('_CON.txt');
    expect(sanitizeName('lpt1')).toBe('_lpt1');
    expect(sanitizeName('Cafe\u0301.txt')).toBe('Caf\u00e9.txt');
  });

  it('caps the length at 120 and keeps the extension', () => {
    const name = sanitizeName(`${'a'.repeat(300)}.png`);
    expect(name.length).toBe(120);
    expect(name.endsWith('.png')).toBe(true);
  });

  it('gives a file the extension of its detected type', () => {
    const png = allowedTypes.find((t) => t.mediaType === 'image/png')!;
    const jpeg = allowedTypes.find((t) => t.mediaType === 'image/jpeg')!;
    expect(nameForType('holiday.exe', png)).toBe('holiday.png');
    expect(nameForType('holiday', png)).toBe('holiday.png');
    expect(nameForType('holiday.jpeg', jpeg)).toBe('holiday.jpeg');
  });
});

describe('whole-file checks', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'files-unit-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function file(name: string, bytes: Buffer) {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  }

  it('finds a ZIP hidden in a PNG and script in an image, not in a plain PNG', async () => {
    expect(await isPolyglot(await file('poly.png', pngZipPolyglot()))).toBe(true);
    expect(
      await isPolyglot(
        await file('script.gif', Buffer.from('GIF89a\x01\x00<ScRiPt>alert(1)</script>', 'latin1')),
      ),
    ).toBe(true);
    expect(
      await isPolyglot(
        await file(
          'php.jpg',
          Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('<?php system($_GET[1]);')]),
        ),
      ),
    ).toBe(true);
    expect(await isPolyglot(await file('plain.png', pngBytes))).toBe(false);
  });

  it('finds a marker split across read chunks', async () => {
    const bytes = Buffer.alloc(256 * 1024 + 10, 0x20);
    bytes.write('<html', 256 * 1024 - 2, 'latin1');
    expect(await isPolyglot(await file('split.pdf', bytes))).toBe(true);
  });

  it('refuses a ZIP that expands a thousandfold, and passes an ordinary one', async () => {
    expect(await zipBombReason(await file('bomb.zip', zipBombBytes()))).toMatch(
      /^zip bomb: an entry expands \d+:1$/,
    );
    const ordinary = buildZip([
      { name: 'readme.txt', data: Buffer.from('hello '.repeat(100)), deflate: true },
      { name: 'image.png', data: pngBytes },
    ]);
    expect(await zipBombReason(await file('ok.zip', ordinary))).toBeNull();
  });

  it('refuses nested archives, too many entries, a total over the limit and shared entry data', async () => {
    const nested = buildZip([{ name: 'inner.zip', data: buildZip([{ name: 'a', data: Buffer.from('a') }]) }]);
    expect(await zipBombReason(await file('nested.zip', nested))).toMatch(/nested archive/);
    const many = buildZip(
      Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from('x') })),
    );
    expect(
      await zipBombReason(await file('many.zip', many), {
        maxEntries: 10,
        maxRatio: 100,
        maxUncompressedBytes: 1e9,
      }),
    ).toMatch(/12 entries/);
    const big = buildZip([{ name: 'a.txt', data: Buffer.alloc(2048, 1) }]);
    expect(
      await zipBombReason(await file('big.zip', big), {
        maxEntries: 10,
        maxRatio: 100,
        maxUncompressedBytes: 1024,
      }),
    ).toMatch(/over 1024 bytes/);
    const shared = buildZip([
      { name: 'a.txt', data: Buffer.from('a') },
      { name: 'b.txt', data: Buffer.from('b') },
    ]);
    // Point the second central directory entry at the first entry's data.
    const cdStart = shared.readUInt32LE(shared.length - 6);
    const second = cdStart + 46 + 'a.txt'.length;
    shared.writeUInt32LE(0, second + 42);
    expect(await zipBombReason(await file('shared.zip', shared))).toMatch(/share their data/);
  });

  it('refuses a gzip whose trailer claims a thousandfold expansion', async () => {
    const { gzipSync } = await import('node:zlib');
    expect(await gzipBombReason(await file('bomb.gz', gzipSync(Buffer.alloc(16 * 1024 * 1024))))).toMatch(
      /^zip bomb/,
    );
    expect(await gzipBombReason(await file('ok.gz', gzipSync(Buffer.from('hello'.repeat(10)))))).toBeNull();
  });
});

describe('clamd protocol', () => {
  it('reads clean, found and error replies', () => {
    expect(parseClamdReply('stream: OK\0')).toEqual({ infected: false });
    expect(parseClamdReply('stream: Eicar-Test-Signature FOUND\0')).toEqual({
      infected: true,
      signature: 'Eicar-Test-Signature',
    });
    expect(() => parseClamdReply('INSTREAM size limit exceeded. ERROR\0')).toThrow(/could not scan/);
  });

  it('accepts unix and tcp socket addresses', () => {
    expect(parseClamdSocket('/run/clamav/clamd.ctl')).toEqual({ path: '/run/clamav/clamd.ctl' });
    expect(parseClamdSocket('unix:///run/clamd.sock')).toEqual({ path: '/run/clamd.sock' });
    expect(parseClamdSocket('tcp://clamav:3310')).toEqual({ host: 'clamav', port: 3310 });
  });
});
