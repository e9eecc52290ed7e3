/**
 * The verdicts behind `homelab doctor`, as pure functions of what was measured: each says ok, warn
 * or fail, what it saw, and the command or setting that fixes it.
 */
import { requiredSecrets, requiredSettings } from './env-file';

export type CheckStatus = 'ok' | 'warn' | 'fail';
export type Check = { name: string; status: CheckStatus; detail: string; fix: string | null };

const ok = (name: string, detail: string): Check => ({ name, status: 'ok', detail, fix: null });
const warn = (name: string, detail: string, fix: string): Check => ({ name, status: 'warn', detail, fix });
const fail = (name: string, detail: string, fix: string): Check => ({ name, status: 'fail', detail, fix });

const urlSafe = /^[A-Za-z0-9._~-]+$/;
const optionalSecrets = new Set(['AUTOMATION_INBOUND_SECRET']);

export function envChecks(
  values: Record<string, string | undefined>,
  file: { path: string; exists: boolean; mode: number | null },
): Check[] {
  const checks: Check[] = [];
  if (!file.exists) {
    checks.push(
      fail(
        'env file',
        `${file.path} does not exist`,
        'Run `homelab secrets` to create it from infra/env.example.',
      ),
    );
  } else if (file.mode !== null && (file.mode & 0o077) !== 0) {
    checks.push(
      warn(
        'env file',
        `${file.path} is readable by other users (mode ${(file.mode & 0o777).toString(8)})`,
        `chmod 600 ${file.path}`,
      ),
    );
  } else {
    checks.push(ok('env file', file.path));
  }
  const generate = 'Run `homelab secrets` to generate it.';
  for (const name of Object.keys(requiredSecrets)) {
    const value = values[name] ?? '';
    const check = `env ${name}`;
    if (!value) {
      checks.push(
        optionalSecrets.has(name)
          ? warn(check, 'empty: n8n cannot call /webhooks/automations', generate)
          : fail(check, 'empty', generate),
      );
    } else if (name === 'ENCRYPTION_KEY' && Buffer.from(value, 'base64').length !== 32) {
      checks.push(
        fail(
          check,
          'not 32 bytes of base64',
          'Set it to the output of `openssl rand -base64 32` (keep the old key if data is already encrypted with it).',
        ),
      );
    } else if ((name === 'RUNNER_SECRET' || name === 'AUTOMATION_INBOUND_SECRET') && value.length < 32) {
      checks.push(
        fail(check, `${value.length} characters, needs at least 32`, 'Set it to `openssl rand -hex 32`.'),
      );
    } else if (name.endsWith('_PASSWORD') && !urlSafe.test(value)) {
      checks.push(
        fail(
          check,
          'contains characters that break postgres:// URLs',
          'Use a URL-safe value, e.g. `openssl rand -hex 32`.',
        ),
      );
    } else {
      checks.push(ok(check, 'set'));
    }
  }
  for (const name of requiredSettings) {
    const value = values[name] ?? '';
    if (!value)
      checks.push(fail(`env ${name}`, 'empty', `Set ${name} in .env (Let's Encrypt account email).`));
    else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value))
      checks.push(
        fail(`env ${name}`, `"${value}" is not an email address`, `Set ${name} to an email address.`),
      );
    else checks.push(ok(`env ${name}`, 'set'));
  }
  const origin = values.PUBLIC_ORIGIN;
  if (origin) {
    let valid = false;
    try {
      valid = new URL(origin).protocol === 'https:';
    } catch {}
    checks.push(
      valid
        ? ok('env PUBLIC_ORIGIN', origin)
        : warn(
            'env PUBLIC_ORIGIN',
            `"${origin}" is not an https:// URL`,
            'Set PUBLIC_ORIGIN=https://<your dashboard name>.',
          ),
    );
  }
  return checks;
}

const gib = 1024 ** 3;

export function diskVerdict(
  label: string,
  path: string,
  stats: { bavail: number; bsize: number; blocks: number },
) {
  const free = stats.bavail * stats.bsize;
  const share = stats.blocks > 0 ? stats.bavail / stats.blocks : 0;
  const detail = `${(free / gib).toFixed(1)} GiB free (${Math.round(share * 100)}%) at ${path}`;
  const fix = `Free space on the disk holding ${path} (\`docker system prune\`, older backups), or move it to a bigger disk.`;
  if (free < 2 * gib || share < 0.05) return fail(`disk ${label}`, detail, fix);
  if (free < 10 * gib || share < 0.15) return warn(`disk ${label}`, detail, fix);
  return ok(`disk ${label}`, detail);
}

export function portVerdict(port: number, state: 'free' | 'in-use' | 'denied', holder: string | null): Check {
  const name = `port ${port}`;
  if (state === 'free') return ok(name, 'free for caddy');
  if (state === 'denied') {
    return warn(
      name,
      'cannot test without permission to bind it',
      'Run `sudo homelab doctor` to test ports below 1024.',
    );
  }
  if (holder) return ok(name, `held by ${holder}`);
  return fail(
    name,
    'in use by another program',
    `Find it with \`sudo ss -ltnp 'sport = :${port}'\` and stop it (often apache2 or nginx), so caddy can bind ${port}.`,
  );
}

export function dnsVerdict(domain: string, addresses: string[] | Error, publicIp: string | null): Check {
  const name = `dns ${domain}`;
  if (addresses instanceof Error) {
    const missing = /ENOTFOUND|ENODATA|NXDOMAIN/.test(addresses.message);
    return missing
      ? fail(
          name,
          'no A record',
          `Create an A record for ${domain} pointing at ${publicIp ?? 'this server'}.`,
        )
      : warn(name, `lookup failed: ${addresses.message}`, 'Check the server can reach its DNS resolver.');
  }
  if (!publicIp)
    return warn(
      name,
      `resolves to ${addresses.join(', ')}; public IP unknown (offline?)`,
      'Re-run when online.',
    );
  if (addresses.includes(publicIp)) return ok(name, `resolves to ${publicIp}`);
  return fail(
    name,
    `resolves to ${addresses.join(', ')}, but this server's public IP is ${publicIp}`,
    `Point the A record of ${domain} at ${publicIp} (or turn off a proxy that hides it).`,
  );
}

export type CertificateFacts = { validTo: string; authorized: boolean; authorizationError: string | null };

export function certificateVerdict(domain: string, facts: CertificateFacts | Error, now = Date.now()): Check {
  const name = `certificate ${domain}`;
  if (facts instanceof Error) {
    return warn(
      name,
      `not reachable on 443: ${facts.message}`,
      'Start caddy (`homelab up`) and open ports 80/443 to the internet.',
    );
  }
  const days = Math.floor((Date.parse(facts.validTo) - now) / 86_400_000);
  const renew = 'Caddy renews automatically; see `homelab logs caddy` for ACME errors (DNS, ports 80/443).';
  if (!facts.authorized)
    return fail(name, `not trusted: ${facts.authorizationError ?? 'unknown reason'}`, renew);
  if (days < 0) return fail(name, `expired ${-days} days ago`, renew);
  if (days < 14) return warn(name, `expires in ${days} days`, renew);
  return ok(name, `valid for ${days} more days`);
}
