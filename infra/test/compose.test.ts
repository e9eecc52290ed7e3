/**
 * docker-compose.yml as the homelab runs it: every long-running service supervised, health
 * checked and resource limited, secrets only from `.env`, the app connecting as its non-owner
 * role, the runners split in two processes with the Docker socket in runners-engine alone, n8n's
 * data apart from the app's, the managed services reachable through Caddy, and nothing but Caddy
 * reachable from outside.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runnerNames } from '../../runners/src/registry';

type Service = {
  image?: string;
  build?: { context?: string; dockerfile?: string };
  restart?: string;
  ports?: unknown[];
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: Record<string, { condition?: string }> | string[];
  networks?: string[] | Record<string, unknown>;
  volumes?: string[];
  group_add?: string[];
  deploy?: { resources?: { limits?: { cpus?: string | number; memory?: string } } };
};
type Compose = {
  services: Record<string, Service>;
  networks: Record<string, { internal?: boolean; ipam?: { config?: { subnet?: string }[] } } | null>;
  volumes: Record<string, unknown>;
};

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
// `<<:` merges the runners' shared environment, as docker compose does (YAML 1.1 merge keys).
const compose = parse(read('docker-compose.yml'), { merge: true }) as Compose;
const services = Object.entries(compose.services);

/** Services that run once and exit; everything else must stay up. */
const oneShot = new Set(['migrate', 'n8n-db-init', 'backup-role-init']);
const longRunning = services.filter(([name]) => !oneShot.has(name));

const requiredVar = /^\$\{([A-Z][A-Z0-9_]*):\?[^}]+\}$/;
const secretKey = /PASSWORD|SECRET|TOKEN|KEY|CLAIM/;

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

