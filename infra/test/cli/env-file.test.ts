/**
 * Filling `.env`: the secrets the stack needs (and the ones env.example marks with its own
 * `openssl rand` instructions) are generated in place, and a value already set is never replaced.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fillSecrets,
  generatedInExample,
  generateSecret,
  parseEnv,
  requiredSecrets,
} from '../../src/cli/homelab/env-file';

const example = readFileSync(path.resolve(__dirname, '../../env.example'), 'utf8');

describe('env.example', () => {
  it('marks ENCRYPTION_KEY as base64 and AUTOMATION_INBOUND_SECRET as hex through its openssl lines', () => {
    const marked = generatedInExample(example);
    expect(marked.ENCRYPTION_KEY).toBe('base64-32');
    expect(marked.AUTOMATION_INBOUND_SECRET).toBe('hex32');
    expect(marked.TWITCH_CLIENT_SECRET).toBeUndefined();
    expect(marked.SUNSHINE_TLS_FINGERPRINT).toBeUndefined();
  });

  it('fills only secrets: a setting beside an openssl hint stays for its owner to set', () => {
    const marked = generatedInExample(example);
    expect(marked.DEPLOY_WEBHOOK_SECRET).toBe('hex32');
    expect(marked.DEPLOY_REPO_DIR).toBeUndefined();
    for (const name of Object.keys(marked)) expect(name).toMatch(/(SECRET|KEY|PASSWORD|TOKEN)$/);
    const ownDoc = '# Where it lives (openssl rand -hex 32 is not for this)\n# REPO_DIR=/srv\n';
    expect(generatedInExample(ownDoc)).toEqual({});
  });

  it('filled from scratch gets every required secret and keeps its comments', () => {
    const { text, generated } = fillSecrets(example, { ...generatedInExample(example), ...requiredSecrets });
    const values = parseEnv(text);
    for (const name of Object.keys(requiredSecrets)) {
      expect(generated).toContain(name);
      expect(values[name]).toBeTruthy();
    }
    expect(Buffer.from(values.ENCRYPTION_KEY!, 'base64')).toHaveLength(32);
    expect(values.RUNNER_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(values.POSTGRES_PASSWORD).toMatch(/^[0-9a-f]{64}$/);
    expect(text).toContain('# Superuser of the PostgreSQL container');
    expect(text.match(/^AUTOMATION_INBOUND_SECRET=/gm)).toHaveLength(1);
    expect(text).not.toMatch(/^# AUTOMATION_INBOUND_SECRET=$/m);
    expect(values.DISCORD_BOT_TOKEN).toBe('');
  });
});

describe('fillSecrets', () => {
  it('never overwrites a value that is set, and reports names only', () => {
    const before = 'POSTGRES_PASSWORD=mine\nRUNNER_SECRET=\n# note\nENCRYPTION_KEY="quoted value"\n';
    const { text, generated, kept } = fillSecrets(before, requiredSecrets, (format) => `new-${format}`);
    expect(kept.sort()).toEqual(['ENCRYPTION_KEY', 'POSTGRES_PASSWORD']);
    expect(generated.sort()).toEqual([
      'AUTOMATION_INBOUND_SECRET',
      'HOMELAB_APP_PASSWORD',
      'HOMELAB_BACKUP_PASSWORD',
      'HOMELAB_OWNER_PASSWORD',
      'N8N_DB_PASSWORD',
      'RUNNER_SECRET',
      'VNC_PASSWORD',
    ]);
    expect(text.split('\n').slice(0, 4)).toEqual([
      'POSTGRES_PASSWORD=mine',
      'RUNNER_SECRET=new-hex32',
      '# note',
      'ENCRYPTION_KEY="quoted value"',
    ]);
    expect(fillSecrets(text, requiredSecrets).generated).toEqual([]);
  });

  it('generates fresh random values each time', () => {
    expect(generateSecret('hex32')).not.toBe(generateSecret('hex32'));
    expect(Buffer.from(generateSecret('base64-32'), 'base64')).toHaveLength(32);
  });
});

describe('parseEnv', () => {
  it('reads quoted values, export prefixes and trailing comments like compose does', () => {
    expect(parseEnv('A=1\nexport B=two\nC="with # hash"\nD=plain # comment\n# E=no\n')).toEqual({
      A: '1',
      B: 'two',
      C: 'with # hash',
      D: 'plain',
    });
  });
});
