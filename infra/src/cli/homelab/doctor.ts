/**
 * `homelab doctor`: measures the host (env, engine, compose, disk, ports, DNS, certificates) with a
 * timeout on every probe and turns each measurement into a verdict from doctor-checks.
 */

import { Resolver } from 'node:dns/promises';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { createServer, isIP } from 'node:net';
import path from 'node:path';
import { connect } from 'node:tls';
import { detectCompose } from './compose';
import {
  type CertificateFacts,
  type Check,
  certificateVerdict,
  diskVerdict,
  dnsVerdict,
  envChecks,
  portVerdict,
} from './doctor-checks';
import { connectEngine, type Engine, withTimeout } from './engine';
import { parseEnv, requiredSecrets, requiredSettings } from './env-file';
import type { Project } from './project';
import { projectContainers } from './services';

export type DoctorOptions = {
  project: Project;
  env: NodeJS.ProcessEnv;
  domains?: string[];
  timeoutMs: number;
};

const defaultIpUrls = ['https://api.ipify.org', 'https://ifconfig.me/ip', 'https://icanhazip.com'];

/** Whether `port` can be bound on all interfaces right now. */
export function probePort(port: number, host = '0.0.0.0'): Promise<'free' | 'in-use' | 'denied'> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'EACCES' || error.code === 'EPERM' ? 'denied' : 'in-use'),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

export async function publicIp(urls: string[], timeoutMs: number): Promise<string | null> {
  for (const url of urls) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      const text = (await response.text()).trim();
      if (response.ok && /^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return text;
    } catch {}
  }
  return null;
}

