/**
 * The command line as scripts see it: help that documents the exit codes, usage errors (2), "not
 * configured" (3) before anything starts, `homelab secrets` end to end, and colour only for people.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/cli/homelab/env-file';
import { ExitCode, exitCodeMeanings } from '../../src/cli/homelab/exit-codes';
import { helpText, run } from '../../src/cli/homelab/main';
import { Output } from '../../src/cli/homelab/output';

const root = mkdtempSync(path.join(tmpdir(), 'homelab-cli-main-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function projectDir(files: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(root, 'p-'));
  writeFileSync(path.join(dir, 'docker-compose.yml'), 'name: testlab\nservices: {}\n');
  for (const [name, text] of Object.entries(files))
    writeFileSync(path.join(dir, name), text, { mode: 0o600 });
  return dir;
}

async function homelab(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}, tty = false) {
  const stdout = Object.assign(new PassThrough(), { isTTY: tty });
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += String(c);
  });
  stderr.on('data', (c) => {
    err += String(c);
  });
  const code = await run(argv, { stdout, stderr, cwd, env });
  return { code, stdout: out, stderr: err };
}

describe('help and usage', () => {
  it('documents every exit code', async () => {
    const result = await homelab(['--help'], root);
    expect(result.code).toBe(0);
    for (const [code, meaning] of Object.entries(exitCodeMeanings))
      expect(result.stdout).toContain(`${code}  ${meaning}`);
    expect(helpText).toMatch(/deploy <service>/);
    expect(ExitCode).toEqual({
      ok: 0,
      failed: 1,
      usage: 2,
      notConfigured: 3,
      engineUnreachable: 4,
      rolledBack: 5,
    });
  });

  it('exits 2 for a missing or unknown command, an unknown option and a missing argument', async () => {
    expect((await homelab([], root)).code).toBe(2);
    expect((await homelab(['explode'], root)).code).toBe(2);
    const option = await homelab(['status', '--follow'], root);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--follow'/);
    expect((await homelab(['deploy'], projectDir())).code).toBe(2);
    expect((await homelab(['status', '--timeout', 'soon'], root)).code).toBe(2);
  });

  it('asks for --yes before a restore replaces data', async () => {
    const result = await homelab(
      ['restore', 'x.dump', '--database-url', 'postgres://u@127.0.0.1/db'],
      projectDir(),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/pass --yes/);
  });
});

describe('not configured', () => {
  it('exits 3 from up, update and deploy while .env is missing or incomplete, naming what is empty', async () => {
    const missing = projectDir();
    for (const argv of [['up'], ['update'], ['deploy', 'functions']]) {
      const result = await homelab(argv, missing);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/\.env does not exist/);
      expect(result.stderr).toMatch(/homelab secrets/);
    }
    const partial = projectDir({ '.env': 'POSTGRES_PASSWORD=x\nACME_EMAIL=\n' });
    const result = await homelab(['up', '--json'], partial);
    expect(result.code).toBe(3);
    const body = JSON.parse(result.stdout);
    expect(body.exitCode).toBe(3);
    expect(body.error).toMatch(
      /HOMELAB_OWNER_PASSWORD, HOMELAB_APP_PASSWORD, HOMELAB_BACKUP_PASSWORD, N8N_DB_PASSWORD, VNC_PASSWORD, RUNNER_SECRET, ENCRYPTION_KEY, ACME_EMAIL/,
    );
    expect(body.fix).toMatch(/set ACME_EMAIL in/);
  });

  it('exits 4 when the configured compose cannot be started', async () => {
    const env = [
      'POSTGRES_PASSWORD=a',
      'HOMELAB_OWNER_PASSWORD=b',
      'HOMELAB_APP_PASSWORD=c',
      'HOMELAB_BACKUP_PASSWORD=d',
      'N8N_DB_PASSWORD=e',
      'VNC_PASSWORD=ffffffff',
      `RUNNER_SECRET=${'r'.repeat(40)}`,
      `ENCRYPTION_KEY=${Buffer.alloc(32).toString('base64')}`,
      'ACME_EMAIL=owner@example.com',
    ].join('\n');
    const result = await homelab(['up'], projectDir({ '.env': env }), {
      HOMELAB_COMPOSE: '/nonexistent/compose',
      PATH: process.env.PATH,
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/could not start/);
  });

  it('exits 3 from backup without a database URL', async () => {
    const result = await homelab(['backup'], projectDir());
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/DATABASE_OWNER_URL/);
  });
});

describe('homelab secrets', () => {
  it('creates .env from env.example with mode 600, fills the secrets and prints names only', async () => {
    const dir = projectDir();
    const result = await homelab(['secrets'], dir);
    expect(result.code).toBe(0);
    const envFile = path.join(dir, '.env');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const values = parseEnv(readFileSync(envFile, 'utf8'));
    for (const name of [
      'POSTGRES_PASSWORD',
      'HOMELAB_OWNER_PASSWORD',
      'HOMELAB_APP_PASSWORD',
      'RUNNER_SECRET',
      'ENCRYPTION_KEY',
      'AUTOMATION_INBOUND_SECRET',
    ]) {
      expect(values[name]).toBeTruthy();
      expect(result.stdout).toContain(`+ ${name}`);
      expect(result.stdout).not.toContain(values[name]);
    }
    expect(result.stdout).toMatch(/set ACME_EMAIL/);
    expect(readFileSync(envFile, 'utf8')).toContain('# Superuser of the PostgreSQL container');
  });

  it('keeps values that are set and reports them as kept in JSON', async () => {
    const dir = projectDir({ '.env': 'POSTGRES_PASSWORD=chosen-by-me\nRUNNER_SECRET=\n' });
    const first = await homelab(['secrets', '--json'], dir);
    expect(first.code).toBe(0);
    const body = JSON.parse(first.stdout);
    expect(body.created).toBe(false);
    expect(body.kept).toEqual(['POSTGRES_PASSWORD']);
    expect(body.generated).toContain('RUNNER_SECRET');
    expect(JSON.stringify(body)).not.toMatch(/[0-9a-f]{64}/);
    const values = parseEnv(readFileSync(path.join(dir, '.env'), 'utf8'));
    expect(values.POSTGRES_PASSWORD).toBe('chosen-by-me');
    const second = JSON.parse((await homelab(['secrets', '--json'], dir)).stdout);
    expect(second.generated).toEqual([]);
    expect(parseEnv(readFileSync(path.join(dir, '.env'), 'utf8'))).toEqual(values);
  });

  it('writes to the file named by --env-file', async () => {
    const dir = projectDir();
    expect((await homelab(['secrets', '--env-file', 'prod.env'], dir)).code).toBe(0);
    expect(parseEnv(readFileSync(path.join(dir, 'prod.env'), 'utf8')).RUNNER_SECRET).toMatch(
      /^[0-9a-f]{64}$/,
    );
  });
});

describe('output', () => {
  const io = (tty: boolean, env: NodeJS.ProcessEnv = {}) => ({
    stdout: Object.assign(new PassThrough(), { isTTY: tty }),
    stderr: Object.assign(new PassThrough(), { isTTY: tty }),
    env,
    cwd: root,
  });
  it('colours only a terminal, and never with NO_COLOR, TERM=dumb or --json', () => {
    expect(new Output(io(true), { json: false }).colour).toBe(true);
    expect(new Output(io(false), { json: false }).colour).toBe(false);
    expect(new Output(io(true, { NO_COLOR: '' }), { json: false }).colour).toBe(false);
    expect(new Output(io(true, { TERM: 'dumb' }), { json: false }).colour).toBe(false);
    expect(new Output(io(true), { json: true }).colour).toBe(false);
  });

  it('prints plain start and end lines for long steps when not on a terminal', async () => {
    const streams = io(false);
    let err = '';
    streams.stderr.on('data', (c) => {
      err += String(c);
    });
    const value = await new Output(streams, { json: false }).step('Dumping the database', async () => 42);
    expect(value).toBe(42);
    expect(err).toMatch(/^… Dumping the database\n✓ Dumping the database \(\d+\.\ds\)\n$/);
  });
});
