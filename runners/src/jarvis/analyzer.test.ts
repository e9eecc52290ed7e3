import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller } from '../testing/docker-routes';
import { analyzeProject, composeReferences, envReadsIn } from './analyzer';
import { createJarvisRoutes } from './routes';

let base: string;
let root: string;

/** A project folder under the projects root, from a map of relative path → content. */
async function project(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'analyzer-'));
  root = path.join(base, 'projects');
  await mkdir(root);
  await mkdir(path.join(base, 'secret'));
  await writeFile(path.join(base, 'secret', 'package.json'), '{"name":"not yours"}');
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('the deployment analyzer', () => {
  it('reads a node app: its start script, engines, env reads, and a committed .env', async () => {
    await project('shop-api', {
      'package.json': JSON.stringify({
        name: 'shop-api',
        scripts: { start: 'node src/server.js', build: 'tsc' },
        engines: { node: '>=20.10' },
      }),
      'src/server.js': [
        'const url = process.env.DATABASE_URL;',
        "const key = process.env['STRIPE_KEY'];",
        'const port = process.env.PORT || 4000;',
        'app.listen(port);',
      ].join('\n'),
      'node_modules/dep/index.js': 'process.env.INSIDE_A_DEPENDENCY',
      '.env': 'DATABASE_URL=postgres://shop:hunter2@db/shop\nSESSION_SECRET=abc123\n',
      '.env.example': 'DATABASE_URL=\nSTRIPE_KEY=\nSESSION_SECRET=\n',
    });

    const analysis = await analyzeProject('shop-api', { allowedRoot: root, host: 'shop.example.net' });

    expect(analysis).toMatchObject({
      name: 'shop-api',
      stack: {
        kind: 'node',
        nodeVersion: '20',
        packageManager: 'npm',
        lockfile: null,
        hasBuild: true,
        command: ['node', 'src/server.js'],
        port: 4000,
      },
      existing: { dockerfile: null, compose: null },
      missingEnv: ['STRIPE_KEY'],
    });
    expect(analysis.env.map((v) => v.name)).toEqual(['DATABASE_URL', 'PORT', 'SESSION_SECRET', 'STRIPE_KEY']);
    expect(analysis.env.find((v) => v.name === 'STRIPE_KEY')).toEqual({
      name: 'STRIPE_KEY',
      readIn: ['src/server.js', '.env.example'],
      set: false,
    });
    expect(analysis.risks.map((r) => r.code).sort()).toEqual(['no_lockfile', 'secrets_committed']);
    const secrets = analysis.risks.find((r) => r.code === 'secrets_committed')!;
    expect(secrets.message).toContain('DATABASE_URL, SESSION_SECRET');
    // Names only: a secret's value never appears in the analysis.
    expect(JSON.stringify(analysis)).not.toContain('hunter2');

    const dockerfile = analysis.proposal.dockerfile!;
    expect(dockerfile).toContain('FROM node:20-alpine AS build');
    expect(dockerfile).toContain('RUN npm install');
    expect(dockerfile).toContain('RUN npm run build');
    expect(dockerfile).toContain('USER node');
    expect(dockerfile).toContain('CMD ["node","src/server.js"]');
    expect(analysis.proposal.composeService).toContain('restart: unless-stopped');
    expect(analysis.proposal.composeService).toContain(
      'test: ["CMD","wget","-q","--spider","http://127.0.0.1:4000/"]',
    );
    expect(analysis.proposal.composeService).toContain(`STRIPE_KEY: \${STRIPE_KEY:?set STRIPE_KEY}`);
    expect(analysis.proposal.composeService).toContain('dev.homelab.project: "shop-api"');
    expect(analysis.proposal.composeService).not.toMatch(/^\s*ports:/m);
    expect(analysis.proposal.caddyRoute).toBe(
      'shop.example.net {\n\timport common\n\treverse_proxy shop-api:4000\n}\n',
    );
  });

  it('reads a python app: FastAPI under uvicorn, os.environ reads, unpinned requirements', async () => {
    await project('notes', {
      'requirements.txt': 'fastapi==0.115.0\nuvicorn\n',
      'main.py': [
        'import os',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'TOKEN = os.environ["NOTES_TOKEN"]',
        'DEBUG = os.getenv("NOTES_DEBUG")',
      ].join('\n'),
      '.gitignore': '.env\n',
      '.env': 'NOTES_TOKEN=s3cret\n',
    });

    const analysis = await analyzeProject(path.join(root, 'notes'), { allowedRoot: root });

    expect(analysis.stack).toEqual({
      kind: 'python',
      pythonVersion: '3.12',
      install: 'requirements',
      command: ['uvicorn', 'main:app', '--host', '0.0.0.0', '--port', '8000'],
      port: 8000,
    });
    expect(analysis.missingEnv).toEqual(['NOTES_DEBUG']);
    // The .env is git-ignored: not committed.
    expect(analysis.risks.map((r) => r.code)).toEqual(['no_lockfile']);
    expect(analysis.risks[0]!.message).toContain('uvicorn');
    expect(analysis.proposal.dockerfile).toContain('USER app');
    expect(analysis.proposal.dockerfile).toContain('RUN pip install --no-cache-dir -r requirements.txt');
    expect(analysis.proposal.composeService).toContain("urllib.request.urlopen('http://127.0.0.1:8000/'");
  });

  it('reads a go module', async () => {
    await project('pinger', {
      'go.mod': 'module example.com/pinger\n\ngo 1.23.4\n',
      'main.go':
        'package main\nfunc main() { key := os.Getenv("PINGER_KEY"); http.ListenAndServe(":9090", nil) }\n',
    });

    const analysis = await analyzeProject('pinger', { allowedRoot: root });

    expect(analysis.stack).toEqual({ kind: 'go', goVersion: '1.23', port: 9090 });
    expect(analysis.missingEnv).toEqual(['PINGER_KEY']);
    expect(analysis.risks).toEqual([]);
    expect(analysis.proposal.dockerfile).toContain('FROM golang:1.23-alpine AS build');
    expect(analysis.proposal.dockerfile).toContain('USER app');
  });

  it("uses a project's own Dockerfile and compose file as they are, and names their risks", async () => {
    await project('legacy', {
      Dockerfile:
        'FROM node\nWORKDIR /app\nCOPY . .\nENV API_URL=http://api\nEXPOSE 8081\nCMD ["node", "index.js"]\n',
      'docker-compose.yml': [
        'services:',
        '  app:',
        '    build: .',
        '    ports:',
        '      - "8081:8081"',
        '      - "127.0.0.1:9229:9229"',
        '    environment:',
        `      API_TOKEN: \${API_TOKEN}`,
        `      LOG_LEVEL: \${LOG_LEVEL:-info}`,
        '    volumes:',
        '      - /var/run/docker.sock:/var/run/docker.sock',
        '  cache:',
        '    image: redis:latest',
      ].join('\n'),
      'index.js': 'console.log(process.env.API_URL, process.env.API_TOKEN)',
    });

    const analysis = await analyzeProject('legacy', { allowedRoot: root });

    expect(analysis.stack).toEqual({
      kind: 'dockerfile',
      dockerfile: 'Dockerfile',
      port: 8081,
      hasHealthcheck: false,
    });
    expect(analysis.existing).toEqual({ dockerfile: 'Dockerfile', compose: 'docker-compose.yml' });
    expect(analysis.proposal.dockerfile).toBeNull();
    // API_URL is set by the Dockerfile; compose only passes API_TOKEN on, and nothing gives it a value.
    expect(analysis.env).toEqual([
      { name: 'API_TOKEN', readIn: ['index.js', 'docker-compose.yml'], set: false },
      { name: 'API_URL', readIn: ['index.js'], set: true },
    ]);
    expect(analysis.missingEnv).toEqual(['API_TOKEN']);
    expect(analysis.risks.map((r) => [r.code, r.file])).toEqual([
      ['runs_as_root', 'Dockerfile'],
      ['latest_tag', 'Dockerfile'],
      ['latest_tag', 'docker-compose.yml'],
      ['exposed_port', 'docker-compose.yml'],
      ['docker_socket', 'docker-compose.yml'],
    ]);
    expect(analysis.risks[3]!.message).toContain('8081:8081');
  });

  it('refuses folders outside the projects root, by ../ or by a symlink', async () => {
    await symlink(path.join(base, 'secret'), path.join(root, 'escape'));
    await project('linked', { 'go.mod': 'module x\n\ngo 1.22\n' });
    await symlink(path.join(base, 'secret', 'package.json'), path.join(root, 'linked', 'package.json'));

    await expect(analyzeProject('../secret', { allowedRoot: root })).rejects.toMatchObject({
      status: 400,
      code: 'outside_projects',
    });
    await expect(analyzeProject(path.join(base, 'secret'), { allowedRoot: root })).rejects.toMatchObject({
      code: 'outside_projects',
    });
    await expect(analyzeProject('escape', { allowedRoot: root })).rejects.toMatchObject({
      code: 'outside_projects',
    });
    await expect(analyzeProject('missing', { allowedRoot: root })).rejects.toMatchObject({ status: 404 });
    await expect(analyzeProject('https://github.com/x/y.git', { allowedRoot: root })).rejects.toMatchObject({
      code: 'not_a_folder',
    });
    // A file symlinked from outside is not read: this is a go project, not the outside package.json.
    expect((await analyzeProject('linked', { allowedRoot: root })).stack.kind).toBe('go');
  });

  it('finds env reads in every language it knows', () => {
    expect(
      envReadsIn(
        'process.env.A; process.env["B"]; import.meta.env.C; os.environ["D"]; os.environ.get("E"); os.getenv(\'F\'); os.Getenv("G"); os.LookupEnv("H")',
      ),
    ).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(composeReferences(`\${A} \${B:-x} \${C:?need C} $\${D} \${E-y}`)).toEqual([
      { name: 'A', required: true },
      { name: 'B', required: false },
      { name: 'C', required: true },
      { name: 'E', required: false },
    ]);
  });
});

