import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeFileProblem, maxComposeFileBytes, readComposeFile } from './compose-files';

describe('composeFileProblem', () => {
  it.each([
    '/opt/app/compose.yml',
    '/opt/app/compose.yaml',
    '/opt/app/docker-compose.yml',
    '/opt/app/docker-compose.prod.yaml',
    '/elsewhere/docker-compose-override.yml',
  ])('lets %s be read wherever it is', (file) => {
    expect(composeFileProblem(file, null)).toBeNull();
  });

  it('lets another .yml be read only inside the working directory', () => {
    expect(composeFileProblem('/opt/app/stack.yml', '/opt/app')).toBeNull();
    expect(composeFileProblem('/opt/app/sub/stack.yaml', '/opt/app/')).toBeNull();
    expect(composeFileProblem('/opt/other/stack.yml', '/opt/app')).toMatch(/not a compose file name/);
    expect(composeFileProblem('/opt/app-evil/stack.yml', '/opt/app')).toMatch(/not a compose file name/);
    expect(composeFileProblem('/opt/app/stack.yml', null)).toMatch(/not a compose file name/);
  });

  it.each([
    ['relative', 'compose.yml'],
    ['with ..', '/opt/app/../../etc/compose.yml'],
    ['not yaml', '/etc/shadow'],
    ['yaml-looking but not compose', '/etc/docker-secrets.yml'],
  ])('refuses a path that is %s', (_, file) => {
    expect(composeFileProblem(file, '/opt/app')).not.toBeNull();
  });
});

describe('readComposeFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hlt-compose-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a compose file', async () => {
    const file = path.join(dir, 'compose.yml');
    writeFileSync(file, 'services:\n  web:\n    image: nginx\n');
    expect(await readComposeFile(file, dir)).toEqual({
      path: file,
      content: 'services:\n  web:\n    image: nginx\n',
    });
  });

  it('says why it did not read a missing, too large, or refused file', async () => {
    const big = path.join(dir, 'docker-compose.big.yml');
    writeFileSync(big, 'x'.repeat(maxComposeFileBytes + 1));
    expect((await readComposeFile(big, dir)).error).toMatch(/256 KB/);
    expect((await readComposeFile(path.join(dir, 'docker-compose.gone.yml'), dir)).error).toMatch(
      /does not exist/,
    );
    expect(await readComposeFile('/etc/passwd', dir)).toMatchObject({
      content: null,
      error: expect.stringMatching(/Not read/),
    });
  });

  it('does not follow a compose-named link to a file that is not one', async () => {
    const secret = path.join(tmpdir(), `hlt-secret-${process.pid}.txt`);
    writeFileSync(secret, 'secret');
    const link = path.join(dir, 'docker-compose.link.yml');
    symlinkSync(secret, link);
    try {
      const result = await readComposeFile(link, dir);
      expect(result.content).toBeNull();
      expect(result.error).toMatch(/links to/);
    } finally {
      rmSync(secret, { force: true });
    }
  });

  it('refuses a directory', async () => {
    const sub = path.join(dir, 'compose.yaml');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub);
    expect((await readComposeFile(sub, dir)).error).toMatch(/not a regular file/);
  });
});
