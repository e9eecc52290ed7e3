/**
 * File uploads through the whole stack, with Debian's ClamAV on a signature database built here
 * (EICAR and a custom signature): a clean PNG stored and downloaded through a signed link (a
 * tampered or expired link refused), EICAR quarantined and audited, a traversal name sanitised, an
 * oversized upload refused with nothing written, and a polyglot and a zip bomb rejected.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signLink } from '../../functions/src/files/links';
import { customMarker, writeTestDatabase } from '../../runners/src/files/clamav-test-db';
import {
  eicarBytes,
  multipartBody,
  pngBytes,
  pngZipPolyglot,
  zipBombBytes,
} from '../../runners/src/files/fixtures';
import { startTestStack } from '../support/stack';
import { signedInAs } from '../support/users';

type Api = Awaited<ReturnType<typeof signedInAs>>;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let admin: Api;
let member: Api;
let sql: postgres.Sql;
let work: string;
let uploadDir: string;
const maxBytes = 1024 * 1024;
// The link key is derived from ENCRYPTION_KEY; the test holds it to make an expired link.
const encryptionKey = Buffer.alloc(32, 7).toString('base64');

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'e2e-files-'));
  uploadDir = path.join(work, 'uploads');
  const databaseDir = await writeTestDatabase(path.join(work, 'clamav-db'));
  stack = await startTestStack({
    adminUrl: inject('e2eAdminUrl'),
    label: 'files',
    env: {
      UPLOAD_DIR: uploadDir,
      UPLOAD_MAX_BYTES: String(maxBytes),
      CLAMAV_DATABASE_DIR: databaseDir,
      CLAMSCAN_PATH: '/usr/bin/clamscan',
      ENCRYPTION_KEY: encryptionKey,
    },
  });
  admin = await signedInAs(stack, 'admin', 'files-admin');
  member = await signedInAs(stack, 'member', 'files-member');
  sql = postgres(stack.ownerUrl, { max: 1, onnotice: () => {} });
}, 180_000);
afterAll(async () => {
  await sql?.end();
  await stack?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const entries = (dir: string) => readdir(path.join(uploadDir, dir)).catch(() => [] as string[]);

/** Sends a file as the browser does; `chunked` streams it without a Content-Length. */
async function upload(api: Api, name: string, data: Buffer, chunked = false) {
  const { body, contentType } = multipartBody(name, data);
  const res = await fetch(`${stack.url}/api/files/uploads`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(api.cookie ? { cookie: api.cookie } : {}) },
    body: chunked
      ? new ReadableStream({
          start(controller) {
            for (let i = 0; i < body.length; i += 64 * 1024)
              controller.enqueue(body.subarray(i, i + 64 * 1024));
            controller.close();
          },
        })
      : body,
    duplex: 'half',
  } as RequestInit);
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  return { status: res.status, json: (await res.json()) as any };
}

async function auditActions(target: string) {
  const rows = await sql<{ action: string; detail: Record<string, unknown> | null }[]>`
    select action, detail from audit_log where target = ${target} order by at`;
  return rows;
}

