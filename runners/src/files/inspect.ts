/**
 * Checks that need the whole file: polyglots (an image or PDF that is also an archive or a page a
 * browser would run) and archive bombs (a ZIP whose central directory promises far more than it
 * holds, or nests archives; a gzip whose trailer does).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

export type ArchiveLimits = {
  /** Sum of the uncompressed sizes. */
  maxUncompressedBytes: number;
  maxEntries: number;
  /** Uncompressed : compressed, for the whole archive and for any one entry. */
  maxRatio: number;
};

export const defaultArchiveLimits: ArchiveLimits = {
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxEntries: 10_000,
  maxRatio: 100,
};

const encoder = new TextEncoder();
function lowerAscii(bytes: Uint8Array) {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    out[i] = b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
  }
  return out;
}

// Compared in lower case, the haystack lowered the same way.
const polyglotMarkers = [
  // A ZIP central directory entry or end record inside an image makes it a valid archive too.
  Uint8Array.of(0x50, 0x4b, 0x01, 0x02),
  Uint8Array.of(0x50, 0x4b, 0x05, 0x06),
  ...['<script', '<?php', '<html', '<svg', '<iframe', '<body'].map((m) => encoder.encode(m)),
].map(lowerAscii);
const longestMarker = Math.max(...polyglotMarkers.map((m) => m.length));

/** Types a polyglot check applies to: formats browsers or viewers render. */
export const polyglotCheckedTypes = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
]);

/** True when the file carries a second format's markers anywhere (case-insensitive for the text ones). */
export async function isPolyglot(path: string): Promise<boolean> {
  let carry = new Uint8Array();
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    const window = new Uint8Array(carry.length + chunk.length);
    window.set(carry);
    window.set(chunk, carry.length);
    const lowered = Buffer.from(lowerAscii(window).buffer);
    if (polyglotMarkers.some((marker) => lowered.indexOf(marker) !== -1)) return true;
    carry = window.subarray(Math.max(0, window.length - (longestMarker - 1)));
  }
  return false;
}

const nestedArchive = /\.(zip|jar|war|apk|gz|tgz|bz2|xz|7z|rar|tar|zst|lz|lzma|cab|iso)$/i;

/** Why a ZIP is refused as a bomb, or null. Reads only its end record and central directory. */
export async function zipBombReason(path: string, limits: ArchiveLimits = defaultArchiveLimits) {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd === -1 || eocd + 22 > tail.length) return 'zip bomb: no readable central directory';
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    // ZIP64 markers: more entries or bytes than the limits ever allow.
    if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
      return 'zip bomb: ZIP64 archive beyond the limits';
    if (entries > limits.maxEntries) return `zip bomb: ${entries} entries`;
    if (cdOffset + cdSize > size) return 'zip bomb: central directory outside the file';
    const cd = Buffer.alloc(cdSize);
    await file.read(cd, 0, cdSize, cdOffset);
    let at = 0;
    let total = 0;
    let compressedTotal = 0;
    const offsets = new Set<number>();
    for (let i = 0; i < entries; i++) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== 0x02014b50)
        return 'zip bomb: malformed central directory';
      const compressed = cd.readUInt32LE(at + 20);
      const uncompressed = cd.readUInt32LE(at + 24);
      const nameLength = cd.readUInt16LE(at + 28);
      const extraLength = cd.readUInt16LE(at + 30);
      const commentLength = cd.readUInt16LE(at + 32);
      const localOffset = cd.readUInt32LE(at + 42);
      const name = cd.toString('utf8', at + 46, at + 46 + nameLength);
      at += 46 + nameLength + extraLength + commentLength;
      if (compressed === 0xffffffff || uncompressed === 0xffffffff) return 'zip bomb: ZIP64 entry';
      // Entries sharing their data are the overlapping-file construction.
      if (offsets.has(localOffset)) return 'zip bomb: entries share their data';
      offsets.add(localOffset);
      if (nestedArchive.test(name)) return `zip bomb: nested archive ${JSON.stringify(name.slice(0, 80))}`;
      if (uncompressed > limits.maxRatio * Math.max(compressed, 1) && uncompressed > 1024 * 1024)
        return `zip bomb: an entry expands ${Math.round(uncompressed / Math.max(compressed, 1))}:1`;
      total += uncompressed;
      compressedTotal += compressed;
      if (total > limits.maxUncompressedBytes)
        return `zip bomb: over ${limits.maxUncompressedBytes} bytes expanded`;
    }
    if (total > limits.maxRatio * Math.max(compressedTotal, 1) && total > 1024 * 1024)
      return `zip bomb: expands ${Math.round(total / Math.max(compressedTotal, 1))}:1`;
    return null;
  } finally {
    await file.close();
  }
}

/** Why a gzip is refused as a bomb, or null: its trailer states the expanded size (mod 2^32). */
export async function gzipBombReason(path: string, limits: ArchiveLimits = defaultArchiveLimits) {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size < 18) return null;
    const trailer = Buffer.alloc(4);
    await file.read(trailer, 0, 4, size - 4);
    const expanded = trailer.readUInt32LE(0);
    if (expanded > limits.maxRatio * size && expanded > 1024 * 1024)
      return `zip bomb: gzip expands ${Math.round(expanded / size)}:1`;
    // Sizes past 4 GiB wrap; a tiny file whose trailer claims little could still hide more, which ClamAV's own limits cover.
    return null;
  } finally {
    await file.close();
  }
}
