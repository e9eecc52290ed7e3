/**
 * What a file is, from its bytes: magic numbers for the binary types on the allow-list, and UTF-8
 * without NUL bytes for the text types (whose flavour the declared extension picks). The declared
 * name and Content-Type are never trusted for the type.
 */
import { type AllowedType, allowedTypes } from '@homelab/db/files';

/** How many leading bytes the detector needs. */
export const sniffBytes = 64;

const startsWith = (head: Uint8Array, bytes: number[], at = 0) =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
const ascii = (text: string) => Array.from(text, (ch) => ch.charCodeAt(0));

/** The binary type the leading bytes show, or null. */
export function detectBinary(head: Uint8Array): string | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  // Local file header, or the end record of an empty archive.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06]))
    return 'application/zip';
  if (startsWith(head, [0x1f, 0x8b, 0x08])) return 'application/gzip';
  if (startsWith(head, ascii('ftyp'), 4)) {
    const brand = String.fromCharCode(...head.subarray(8, 12));
    if (/^(isom|iso[2-9]|mp41|mp42|avc1|M4V |M4VH|M4VP|dash|mmp4|MSNV|f4v )$/.test(brand)) return 'video/mp4';
  }
  return null;
}

const textTypes: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  md: 'text/markdown',
  markdown: 'text/markdown',
};

/** The lower-case extension of a name, without the dot, or ''. */
export function extensionOf(name: string) {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return match ? (match[1] as string).toLowerCase() : '';
}

export type TextEvidence = { utf8: boolean; hasNul: boolean };

/**
 * The allowed type of a file, or null when it is not on the allow-list. `text` says whether the whole
 * file decoded as UTF-8 without NULs; only then is it one of the text types.
 */
export function detectType(head: Uint8Array, text: TextEvidence, declaredName: string): AllowedType | null {
  const binary = detectBinary(head);
  const mediaType =
    binary ?? (text.utf8 && !text.hasNul ? (textTypes[extensionOf(declaredName)] ?? 'text/plain') : null);
  return allowedTypes.find((t) => t.mediaType === mediaType) ?? null;
}

/** Tracks, chunk by chunk, whether a stream is valid UTF-8 without NUL bytes. */
export function createTextCheck() {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  let hasNul = false;
  return {
    push(chunk: Uint8Array) {
      if (!hasNul && chunk.includes(0)) hasNul = true;
      if (!utf8 || hasNul) return;
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
    },
    result(): TextEvidence {
      if (utf8 && !hasNul) {
        try {
          decoder.decode();
        } catch {
          utf8 = false;
        }
      }
      return { utf8, hasNul };
    },
  };
}
