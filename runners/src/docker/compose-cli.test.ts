import { describe, expect, it } from 'vitest';
import { redeployArgs, runCommand } from './compose-cli';

describe('redeployArgs', () => {
  it('puts project and every file before `up -d --remove-orphans`, after the plugin word', () => {
    const plugin = { command: '/usr/bin/docker', prefix: ['compose'], label: 'docker compose' };
    expect(
      redeployArgs(plugin, 'media', ['/srv/media/compose.yml', '/srv/media/compose.override.yml']),
    ).toEqual([
      'compose',
      '-p',
      'media',
      '-f',
      '/srv/media/compose.yml',
      '-f',
      '/srv/media/compose.override.yml',
      'up',
      '-d',
      '--remove-orphans',
    ]);
    const standalone = { command: '/usr/bin/podman-compose', prefix: [], label: 'podman-compose' };
    expect(redeployArgs(standalone, 'x', ['/a/compose.yml'])[0]).toBe('-p');
  });
});

describe('runCommand', () => {
  const limits = { timeoutMs: 10_000, maxOutputBytes: 1000 };

  it('gives the exit code and stdout and stderr together, with no shell between', async () => {
    const result = await runCommand('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3'], limits);
    expect(result).toEqual({ exitCode: 3, output: 'out\nerr\n' });
    const literal = await runCommand('/bin/echo', ['$(id); rm -rf /'], limits);
    expect(literal.output).toBe('$(id); rm -rf /\n');
  });

  it('keeps only the last bytes of a long output, and says so', async () => {
    const result = await runCommand('/bin/sh', ['-c', 'seq 1 5000'], limits);
    expect(result.exitCode).toBe(0);
    expect(result.output.startsWith('[earlier output cut]\n')).toBe(true);
    expect(result.output.endsWith('4999\n5000\n')).toBe(true);
    expect(result.output.length).toBeLessThanOrEqual(1000 + 30);
  });

  it('stops a command that runs too long', async () => {
    const result = await runCommand('/bin/sh', ['-c', 'echo begun; sleep 5'], { ...limits, timeoutMs: 300 });
    expect(result.exitCode).toBe(124);
    expect(result.output).toMatch(/begun\n[\s\S]*stopped after 0.3 s/);
  });

  it('answers 127 for a command that is not there', async () => {
    const result = await runCommand('/nonexistent/hlt-compose', [], limits);
    expect(result.exitCode).toBe(127);
    expect(result.output).toMatch(/ENOENT/);
  });
});
