/**
 * Reading and filling `.env`: which secrets the stack needs, which ones the CLI may generate, and
 * an edit that fills empty ones in place (keeping comments and order) without touching set values.
 */
import { randomBytes } from 'node:crypto';

export type SecretFormat = 'hex32' | 'base64-32';

/** Secrets the stack needs and the CLI generates; env.example can mark more (see generatedInExample). */
export const requiredSecrets: Record<string, SecretFormat> = {
  POSTGRES_PASSWORD: 'hex32',
  HOMELAB_OWNER_PASSWORD: 'hex32',
  HOMELAB_APP_PASSWORD: 'hex32',
  HOMELAB_BACKUP_PASSWORD: 'hex32',
  N8N_DB_PASSWORD: 'hex32',
  VNC_PASSWORD: 'hex32',
  RUNNER_SECRET: 'hex32',
  ENCRYPTION_KEY: 'base64-32',
  AUTOMATION_INBOUND_SECRET: 'hex32',
};

/** Required values a person has to supply; `homelab secrets` cannot invent them. */
export const requiredSettings = ['ACME_EMAIL'];

const assignment = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;
const commentedAssignment = /^\s*#\s*([A-Z][A-Z0-9_]*)=(.*)$/;
const secretName = /(SECRET|KEY|PASSWORD|TOKEN)$/;

function unquote(raw: string) {
  const value = raw.trim();
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    return value.slice(1, -1);
  }
  return value.replace(/\s+#.*$/, '');
}

export function parseEnv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = assignment.exec(line);
    if (match) values[match[1]!] = unquote(match[2]!);
  }
  return values;
}

/**
 * Variables env.example marks as generated: an `openssl rand -hex N` or `openssl rand -base64 N`
 * line in the comments directly above the variable (the file's own instructions for making it).
 */
export function generatedInExample(example: string): Record<string, SecretFormat> {
  const found: Record<string, SecretFormat> = {};
  let block: string[] = [];
  for (const line of example.split(/\r?\n/)) {
    const variable = assignment.exec(line) ?? commentedAssignment.exec(line);
    if (variable) {
      const rand = block.map((l) => /openssl rand -(hex|base64) (\d+)/.exec(l)).find(Boolean);
      // Only a secret's name may be filled with random bytes, whatever the comment above says.
      if (rand && secretName.test(variable[1]!))
        found[variable[1]!] = rand[1] === 'base64' ? 'base64-32' : 'hex32';
      block = [];
    } else if (line.trim().startsWith('#')) {
      block.push(line);
    } else {
      block = [];
    }
  }
  return found;
}

export function generateSecret(format: SecretFormat) {
  return format === 'base64-32' ? randomBytes(32).toString('base64') : randomBytes(32).toString('hex');
}

/** Fills each empty secret in `text`; returns the new text and the names filled, never the values. */
export function fillSecrets(
  text: string,
  secrets: Record<string, SecretFormat>,
  generate: (format: SecretFormat) => string = generateSecret,
): { text: string; generated: string[]; kept: string[] } {
  const lines = text.length > 0 ? text.replace(/\r?\n$/, '').split(/\r?\n/) : [];
  const current = parseEnv(text);
  const generated: string[] = [];
  const kept: string[] = [];
  for (const [name, format] of Object.entries(secrets)) {
    if (current[name]) {
      kept.push(name);
      continue;
    }
    const value = `${name}=${generate(format)}`;
    const empty = lines.findIndex((l) => assignment.exec(l)?.[1] === name);
    const commented = lines.findIndex((l) => {
      const m = commentedAssignment.exec(l);
      return m?.[1] === name && m[2]!.trim() === '';
    });
    if (empty >= 0) lines[empty] = value;
    else if (commented >= 0) lines[commented] = value;
    else lines.push(value);
    generated.push(name);
  }
  return { text: `${lines.join('\n')}\n`, generated, kept };
}
