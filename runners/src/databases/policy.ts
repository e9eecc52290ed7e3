/**
 * Which operation an instance's lifecycle status allows: pure decisions, tested alone, so every
 * route refuses the same way (409 with a reason) instead of letting the engine fail half-way.
 */
import type { DatabaseStatus, DatabaseTemplate } from '@homelab/db/databases';
import { HttpError } from '../internal/errors';

export type Operation =
  | 'start'
  | 'stop'
  | 'restart'
  | 'backup'
  | 'restore'
  | 'rotate'
  | 'delete'
  | 'schedule';

const allowed: Record<Operation, readonly DatabaseStatus[]> = {
  start: ['running', 'stopped', 'failed'],
  stop: ['running', 'failed'],
  restart: ['running', 'stopped', 'failed'],
  // These need the server answering.
  backup: ['running'],
  restore: ['running'],
  rotate: ['running'],
  // A deploy under way still owns its container; it is deleted once it has finished or failed.
  delete: ['running', 'stopped', 'failed'],
  schedule: ['running', 'stopped', 'failed'],
};

const needs: Partial<Record<Operation, keyof DatabaseTemplate['supports']>> = {
  backup: 'backup',
  restore: 'restore',
  rotate: 'rotate',
};

const verbs: Record<Operation, string> = {
  start: 'started',
  stop: 'stopped',
  restart: 'restarted',
  backup: 'backed up',
  restore: 'restored',
  rotate: 'given a new password',
  delete: 'deleted',
  schedule: 'scheduled for backups',
};

/** null when allowed, otherwise why not. */
export function refusal(
  operation: Operation,
  instance: { status: DatabaseStatus; name: string },
  template: Pick<DatabaseTemplate, 'name' | 'supports'>,
): { code: string; message: string } | null {
  const feature = needs[operation];
  if (feature && !template.supports[feature])
    return {
      code: 'unsupported',
      message: `${template.name} databases cannot be ${verbs[operation]} by HomeLabHub yet.`,
    };
  if (!allowed[operation].includes(instance.status))
    return {
      code: 'invalid_state',
      message: `"${instance.name}" is ${instance.status}; it can be ${verbs[operation]} only when ${allowed[operation].join(' or ')}.`,
    };
  return null;
}

export function assertAllowed(
  operation: Operation,
  instance: { status: DatabaseStatus; name: string },
  template: Pick<DatabaseTemplate, 'name' | 'supports'>,
) {
  const why = refusal(operation, instance, template);
  if (why) throw new HttpError(409, why.code, why.message);
}