describe('uploads through the stack', () => {
  let png: { id: string; name: string };

  it('tells the page the limits, the allowed types and that clamscan scans', async () => {
    const res = await member.call('GET', '/api/files/config');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ maxBytes, scanner: 'clamscan', storage: 'local' });
    expect(res.json.allowedTypes.map((t: { mediaType: string }) => t.mediaType)).toContain('image/png');
  });

  it('accepts a clean PNG from an admin, audited with its name, size and hash', async () => {
    const res = await upload(admin, 'holiday.png', pngBytes);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      name: 'holiday.png',
      status: 'clean',
      sha256: sha(pngBytes),
      mediaType: 'image/png',
    });
    expect(res.json.uploadedBy).toMatchObject({ name: 'files-admin' });
    png = res.json;
    expect(await entries('objects')).toContain(png.id);
    const audit = await auditActions(png.id);
    expect(audit.map((a) => a.action)).toContain('files.upload.accepted');
    expect(audit[0]?.detail).toMatchObject({
      name: 'holiday.png',
      sizeBytes: pngBytes.length,
      sha256: sha(pngBytes),
    });
  });

  it('refuses uploads from members and from anonymous callers', async () => {
    expect((await upload(member, 'm.png', pngBytes)).status).toBe(403);
    expect((await upload({ cookie: null } as Api, 'a.png', pngBytes)).status).toBe(401);
  });

  it('downloads through a signed link without a session, as an attachment that is not sniffed', async () => {
    const link = await member.call('POST', `/api/files/uploads/${png.id}/link`, { expiresInMinutes: 5 });
    expect(link.status).toBe(200);
    expect(link.json.url).toMatch(/^\/api\/files\/download\//);
    expect(new Date(link.json.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const res = await fetch(`${stack.url}${link.json.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="holiday.png"; filename*=UTF-8''holiday.png`,
    );
    expect(Buffer.from(await res.arrayBuffer())).toEqual(pngBytes);
  });

  it('refuses a tampered link and explains an expired one', async () => {
    const link = await member.call('POST', `/api/files/uploads/${png.id}/link`, {});
    const token: string = link.json.url.split('/').pop();
    const [payload, mac] = token.split('.') as [string, string];
    const tampered = `${payload}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
    const refused = await fetch(`${stack.url}/api/files/download/${tampered}`);
    expect(refused.status).toBe(404);
    const expired = await signLink(encryptionKey, png.id, new Date(Date.now() - 1_000));
    const gone = await fetch(`${stack.url}/api/files/download/${expired}`);
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
  });

  it('quarantines EICAR with 422, names the signature and audits it', async () => {
    const res = await upload(admin, 'invoice.txt', eicarBytes);
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('infected');
    expect(res.json.upload).toMatchObject({ status: 'infected', verdict: 'Eicar-Test-Signature.UNOFFICIAL' });
    const id = res.json.upload.id;
    expect(await readFile(path.join(uploadDir, 'quarantine', id))).toEqual(eicarBytes);
    expect(await entries('objects')).not.toContain(id);
    const audit = await auditActions(id);
    expect(audit.find((a) => a.action === 'files.upload.infected')?.detail).toMatchObject({
      verdict: 'Eicar-Test-Signature.UNOFFICIAL',
      sha256: sha(eicarBytes),
    });
    const link = await admin.call('POST', `/api/files/uploads/${id}/link`, {});
    expect(link.status).toBe(409);
  });

  it('finds the custom signature too', async () => {
    const res = await upload(admin, 'data.csv', Buffer.from(`a,b\n${customMarker},1\n`));
    expect(res.status).toBe(422);
    expect(res.json.upload.verdict).toBe('HomeLab.Test.CustomMarker.UNOFFICIAL');
  });

  it('keeps only the last segment of a traversal name', async () => {
    const res = await upload(admin, '../../etc/passwd', pngBytes);
    expect(res.status).toBe(201);
    expect(res.json.name).toBe('passwd.png');
    const windows = await upload(admin, '..\\..\\x', pngBytes);
    expect(windows.json.name).toBe('x.png');
  });

  it('refuses an oversized upload with 413 and writes nothing, declared or streamed', async () => {
    const big = Buffer.concat([pngBytes, Buffer.alloc(maxBytes + 200 * 1024, 0x33)]);
    const before = { incoming: await entries('.incoming'), objects: await entries('objects') };
    expect((await upload(admin, 'big.png', big)).status).toBe(413);
    expect((await upload(admin, 'big.png', big, true)).status).toBe(413);
    expect(await entries('.incoming')).toEqual([]);
    expect(await entries('objects')).toEqual(before.objects);
    expect(await sql`select 1 from uploads where sha256 = ${sha(big)}`).toHaveLength(0);
  });

  it('rejects a polyglot and a zip bomb with 422', async () => {
    const poly = await upload(admin, 'cat.png', pngZipPolyglot());
    expect(poly.status).toBe(422);
    expect(poly.json.upload).toMatchObject({ status: 'rejected', verdict: 'polyglot' });
    const bomb = await upload(admin, 'backup.zip', zipBombBytes());
    expect(bomb.status).toBe(422);
    expect(bomb.json.upload).toMatchObject({ status: 'rejected', verdict: 'zip bomb' });
    expect((await auditActions(bomb.json.upload.id)).map((a) => a.action)).toContain('files.upload.rejected');
  });

  it('lists uploads by status and deletes one, audited', async () => {
    const infected = await member.call('GET', '/api/files/uploads?status=infected');
    expect(infected.status).toBe(200);
    expect(infected.json.uploads.every((u: { status: string }) => u.status === 'infected')).toBe(true);
    expect(infected.json.uploads.length).toBeGreaterThanOrEqual(2);
    expect((await member.call('DELETE', `/api/files/uploads/${png.id}`)).status).toBe(403);
    expect((await admin.call('DELETE', `/api/files/uploads/${png.id}`)).status).toBe(204);
    expect(await entries('objects')).not.toContain(png.id);
    expect((await admin.call('GET', `/api/files/uploads/${png.id}`)).status).toBe(404);
    expect((await auditActions(png.id)).map((a) => a.action)).toContain('files.delete');
  });
});
