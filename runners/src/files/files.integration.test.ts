import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uploadViewSchema } from '@homelab/db/files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config';
import { createRunnerClient } from '../internal/client';
import { toErrorResponse } from '../internal/errors';
import { createInternalApp, serveInternalApi } from '../internal/server';
import { listUploads } from '../jarvis/tools/files';
import type { ToolContext } from '../jarvis/tools/types';
import { createLogger } from '../log';
import { testPool } from '../testing/database';
import { customMarker, customSignature, startClamd, writeTestDatabase } from './clamav-test-db';
import { eicarBytes, multipartBody, pngBytes, pngZipPolyglot, zipBombBytes } from './fixtures';
import { createFilesRoutes, uploaderHeader } from './routes';
import { createScanner } from './scan';
import { createLocalStorage } from './storage';

const pool = testPool();
const log = createLogger({ level: 'error', write: () => {} });
const maxBytes = 2 * 1024 * 1024;
let root: string;
let databaseDir: string;
let userId: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'files-int-'));
  databaseDir = await writeTestDatabase(join(root, 'clamav-db'));
  const [user] = await pool.sql<{ id: string }[]>`
    insert into users (username, role) values (${`uploader-${crypto.randomUUID().slice(0, 8)}`}, 'admin') returning id`;
  userId = user!.id;
});
afterAll(async () => {
  await pool.sql.end();
  await rm(root, { recursive: true, force: true });
});

function filesRoutes(dir: string, scanner: ReturnType<typeof createScanner>) {
  return createFilesRoutes({ sql: pool.sql, log, dir, maxBytes, scanner, storage: createLocalStorage(dir) });
}

/** The routes with errors answered as the internal server answers them. */
function filesApp(dir: string, scanner: ReturnType<typeof createScanner>) {
  const routes = filesRoutes(dir, scanner);
  return {
    async request(path: string, init?: RequestInit) {
      try {
        return await routes.request(path, init);
      } catch (error) {
        const { status, body } = toErrorResponse(error);
        return Response.json(body, { status });
      }
    },
  };
}

