import { describe, expect, it } from 'vitest';
import { instance } from '../../test/database-fixtures';
import {
  allowedInstanceActions,
  deployProgress,
  instanceLook,
  maskSecret,
  nameProblem,
  scheduleText,
  suggestName,
  upsertById,
} from './instances';
import type { ProgressEvent } from './types';

const event = (step: string, extra: Partial<ProgressEvent> = {}): ProgressEvent => ({
  instanceId: 'x',
  step,
  message: `${step} message`,
  at: '2025-01-01T00:00:00Z',
  ...extra,
});

describe('deployProgress', () => {
  it('ticks the steps off as events arrive', () => {
    const start = deployProgress([]);
    expect(start.steps.every((s) => s.state === 'pending')).toBe(true);
    expect(start.finished).toBe(false);

    const midway = deployProgress([event('image'), event('image'), event('network'), event('volume')]);
    expect(midway.steps.map((s) => s.state)).toEqual([
      'done',
      'done',
      'active',
      'pending',
      'pending',
      'pending',
    ]);
    expect(midway.message).toBe('volume message');

    const done = deployProgress([event('image'), event('ready'), event('done', { done: true })]);
    expect(done.steps.every((s) => s.state === 'done')).toBe(true);
    expect(done).toMatchObject({ finished: true, error: null });
  });

  it('marks the step that failed and keeps the reason', () => {
    const failed = deployProgress([
      event('image'),
      event('container', { done: true, error: 'Creating the container failed: port is already allocated' }),
    ]);
    expect(failed.steps.map((s) => s.state)).toEqual([
      'done',
      'done',
      'done',
      'failed',
      'pending',
      'pending',
    ]);
    expect(failed).toMatchObject({
      finished: true,
      error: 'Creating the container failed: port is already allocated',
    });
  });

  it('adds the restore step for a restore into a new instance', () => {
    expect(deployProgress([event('restore')]).steps.at(-1)).toEqual({
      id: 'restore',
      label: 'Restore the backup',
      state: 'active',
    });
  });
});

describe('maskSecret', () => {
  it('hides the password in a connection string, URL-encoded or not', () => {
    expect(maskSecret('postgres://app:p@ss/w0rd@db:5432/app', 'p@ss/w0rd')).toBe(
      'postgres://app:••••••••@db:5432/app',
    );
    expect(maskSecret('postgres://app:p%40ss%2Fw0rd@db:5432/app', 'p@ss/w0rd')).toBe(
      'postgres://app:••••••••@db:5432/app',
    );
    expect(maskSecret('redis://db:6379', '')).toBe('redis://db:6379');
  });
});

describe('instance state and actions', () => {
  it('reads the lifecycle together with the container', () => {
    expect(instanceLook(instance())).toEqual({ tone: 'ok', text: 'Running' });
    expect(instanceLook(instance({ live: { state: 'exited', health: 'none', startedAt: null } }))).toEqual({
      tone: 'warn',
      text: 'Container exited',
    });
    expect(instanceLook(instance({ live: { state: 'missing', health: 'none', startedAt: null } })).tone).toBe(
      'danger',
    );
    expect(instanceLook(instance({ status: 'deploying' })).text).toBe('Deploying…');
  });

  it('offers start for stopped or failed instances and nothing while busy', () => {
    expect(allowedInstanceActions(instance())).toEqual(['stop', 'restart']);
    expect(allowedInstanceActions(instance({ status: 'stopped' }))).toEqual(['start']);
    expect(allowedInstanceActions(instance({ status: 'failed' }))).toEqual(['start']);
    expect(allowedInstanceActions(instance({ status: 'deleting' }))).toEqual([]);
  });
});

describe('form hints', () => {
  it('checks names like the API does', () => {
    expect(nameProblem('orders-db')).toBeNull();
    expect(nameProblem('Orders')).toMatch(/lowercase/);
    expect(nameProblem('-x')).toMatch(/starting with/);
    expect(nameProblem('a'.repeat(58))).toBe('At most 57 characters.');
  });

  it('words a schedule by its preset name when it has one', () => {
    expect(scheduleText('0 3 * * *', 7)).toBe('Daily at 03:00, keep 7');
    expect(scheduleText('15 2 * * 1', 3)).toBe('cron 15 2 * * 1, keep 3');
    expect(scheduleText(null, 7)).toBe('Manual only');
  });

  it('suggests the first free name', () => {
    expect(suggestName({ id: 'postgres' }, [])).toBe('postgres');
    expect(suggestName({ id: 'postgres' }, ['postgres', 'postgres-2'])).toBe('postgres-3');
  });

  it('upserts by id: replaced in place, new ones first', () => {
    const a = instance({ id: 'a', name: 'a' });
    const b = instance({ id: 'b', name: 'b' });
    expect(upsertById([a, b], { ...b, name: 'b2' }).map((x) => x.name)).toEqual(['a', 'b2']);
    expect(upsertById([a], b).map((x) => x.id)).toEqual(['b', 'a']);
  });
});