describe('POST /jarvis/analyze', () => {
  const agent = { hasModel: () => false } as unknown as Parameters<typeof createJarvisRoutes>[0]['agent'];

  it('answers with the analysis of a folder under the projects root', async () => {
    await project('site', {
      'package.json': '{"scripts":{"start":"node index.js"}}',
      'package-lock.json': '{}',
    });
    const call = caller(createJarvisRoutes({ agent, model: 'm', projectsRoot: root }));

    const answer = await call('/analyze', { method: 'POST', json: { path: 'site' } });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      name: 'site',
      stack: { kind: 'node', lockfile: 'package-lock.json' },
    });
  });

  it('refuses an escape and a missing path, and says when no projects folder is configured', async () => {
    const call = caller(createJarvisRoutes({ agent, model: 'm', projectsRoot: root }));
    expect(await call('/analyze', { method: 'POST', json: { path: '../secret' } })).toMatchObject({
      status: 400,
      body: { error: { code: 'outside_projects' } },
    });
    expect(await call('/analyze', { method: 'POST', json: {} })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request' } },
    });

    const unconfigured = caller(createJarvisRoutes({ agent, model: 'm', projectsRoot: null }));
    expect(await unconfigured('/analyze', { method: 'POST', json: { path: 'site' } })).toMatchObject({
      status: 503,
      body: { error: { code: 'not_configured' } },
    });
  });
});
