/**
 * docker-compose.yml as the homelab runs it: every long-running service supervised and health
 * checked, secrets only from `.env`, the app connecting as its non-owner role, and nothing but
 * Caddy reachable from outside.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

type Service = {
  image?: string;
  build?: unknown;
  restart?: string;
  ports?: unknown[];
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: Record<string, { condition?: string }> | string[];
  networks?: string[] | Record<string, unknown>;
  volumes?: string[];
};
type Compose = {
  services: Record<string, Service>;
  networks: Record<string, { internal?: boolean; ipam?: { config?: { subnet?: string }[] } } | null>;
};

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const compose = parse(read('docker-compose.yml')) as Compose;
const services = Object.entries(compose.services);

/** Services that run once and exit; everything else must stay up. */
const oneShot = new Set(['migrate']);
const longRunning = services.filter(([name]) => !oneShot.has(name));

const requiredVar = /^\$\{([A-Z][A-Z0-9_]*):\?[^}]+\}$/;
const secretKey = /PASSWORD|SECRET|TOKEN|KEY/;

function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at === -1 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value ?? '')]));
}

function networksOf(service: Service) {
  const networks = service.networks ?? ['default'];
  return Array.isArray(networks) ? networks : Object.keys(networks);
}

function dbUser(url: string) {
  return /^postgres:\/\/([^:@/]+)[:@]/.exec(url)?.[1];
}

