/** Files the upload tests send: a real PNG, ZIPs built byte by byte, the EICAR test string. */
import { crc32, deflateRawSync } from 'node:zlib';

/** A valid 1×1 PNG. */
export const pngBytes = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** The anti-virus test file every scanner knows; built from parts so this source is not flagged itself. */
export const eicarBytes = Buffer.from(
  `X5O!P%@AP[4\\PZX54(P^)7CC)7}$${'EICAR'}-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`,
  'latin1',
);

export type ZipEntry = { name: string; data: Buffer; deflate?: boolean };

/** A ZIP archive with a real central directory (no data descriptors, no ZIP64). */
export function buildZip(entries: ZipEntry[]) {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const body = entry.deflate ? deflateRawSync(entry.data) : entry.data;
    // From "version needed" to the extra field's length, a local header and its central record agree.
    const shared = Buffer.alloc(26);
    shared.writeUInt16LE(20, 0);
    shared.writeUInt16LE(0x0800, 2);
    shared.writeUInt16LE(entry.deflate ? 8 : 0, 4);
    shared.writeUInt32LE(crc32(entry.data), 10);
    shared.writeUInt32LE(body.length, 14);
    shared.writeUInt32LE(entry.data.length, 18);
    shared.writeUInt16LE(name.length, 22);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    shared.copy(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    shared.copy(central, 6);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** 64 MiB of zeros deflated to about 64 KiB: a ratio near 1000:1. */
export function zipBombBytes() {
  return buildZip([{ name: 'zeros.bin', data: Buffer.alloc(64 * 1024 * 1024), deflate: true }]);
}

/** A PNG with a ZIP appended: a valid image that is also a valid archive. */
export function pngZipPolyglot() {
  return Buffer.concat([pngBytes, buildZip([{ name: 'payload.html', data: Buffer.from('<p>hi</p>') }])]);
}

/** A multipart/form-data body with one file part, as a browser sends it. */
export function multipartBody(
  filename: string,
  data: Buffer,
  field = 'file',
  contentType = 'application/octet-stream',
) {
  const boundary = `----homelab${crypto.randomUUID().replace(/-/g, '')}`;
  const escaped = filename.replace(/"/g, '%22').replace(/\r|\n/g, ' ');
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${escaped}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