/** A compose interpolation `${…}` as it appears in the file. */
const ref = (expression: string) => `\${${expression}}`;

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
      'backup-role-init',
      'caddy',
      'clamav',
      'dbpool',
      'functions',
      'homeassistant',
      'migrate',
      'n8n',
      'n8n-db-init',
      'plex',
      'postgres',
      'runners',
      'runners-engine',
      'vnc',
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
    const { migrate, runners, 'runners-engine': engine, functions } = compose.services;
    expect(migrate?.restart).toBe('no');
    expect(migrate?.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
    expect(dbUser(environment(migrate!).DATABASE_OWNER_URL ?? '')).toBe('homelab_owner');
    expect(environment(migrate!).DATABASE_APP_ROLE).toBe('homelab_app');
    for (const service of [runners, engine, functions]) {
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

  it('publishes ports only from caddy, on 80 and 443, over IPv4 where visitors keep their address', () => {
    const publishing = services.filter(([, service]) => service.ports?.length).map(([name]) => name);
    expect(publishing).toEqual(['caddy']);
    const ports = compose.services.caddy!.ports!.map(String);
    expect(ports).toEqual(expect.arrayContaining(['0.0.0.0:80:80', '0.0.0.0:443:443']));
    expect(ports.every((port) => port.startsWith('0.0.0.0:'))).toBe(true);
  });

  it('passes the admin ranges to caddy with a non-empty default', () => {
    const ranges = environment(compose.services.caddy ?? {}).ADMIN_ALLOWED_RANGES ?? '';
    expect(ranges).toMatch(/^\$\{ADMIN_ALLOWED_RANGES:-100\.64\.0\.0\/10 [^}]+\}$/);
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
    for (const name of ['runners', 'runners-engine', 'functions']) {
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
    expect(networksOf(compose.services.postgres!)).toEqual(['backend', 'n8n-db']);
    for (const name of ['postgres', 'migrate', 'dbpool', 'runners', 'runners-engine', 'functions', 'caddy']) {
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
    expect(compose.services['runners-engine']?.build).toEqual(compose.services.runners?.build);
    expect(compose.services['runners-engine']?.image).toBe(compose.services.runners?.image);
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

  it.each(services)(
    '%s has CPU and memory limits that docker compose applies without swarm',
    (_name, service) => {
      const limits = service.deploy?.resources?.limits;
      expect(Number(limits?.cpus)).toBeGreaterThan(0);
      expect(limits?.memory).toMatch(/^\d+[MG]$/);
    },
  );

  it('mounts the Docker socket read-write into runners-engine alone, reached through its group', () => {
    const socket = '/var/run/docker.sock';
    const holders = services
      .filter(([, service]) => (service.volumes ?? []).some((volume) => volume.split(':')[0] === socket))
      .map(([name]) => name);
    expect(holders).toEqual(['runners-engine']);
    const engine = compose.services['runners-engine']!;
    // Read-write: the docker, databases, deploy and jarvis runners create, start and stop containers.
    expect(engine.volumes).toContain(`${socket}:${socket}`);
    expect(environment(engine).DOCKER_HOST).toBe(`unix://${socket}`);
    expect(engine.group_add).toEqual([ref('DOCKER_GID:-999')]);
    const withEngine = services.filter(([, service]) => environment(service).DOCKER_HOST !== undefined);
    expect(withEngine.map(([name]) => name)).toEqual(['runners-engine']);
    expect(compose.services.runners?.group_add).toBeUndefined();
  });

  it('enables every runner in exactly one of the two runners processes, each forwarding to the other', () => {
    const enabled = (name: string) =>
      (environment(compose.services[name]!).RUNNERS_ENABLED ?? '').split(',').map((runner) => runner.trim());
    const runners = enabled('runners');
    const engine = enabled('runners-engine');
    expect([...runners, ...engine].sort()).toEqual([...runnerNames].sort());
    // Every runner that reaches the container engine runs where the socket is, and google beside
    // databases, whose process copies each backup to Drive through it.
    const engineUsers = ['docker', 'databases', 'deploy', 'sysbackup', 'network', 'jarvis'];
    const containerWatchers = ['monitors', 'alerts', 'automations'];
    expect(engine).toEqual(expect.arrayContaining([...engineUsers, ...containerWatchers, 'google']));
    expect(environment(compose.services.runners!).RUNNERS_PEER_URL).toBe('http://runners-engine:8788');
    expect(environment(compose.services['runners-engine']!).RUNNERS_PEER_URL).toBe('http://runners:8788');
    for (const name of ['runners', 'runners-engine']) {
      expect(environment(compose.services[name]!).RUNNERS_PORT, name).toBe('8788');
    }
    // Functions call one address; the runners forward what the other process serves.
    expect(environment(compose.services.functions!).RUNNERS_URL).toBe('http://runners:8788');
    expect(compose.services.functions?.depends_on).toMatchObject({
      runners: { condition: 'service_started' },
    });
  });

  it('mounts the backups and the deploy checkout into runners-engine alone, where their runners are', () => {
    const mounting = (target: string) =>
      services
        .filter(([, service]) => (service.volumes ?? []).some((volume) => volume.split(':')[1] === target))
        .map(([name]) => name);
    expect(mounting('/backups')).toEqual(['runners-engine']);
    expect(environment(compose.services['runners-engine']!).BACKUP_DIR).toBe('/backups');
    const checkout = `.:${ref('DEPLOY_REPO_DIR:-/srv/homelab')}`;
    const withCheckout = services.filter(([, service]) => service.volumes?.includes(checkout));
    expect(withCheckout.map(([name]) => name)).toEqual(['runners-engine']);
    expect(environment(compose.services.runners!).DEPLOY_REPO_DIR).toBeUndefined();
  });

  it('declares every named volume it mounts, and mounts every one it declares', () => {
    const named = new Set<string>();
    for (const [, service] of services) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (/^[a-z][a-z0-9-]*$/.test(source)) named.add(source);
      }
    }
    expect([...named].sort()).toEqual(Object.keys(compose.volumes).sort());
  });

  it('routes every Caddy upstream to a service on a network Caddy shares, none of them on backend', () => {
    const caddyfile = read('Caddyfile');
    const upstreams = [...caddyfile.matchAll(/reverse_proxy\s+([a-z][a-z0-9-]*):(\d+)/g)].map((m) => m[1]!);
    expect(new Set(upstreams)).toEqual(new Set(['functions', 'plex', 'n8n', 'homeassistant', 'vnc']));
    const caddyNetworks = networksOf(compose.services.caddy!);
    for (const name of upstreams) {
      const service = compose.services[name];
      expect(service, name).toBeDefined();
      expect(
        networksOf(service!).some((network) => caddyNetworks.includes(network)),
        name,
      ).toBe(true);
    }
    for (const name of ['plex', 'n8n', 'homeassistant', 'vnc']) {
      expect(networksOf(compose.services[name]!), name).toContain('edge');
      expect(networksOf(compose.services[name]!), name).not.toContain('backend');
    }
    expect(compose.services.caddy?.volumes).toContain(`${ref('STATIC_SITE_DIR:-./static')}:/srv/static:ro`);
    expect(caddyfile).toMatch(/scarletredjoker\.com[^{]*\{[^}]*root \* \/srv\/static/);
  });

  it('resolves host.evindrake.net to Caddy inside edge, so n8n reaches the app without hairpin NAT', () => {
    const networks = compose.services.caddy?.networks as Record<string, { aliases?: string[] } | null>;
    expect(networks.edge?.aliases).toContain('host.evindrake.net');
  });

  it('gives n8n its own database and role on the shared server, set up before it starts', () => {
    const n8n = environment(compose.services.n8n!);
    expect(n8n).toMatchObject({
      DB_TYPE: 'postgresdb',
      DB_POSTGRESDB_HOST: 'postgres',
      DB_POSTGRESDB_DATABASE: 'n8n',
      DB_POSTGRESDB_USER: 'n8n',
      WEBHOOK_URL: 'https://n8n.evindrake.net/',
    });
    expect(n8n.DB_POSTGRESDB_PASSWORD).toMatch(/^\$\{N8N_DB_PASSWORD:\?/);
    expect(n8n.N8N_ENCRYPTION_KEY).toMatch(/^\$\{N8N_ENCRYPTION_KEY:\?/);
    expect(JSON.stringify(n8n)).not.toMatch(/HOMELAB_|POSTGRES_PASSWORD/);

    const init = compose.services['n8n-db-init']!;
    const initEnv = environment(init);
    expect(initEnv).toMatchObject({ PGHOST: 'postgres', N8N_DB_USER: 'n8n', N8N_DB_NAME: 'n8n' });
    expect(initEnv.N8N_DB_PASSWORD).toBe(n8n.DB_POSTGRESDB_PASSWORD);
    expect(init.restart).toBe('no');
    expect(init.volumes?.[0]?.split(':')[0]).toBe('./infra/postgres/init-n8n.sh');
    accessSync(join(root, 'infra/postgres/init-n8n.sh'), constants.X_OK);
    expect(compose.services.n8n?.depends_on).toMatchObject({
      postgres: { condition: 'service_healthy' },
      'n8n-db-init': { condition: 'service_completed_successfully' },
    });
  });

  it('lets n8n reach PostgreSQL over its own internal network, not the app backend', () => {
    expect(compose.networks['n8n-db']?.internal).toBe(true);
    const members = services
      .filter(([, service]) => networksOf(service).includes('n8n-db'))
      .map(([name]) => name);
    expect(members.sort()).toEqual(['n8n', 'n8n-db-init', 'postgres']);
  });

  it('runs Plex with the claim token from .env and the media library read-only', () => {
    const plex = compose.services.plex!;
    expect(plex.image).toMatch(/^plexinc\/pms-docker:/);
    expect(environment(plex).PLEX_CLAIM).toBe(ref('PLEX_CLAIM:-'));
    expect(environment(plex).ADVERTISE_IP).toBe('https://plex.evindrake.net:443');
    expect(plex.volumes).toEqual(
      expect.arrayContaining(['plex-config:/config', `${ref('PLEX_MEDIA_DIR:-/srv/media')}:/data:ro`]),
    );
  });

  it('runs Home Assistant from its stable image with its configuration in a volume', () => {
    const homeassistant = compose.services.homeassistant!;
    expect(homeassistant.image).toBe(
      `ghcr.io/home-assistant/home-assistant:${ref('HOMEASSISTANT_VERSION:-stable')}`,
    );
    expect(homeassistant.volumes).toContain('homeassistant-config:/config');
    // Home Assistant must name Caddy's network as its trusted proxy; env.example says which.
    const edge = compose.networks.edge?.ipam?.config?.[0]?.subnet;
    expect(edge).toMatch(/^10\./);
    expect(read('infra/env.example')).toContain(`trusted_proxies: [${edge}]`);
  });

  it('builds the VNC desktop from infra/docker/vnc.Dockerfile and requires its password', () => {
    const vnc = compose.services.vnc!;
    expect(vnc.build).toEqual({ context: 'infra/docker', dockerfile: 'vnc.Dockerfile' });
    expect(environment(vnc).VNC_PASSWORD).toMatch(/^\$\{VNC_PASSWORD:\?/);
    expect(vnc.volumes).toContain('vnc-home:/home/desktop');
  });

  it('backs up as homelab_backup, kept by a one-shot before the runners that back up start', () => {
    const engine = compose.services['runners-engine']!;
    const url = environment(engine).SYSTEM_BACKUP_ADMIN_URL ?? '';
    expect(dbUser(url)).toBe('homelab_backup');
    expect(url).toContain('${HOMELAB_BACKUP_PASSWORD:?');
    expect((engine.depends_on as Record<string, { condition?: string }>)['backup-role-init']).toEqual({
      condition: 'service_completed_successfully',
    });
    // The process without the backup runners never holds the role that reads every row.
    expect(JSON.stringify(environment(compose.services.runners!))).not.toContain('HOMELAB_BACKUP_PASSWORD');
    const init = compose.services['backup-role-init']!;
    expect(init.volumes).toContain('./infra/postgres/init-backup-role.sh:/init/init-backup-role.sh:ro');
    accessSync(join(root, 'infra/postgres/init-backup-role.sh'), constants.R_OK);
  });
});