async function upload(app: ReturnType<typeof filesApp>, name: string, data: Buffer) {
  const { body, contentType } = multipartBody(name, data);
  return app.request('/uploads', {
    method: 'POST',
    headers: { 'content-type': contentType, [uploaderHeader]: userId },
    body,
  });
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function entries(dir: string) {
  return readdir(dir).catch(() => [] as string[]);
}

describe('uploads scanned by clamscan', () => {
  let dir: string;
  let app: ReturnType<typeof filesApp>;
  beforeAll(async () => {
    dir = join(root, 'clamscan');
    app = filesApp(
      dir,
      createScanner({
        clamscanPath: '/usr/bin/clamscan',
        clamavDatabaseDir: databaseDir,
        maxFileBytes: maxBytes,
      }),
    );
  });

  it('accepts a clean PNG, stores it 0600 under its id and serves the bytes back', async () => {
    const res = await upload(app, 'holiday photo.png', pngBytes);
    expect(res.status).toBe(201);
    const view = uploadViewSchema.parse(await res.json());
    expect(view).toMatchObject({
      name: 'holiday photo.png',
      mediaType: 'image/png',
      sizeBytes: pngBytes.length,
      sha256: sha(pngBytes),
      status: 'clean',
      verdict: null,
      storage: 'local',
      uploadedBy: { id: userId },
    });
    const path = join(dir, 'objects', view.id);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path)).toEqual(pngBytes);
    expect(await entries(join(dir, '.incoming'))).toEqual([]);
    const content = await app.request(`/uploads/${view.id}/content`);
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await content.arrayBuffer())).toEqual(pngBytes);
    const list = (await (await app.request('/uploads?status=clean')).json()) as { uploads: { id: string }[] };
    expect(list.uploads.map((u) => u.id)).toContain(view.id);
  });

  it('quarantines EICAR, names the signature and queues an upload.infected event in the same transaction', async () => {
    const res = await upload(app, 'notes.txt', eicarBytes);
    expect(res.status).toBe(422);
    const body = (await res.json()) as {
      error: { code: string };
      upload: { id: string; status: string; verdict: string };
    };
    expect(body.error.code).toBe('infected');
    expect(body.upload).toMatchObject({ status: 'infected', verdict: 'Eicar-Test-Signature.UNOFFICIAL' });
    expect(await readFile(join(dir, 'quarantine', body.upload.id))).toEqual(eicarBytes);
    expect(await entries(join(dir, 'objects'))).not.toContain(body.upload.id);
    const [event] = await pool.sql<{ payload: { id: string; signature: string; name: string } }[]>`
      select payload from automation_events where type = 'upload.infected' and payload->>'id' = ${body.upload.id}`;
    expect(event?.payload).toMatchObject({ name: 'notes.txt', signature: 'Eicar-Test-Signature.UNOFFICIAL' });
    const content = await app.request(`/uploads/${body.upload.id}/content`);
    expect(content.status).toBe(409);
  });

  it('finds the custom body signature inside an otherwise clean text file', async () => {
    const res = await upload(
      app,
      'readme.md',
      Buffer.from(`# Notes\n\nsome text ${customMarker} more text\n`),
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as { upload: { verdict: string; status: string } };
    expect(body.upload).toMatchObject({ status: 'infected', verdict: `${customSignature}.UNOFFICIAL` });
  });

  it('rejects a zip bomb, a polyglot and an empty file, keeping them out of objects', async () => {
    for (const [name, data, verdict] of [
      ['archive.zip', zipBombBytes(), 'zip bomb'],
      ['cat.png', pngZipPolyglot(), 'polyglot'],
      ['empty.txt', Buffer.alloc(0), 'empty'],
    ] as const) {
      const res = await upload(app, name, data);
      expect(res.status, name).toBe(422);
      const body = (await res.json()) as {
        error: { code: string };
        upload: { id: string; status: string; verdict: string };
      };
      expect(body.error.code).toBe('rejected');
      expect(body.upload).toMatchObject({ status: 'rejected', verdict });
      expect(await entries(join(dir, 'objects'))).not.toContain(body.upload.id);
    }
  });

  it('refuses a type that is not allowed with 415 and keeps nothing', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(200, 1)]);
    const res = await upload(app, 'photo.png', exe);
    expect(res.status).toBe(415);
    expect(await entries(join(dir, '.incoming'))).toEqual([]);
    const rows = await pool.sql`select 1 from uploads where sha256 = ${sha(exe)}`;
    expect(rows).toHaveLength(0);
  });

  it('stores a traversal name as its last segment, renamed to the detected type', async () => {
    const res = await upload(app, '../../etc/passwd', pngBytes);
    expect(res.status).toBe(201);
    const view = uploadViewSchema.parse(await res.json());
    expect(view.name).toBe('passwd.png');
    expect(await entries(join(dir, 'objects'))).toContain(view.id);
    expect(await entries(root)).not.toContain('passwd.png');
  });

  it('deletes an upload and its bytes', async () => {
    const view = uploadViewSchema.parse(await (await upload(app, 'gone.png', pngBytes)).json());
    const res = await app.request(`/uploads/${view.id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await entries(join(dir, 'objects'))).not.toContain(view.id);
    expect((await app.request(`/uploads/${view.id}`)).status).toBe(404);
  });

  it('refuses, rather than accepts, a file the scanner cannot check', async () => {
    const broken = filesApp(
      dir,
      createScanner({
        clamscanPath: '/usr/bin/clamscan',
        clamavDatabaseDir: join(root, 'missing'),
        maxFileBytes: maxBytes,
      }),
    );
    const data = Buffer.concat([pngBytes, Buffer.from('unscanned')]);
    const res = await upload(broken, 'x.png', data);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('scanner_unavailable');
    expect(await pool.sql`select 1 from uploads where sha256 = ${sha(data)}`).toHaveLength(0);
    expect(await entries(join(dir, '.incoming'))).toEqual([]);
  });

  it('reports clamscan as the scanner in use', async () => {
    expect(await (await app.request('/config')).json()).toMatchObject({
      scanner: 'clamscan',
      storage: 'local',
      maxBytes,
    });
  });
});

describe('uploads streamed through the signed internal API', () => {
  const secret = 's'.repeat(64);
  let server: Awaited<ReturnType<typeof serveInternalApi>>;
  let dir: string;

  beforeAll(async () => {
    dir = join(root, 'internal');
    const routes = filesRoutes(
      dir,
      createScanner({
        clamscanPath: '/usr/bin/clamscan',
        clamavDatabaseDir: databaseDir,
        maxFileBytes: maxBytes,
      }),
    );
    const app = createInternalApp({
      secret,
      log,
      runners: {
        knows: (n) => n === 'files',
        stateOf: () => 'running',
        routesFor: () => routes,
        snapshot: () => [],
      },
      queueStats: async () => ({ depth: 0, oldestQueuedAt: null, failed24h: 0, running: 0 }),
    });
    server = await serveInternalApi(app, { host: '127.0.0.1', port: 0 });
  });
  afterAll(() => server.close());

  function send(data: Buffer, name: string, declareLength: boolean) {
    const { body, contentType } = multipartBody(name, data);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < body.length; i += 64 * 1024) controller.enqueue(body.subarray(i, i + 64 * 1024));
        controller.close();
      },
    });
    return createRunnerClient({ baseUrl: server.url, secret, threshold: 100 }).call({
      runner: 'files',
      method: 'POST',
      path: '/uploads',
      stream,
      headers: {
        'content-type': contentType,
        [uploaderHeader]: userId,
        ...(declareLength ? { 'content-length': String(body.length) } : {}),
      },
      timeoutMs: 60_000,
    });
  }

  it('accepts a file larger than the signed-body limit', async () => {
    const data = Buffer.concat([pngBytes, Buffer.alloc(1536 * 1024, 0x11)]);
    const res = await send(data, 'big.png', false);
    expect(res.status).toBe(201);
    expect(((await res.json()) as { sha256: string }).sha256).toBe(sha(data));
  });

  it('answers 413 for an oversized stream, leaving no temp file, no object and no row', async () => {
    const data = Buffer.concat([pngBytes, Buffer.alloc(maxBytes + 1024, 0x22)]);
    const res = await send(data, 'huge.png', false);
    expect(res.status).toBe(413);
    expect(await entries(join(dir, '.incoming'))).toEqual([]);
    expect(await pool.sql`select 1 from uploads where sha256 = ${sha(data)}`).toHaveLength(0);
  });

  it('lists uploads for Jarvis, marked untrusted because the names come from uploaders', async () => {
    const { body, contentType } = multipartBody('../<i>jarvis<i>.png', pngBytes);
    await createRunnerClient({ baseUrl: server.url, secret }).call({
      runner: 'files',
      method: 'POST',
      path: '/uploads',
      stream: new ReadableStream({
        start(controller) {
          controller.enqueue(body);
          controller.close();
        },
      }),
      headers: { 'content-type': contentType },
      timeoutMs: 60_000,
    });
    const ctx = {
      config: { host: '127.0.0.1', port: server.port, runnerSecret: secret } as Config,
      log,
      signal: new AbortController().signal,
      engine: undefined as unknown as ToolContext['engine'],
      sql: pool.sql,
    } as ToolContext;
    const result = await listUploads.run(listUploads.args.parse({ status: 'clean' }), ctx);
    expect(result).toMatchObject({ ok: true, untrusted: true });
    const names = (result as { data: { name: string; status: string }[] }).data.map((u) => u.name);
    expect(names).toContain('_i_jarvis_i_.png');
  });

  it('refuses the unsigned stream on a route that did not opt in', async () => {
    const res = await createRunnerClient({ baseUrl: server.url, secret, threshold: 100 }).call({
      runner: 'files',
      method: 'POST',
      path: '/uploads/x',
      stream: new ReadableStream({ start: (c) => c.close() }),
    });
    expect(res.status).toBe(401);
  });
});

describe('uploads scanned by clamd over INSTREAM', () => {
  let clamd: Awaited<ReturnType<typeof startClamd>>;
  let app: ReturnType<typeof filesApp>;
  let dir: string;
  beforeAll(async () => {
    clamd = await startClamd(databaseDir, join(root, 'clamd'));
    dir = join(root, 'clamd-uploads');
    app = filesApp(
      dir,
      createScanner({ clamdSocket: clamd.socketPath, clamscanPath: '/nonexistent', maxFileBytes: maxBytes }),
    );
  }, 60_000);
  afterAll(() => clamd?.stop());

  it('reports clamd as the scanner', async () => {
    expect(await (await app.request('/config')).json()).toMatchObject({ scanner: 'clamd' });
  });

  it('finds EICAR and the custom signature, and passes a clean PNG', async () => {
    const eicar = await upload(app, 'e.txt', eicarBytes);
    expect(eicar.status).toBe(422);
    expect(((await eicar.json()) as { upload: { verdict: string } }).upload.verdict).toBe(
      'Eicar-Test-Signature.UNOFFICIAL',
    );
    const custom = await upload(app, 'c.csv', Buffer.from(`a,b\n${customMarker},2\n`));
    expect(((await custom.json()) as { upload: { verdict: string } }).upload.verdict).toBe(
      `${customSignature}.UNOFFICIAL`,
    );
    const clean = await upload(app, 'p.png', pngBytes);
    expect(clean.status).toBe(201);
  });
});
