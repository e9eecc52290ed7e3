/**
 * The compose command lines the CLI runs, and which compose it picks: these are what reach the
 * owner's server, so each is pinned here.
 */
import { describe, expect, it } from 'vitest';
import {
  composeArgv,
  composeCandidates,
  composeCommands,
  detectCompose,
} from '../../src/cli/homelab/compose';
import { normaliseProjectName, resolveProject } from '../../src/cli/homelab/project';

const project = {
  dir: '/srv/homelab',
  composeFile: '/srv/homelab/docker-compose.yml',
  envFile: '/srv/homelab/.env',
  name: 'homelabhub',
};
const docker = { command: 'docker', args: ['compose'] };

describe('compose command lines', () => {
  it('names the project, file and env file explicitly', () => {
    expect(composeArgv(docker, project, composeCommands.up([], { build: false }))).toEqual([
      'docker',
      'compose',
      '--project-name',
      'homelabhub',
      '--file',
      '/srv/homelab/docker-compose.yml',
      '--env-file',
      '/srv/homelab/.env',
      'up',
      '--detach',
    ]);
  });

  it('builds the commands behind up, down, deploy, update and migrate', () => {
    expect(composeCommands.up(['functions'], { build: true })).toEqual([
      'up',
      '--detach',
      '--build',
      'functions',
    ]);
    expect(composeCommands.down({ volumes: true })).toEqual(['down', '--volumes']);
    expect(composeCommands.apply(['runners'])).toEqual(['up', '--detach', '--no-deps', 'runners']);
    expect(composeCommands.recreate(['runners', 'dbpool'])).toEqual([
      'up',
      '--detach',
      '--no-deps',
      '--force-recreate',
      'runners',
      'dbpool',
    ]);
    expect(composeCommands.build(['functions'])).toEqual(['build', 'functions']);
    expect(composeCommands.migrate()).toEqual(['run', '--rm', '--no-deps', 'migrate']);
  });

  it('skips locally built images when pulling, in each compose dialect', () => {
    expect(composeCommands.pull(['postgres'], docker)).toEqual(['pull', '--ignore-buildable', 'postgres']);
    expect(composeCommands.pull([], { command: 'docker-compose', args: [] })).toEqual([
      'pull',
      '--ignore-pull-failures',
    ]);
    expect(composeCommands.pull([], { command: 'podman-compose', args: [] })).toEqual(['pull']);
  });
});

describe('detectCompose', () => {
  it('prefers the Docker plugin, then podman compose, then the standalone tools', () => {
    expect(composeCandidates.map((c) => [c.command, ...c.args].join(' '))).toEqual([
      'docker compose',
      'podman compose',
      'docker-compose',
      'podman-compose',
    ]);
    const only = (name: string) => (tool: { command: string; args: string[] }) =>
      [tool.command, ...tool.args].join(' ') === name;
    expect(detectCompose(only('podman compose'))).toEqual({ command: 'podman', args: ['compose'] });
    expect(detectCompose(only('podman-compose'))).toEqual({ command: 'podman-compose', args: [] });
    expect(detectCompose(() => false)).toBeNull();
    expect(
      detectCompose(() => true, { HOMELAB_COMPOSE: 'podman-compose --podman-path /usr/bin/podman' }),
    ).toEqual({
      command: 'podman-compose',
      args: ['--podman-path', '/usr/bin/podman'],
    });
  });
});

describe('project name', () => {
  it('follows compose: flag, then COMPOSE_PROJECT_NAME, then the file name, then the folder', () => {
    const repo = resolveProject({ cwd: process.cwd(), env: {} });
    expect(repo.name).toBe('homelabhub');
    expect(repo.envFile).toBe(`${repo.dir}/.env`);
    expect(resolveProject({ cwd: process.cwd(), env: { COMPOSE_PROJECT_NAME: 'Other' } }).name).toBe('other');
    expect(
      resolveProject({ cwd: process.cwd(), env: { COMPOSE_PROJECT_NAME: 'x' }, projectName: 'y' }).name,
    ).toBe('y');
    expect(normaliseProjectName('My Home.Lab')).toBe('myhomelab');
  });
});
