import { findTemplate } from '@homelab/db/databases';
import { describe, expect, it } from 'vitest';
import { type Operation, refusal } from './policy';

const postgres = findTemplate('postgres')!;
const minio = findTemplate('minio')!;

describe('refusal', () => {
  it('allows backups, restores and rotations only of a running server', () => {
    for (const operation of ['backup', 'restore', 'rotate'] as Operation[]) {
      expect(refusal(operation, { name: 'a', status: 'running' }, postgres)).toBeNull();
      for (const status of ['deploying', 'stopped', 'failed', 'deleting'] as const)
        expect(refusal(operation, { name: 'a', status }, postgres)).toMatchObject({ code: 'invalid_state' });
    }
  });

  it('says why, naming the state and what is needed', () => {
    expect(refusal('backup', { name: 'shop', status: 'deploying' }, postgres)?.message).toBe(
      '"shop" is deploying; it can be backed up only when running.',
    );
  });

  it('never lets anything but reads touch an instance that is deploying or deleting', () => {
    for (const operation of ['start', 'stop', 'restart', 'delete', 'schedule'] as Operation[]) {
      expect(refusal(operation, { name: 'a', status: 'deploying' }, postgres)).not.toBeNull();
      expect(refusal(operation, { name: 'a', status: 'deleting' }, postgres)).not.toBeNull();
    }
    expect(refusal('delete', { name: 'a', status: 'failed' }, postgres)).toBeNull();
  });

  it('refuses what the engine does not support, whatever the state', () => {
    expect(refusal('backup', { name: 'files', status: 'running' }, minio)).toEqual({
      code: 'unsupported',
      message: 'MinIO databases cannot be backed up by HomeLabHub yet.',
    });
    expect(refusal('stop', { name: 'files', status: 'running' }, minio)).toBeNull();
  });
});