describe('docker-compose.yml', () => {
  it('has the services the homelab runs', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'caddy',
      'clamav',
      'dbpool',
      'functions',
      'migrate',
      'postgres',
      'runners',
    ]);
  });

  it.each(longRunning)('%s restarts unless stopped and has a healthcheck', (_name, service) => {
    expect(service.restart).toBe('unless-stopped');
    expect(service.healthcheck?.disable).not.toBe(true);
    const test = service.healthcheck?.test;
    // A list form whose items are all strings: a stray ": " in YAML would turn one into a map.
    expect(Array.isArray(test)).toBe(true);
    expect((test as unknown[]).every((part) => typeof part === 'string')).toBe(true);
    expect(['CMD', 'CMD-SHELL']).toContain((test as string[])[0]);
  });

  it('runs migrations once, as the owner, after PostgreSQL is healthy and before the app starts', () => {
    const { migrate, runners, functions } = compose.services;
    expect(migrate?.restart).toBe('no');
    expect(migrate?.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
    expect(dbUser(environment(migrate!).DATABASE_OWNER_URL ?? '')).toBe('homelab_owner');
    expect(environment(migrate!).DATABASE_APP_ROLE).toBe('homelab_app');
    for (const service of [runners, functions]) {
      expect(service?.depends_on).toMatchObject({ migrate: { condition: 'service_completed_successfully' } });
    }
  });

  it('gives every dependency an explicit condition', () => {
    for (const [, service] of services) {
      if (!service.depends_on) continue;
      expect(Array.isArray(service.depends_on)).toBe(false);
      for (const dependency of Object.values(service.depends_on)) {
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(
          (dependency as { condition?: string }).condition,
        );
      }
    }
  });

  it('runs postgres:16-alpine with a data volume and the role init script', () => {
    const postgres = compose.services.postgres!;
    expect(postgres.image).toBe('postgres:16-alpine');
    expect(postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    const init = postgres.volumes?.find((volume) => volume.includes('/docker-entrypoint-initdb.d/'));
    expect(init?.split(':')[0]).toBe('./infra/postgres/init-roles.sh');
    accessSync(join(root, 'infra/postgres/init-roles.sh'), constants.X_OK);
    expect(postgres.healthcheck?.test).toEqual(expect.arrayContaining(['pg_isready', '-h', '127.0.0.1']));
  });

  it('publishes ports only from caddy, on 80 and 443', () => {
    const publishing = services.filter(([, service]) => service.ports?.length).map(([name]) => name);
    expect(publishing).toEqual(['caddy']);
    const ports = compose.services.caddy!.ports!.map(String);
    expect(ports).toEqual(expect.arrayContaining(['80:80', '443:443']));
  });

  it('takes every secret-looking variable from .env, never a literal', () => {
    const fromEnvFile = /^\$\{([A-Z][A-Z0-9_]*)(:\?[^}]+|:-)\}$/;
    for (const [name, service] of services) {
      for (const [key, value] of Object.entries(environment(service))) {
        // Required (`:?`), or optional with an empty default (`:-`) for integrations that stay off unset.
        if (secretKey.test(key)) expect(value, `${name}.${key}`).toMatch(fromEnvFile);
        // Credentials inside a URL count too.
        const password = /^[a-z]+:\/\/[^:/@]+:([^@]+)@/.exec(value)?.[1];
        if (password !== undefined) expect(password, `${name}.${key}`).toMatch(requiredVar);
      }
    }
  });

  it('documents every required variable in infra/env.example', () => {
    const example = read('infra/env.example');
    const required = new Set(
      [...read('docker-compose.yml').matchAll(/\$\{([A-Z][A-Z0-9_]*):\?/g)].map((m) => m[1]),
    );
    expect(required.size).toBeGreaterThanOrEqual(5);
    for (const name of required) expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
  });

  it('connects the runners and functions as homelab_app, never as the owner or superuser', () => {
    for (const name of ['runners', 'functions']) {
      const env = environment(compose.services[name]!);
      expect(dbUser(env.DATABASE_URL ?? ''), name).toBe('homelab_app');
      expect(env.DATABASE_URL).toContain('${HOMELAB_APP_PASSWORD:?');
      const all = JSON.stringify(env);
      expect(all).not.toContain('HOMELAB_OWNER_PASSWORD');
      expect(all).not.toContain('POSTGRES_PASSWORD');
      expect(env.DATABASE_OWNER_URL).toBeUndefined();
    }
    expect(environment(compose.services.functions!).RUNNERS_URL).toBe('http://runners:8788');
  });

  it('sends functions through the session pooler, which reaches PostgreSQL as homelab_app', () => {
    const functions = environment(compose.services.functions!);
    expect(new URL(functions.DATABASE_URL!.replace(/\$\{[^}]*\}/, 'x')).host).toBe('dbpool:6432');
    const dbpool = environment(compose.services.dbpool!);
    expect(dbUser(dbpool.DBPOOL_UPSTREAM_URL ?? '')).toBe('homelab_app');
    expect(new URL(dbpool.DBPOOL_UPSTREAM_URL!.replace(/\$\{[^}]*\}/, 'x')).host).toBe('postgres:5432');
    expect(compose.services.dbpool?.image).toBe(compose.services.runners?.image);
    expect(networksOf(compose.services.dbpool!)).toEqual(['backend']);
  });

  it('keeps postgres, runners and functions on a private network that workerd is allowed to reach', () => {
    const backend = compose.networks.backend;
    expect(backend?.internal).toBe(true);
    expect(networksOf(compose.services.postgres!)).toEqual(['backend']);
    for (const name of ['postgres', 'migrate', 'dbpool', 'runners', 'functions', 'caddy']) {
      expect(networksOf(compose.services[name]!), name).toContain('backend');
    }
    const subnet = backend?.ipam?.config?.[0]?.subnet;
    expect(subnet).toMatch(/^10\.|^172\.(1[6-9]|2\d|3[01])\.|^192\.168\./);
    const capnp = read('infra/workerd/config.capnp');
    const allow = /allow = \[([^\]]*)\]/.exec(capnp)?.[1] ?? '';
    expect(allow).toContain(`"${subnet}"`);
    expect(allow).not.toMatch(/"private"|"local"/);
  });

  it('builds runners and functions from the Dockerfiles in infra/docker', () => {
    expect(compose.services.runners?.build).toMatchObject({ dockerfile: 'infra/docker/runners.Dockerfile' });
    expect(compose.services.migrate?.image).toBe(compose.services.runners?.image);
    expect(compose.services.functions?.build).toMatchObject({
      dockerfile: 'infra/docker/functions.Dockerfile',
    });
    expect(compose.services.caddy?.image).toBe('caddy:2-alpine');
    expect(compose.services.caddy?.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
  });

  it('scans uploads with the clamav service and keeps them in a volume only the runners mount', () => {
    const runners = compose.services.runners;
    expect(environment(runners ?? {}).CLAMD_SOCKET).toBe('tcp://clamav:3310');
    expect(runners?.volumes).toContain('uploads:/uploads');
    expect(networksOf(compose.services.clamav ?? {})).toContain('backend');
    const others = services.filter(([name]) => name !== 'runners');
    for (const [, service] of others) {
      expect((service.volumes ?? []).some((v) => v.startsWith('uploads:'))).toBe(false);
    }
  });
});