export function certificateFacts(host: string, port: number, timeoutMs: number, servername = host) {
  return new Promise<CertificateFacts>((resolve, reject) => {
    const socket = connect(
      // SNI carries names only; an address as the name is ignored by servers and deprecated by Node.
      {
        host,
        port,
        servername: isIP(servername) ? undefined : servername,
        rejectUnauthorized: false,
        timeout: timeoutMs,
      },
      () => {
        const certificate = socket.getPeerCertificate();
        socket.end();
        if (!certificate?.valid_to) reject(new Error('no certificate presented'));
        else
          resolve({
            validTo: certificate.valid_to,
            authorized: socket.authorized,
            authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
          });
      },
    );
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs / 1000}s`));
    });
    socket.once('error', reject);
  });
}

/** Site names from the Caddyfile's top-level blocks (`a.example, b.example {`). */
export function caddyDomains(caddyfile: string): string[] {
  const names = new Set<string>();
  for (const line of caddyfile.split('\n')) {
    const match = /^([^\s#{(][^{]*)\{\s*$/.exec(line);
    if (!match) continue;
    for (const raw of match[1]!.split(/[,\s]+/)) {
      const name = raw.replace(/^https?:\/\//, '').replace(/:\d+$/, '');
      if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(name)) names.add(name.toLowerCase());
    }
  }
  return [...names];
}

async function nearestExisting(dir: string) {
  let current = path.resolve(dir);
  while (!existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

async function guard(
  name: string,
  timeoutMs: number,
  work: () => Promise<Check | Check[]>,
): Promise<Check[]> {
  try {
    const result = await withTimeout(work(), timeoutMs, name);
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    return [
      {
        name,
        status: 'fail',
        detail: (error as Error).message,
        fix: 'Re-run with a longer --timeout, or check the probe by hand.',
      },
    ];
  }
}

export async function runDoctor(options: DoctorOptions, onCheck: (check: Check) => void = () => {}) {
  const { project, env, timeoutMs } = options;
  const checks: Check[] = [];
  const add = (list: Check[]) => {
    for (const check of list) {
      checks.push(check);
      onCheck(check);
    }
  };

  const fileExists = existsSync(project.envFile);
  const fileValues = fileExists ? parseEnv(readFileSync(project.envFile, 'utf8')) : {};
  // Like compose: the shell's environment wins over .env.
  const values = {
    ...fileValues,
    ...pickSet(env, [
      ...Object.keys(fileValues),
      ...Object.keys(requiredSecrets),
      ...requiredSettings,
      'PUBLIC_ORIGIN',
    ]),
  };
  add(
    envChecks(values, {
      path: project.envFile,
      exists: fileExists,
      mode: fileExists ? statSync(project.envFile).mode : null,
    }),
  );

  const found: { engine?: Engine } = {};
  add(
    await guard('engine', timeoutMs, async () => {
      try {
        const engine = await connectEngine(env, timeoutMs);
        found.engine = engine;
        return {
          name: 'engine',
          status: 'ok',
          detail: `${engine.podman ? 'Podman' : 'Docker'} at ${engine.host}`,
          fix: null,
        };
      } catch (error) {
        return {
          name: 'engine',
          status: 'fail',
          detail: (error as Error).message,
          fix: (error as { fix?: string }).fix ?? null,
        };
      }
    }),
  );
  const compose = detectCompose(undefined, env);
  add([
    compose
      ? { name: 'compose', status: 'ok', detail: [compose.command, ...compose.args].join(' '), fix: null }
      : {
          name: 'compose',
          status: 'fail',
          detail: 'no docker compose, podman compose, docker-compose or podman-compose',
          fix: 'Install the Docker Compose plugin: `sudo apt install docker-compose-plugin`.',
        },
  ]);

  const dataDir =
    env.HOMELAB_DATA_DIR ??
    (found.engine
      ? ((await found.engine.docker.info().catch(() => ({}))) as { DockerRootDir?: string }).DockerRootDir
      : undefined) ??
    project.dir;
  const backupDir = env.BACKUP_DIR ?? path.join(project.dir, 'backups');
  for (const [label, dir] of [
    ['data', dataDir],
    ['backups', backupDir],
  ] as const) {
    add(
      await guard(`disk ${label}`, timeoutMs, async () =>
        diskVerdict(label, dir, await statfs(await nearestExisting(dir))),
      ),
    );
  }

  const holders = new Map<number, string>();
  const docker = found.engine?.docker;
  if (docker) {
    const containers = await projectContainers(docker, project.name).catch(() => []);
    for (const c of containers) {
      const info = await docker
        .getContainer(c.id)
        .inspect()
        .catch(() => null);
      for (const bindings of Object.values(info?.HostConfig?.PortBindings ?? {})) {
        for (const binding of (bindings as { HostPort?: string }[] | null) ?? []) {
          if (c.state === 'running' && binding.HostPort)
            holders.set(Number(binding.HostPort), `${c.service} (${c.name})`);
        }
      }
    }
  }
  for (const port of [80, 443]) {
    add(
      await guard(`port ${port}`, timeoutMs, async () =>
        portVerdict(port, await probePort(port), holders.get(port) ?? null),
      ),
    );
  }

  const caddyfile = path.join(project.dir, 'Caddyfile');
  const domains =
    options.domains && options.domains.length > 0
      ? options.domains
      : env.HOMELAB_DOMAINS
        ? env.HOMELAB_DOMAINS.split(',')
            .map((d) => d.trim())
            .filter(Boolean)
        : existsSync(caddyfile)
          ? caddyDomains(readFileSync(caddyfile, 'utf8'))
          : [];
  if (domains.length === 0) {
    add([
      {
        name: 'dns',
        status: 'warn',
        detail: 'no domains configured',
        fix: 'Pass --domain, set HOMELAB_DOMAINS, or add sites to the Caddyfile.',
      },
    ]);
    return checks;
  }
  const ipUrls = (env.PUBLIC_IP_URLS ?? defaultIpUrls.join(','))
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  const ip = env.PUBLIC_IP ?? (await publicIp(ipUrls, timeoutMs));
  if (!ip) {
    add([
      {
        name: 'public ip',
        status: 'warn',
        detail: `none of ${ipUrls.join(', ')} answered (offline?)`,
        fix: 'Set PUBLIC_IP, or PUBLIC_IP_URLS to a service that returns your address.',
      },
    ]);
  }
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (env.DNS_SERVERS) resolver.setServers(env.DNS_SERVERS.split(',').map((s) => s.trim()));
  await Promise.all(
    domains.map(async (domain) => {
      const dns = await guard(`dns ${domain}`, timeoutMs * 2, async () =>
        dnsVerdict(domain, await resolver.resolve4(domain).catch((e: Error) => e), ip),
      );
      const certificate = await guard(`certificate ${domain}`, timeoutMs * 2, async () =>
        certificateVerdict(domain, await certificateFacts(domain, 443, timeoutMs).catch((e: Error) => e)),
      );
      add([...dns, ...certificate]);
    }),
  );
  return checks;
}

function pickSet(env: NodeJS.ProcessEnv, names: string[]) {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value) picked[name] = value;
  }
  return picked;
}
