/** How a deploy's status and source read on the page: words always, colour and icon as support. */
import type { Tone } from '../../ui/Badge';
import type { DeploymentSummary } from './types';

export const statusLook: Record<DeploymentSummary['status'], { text: string; tone: Tone; icon: string }> = {
  pending: { text: 'Starting', tone: 'info', icon: 'i-ph-hourglass' },
  building: { text: 'Building', tone: 'info', icon: 'i-ph-hammer' },
  migrating: { text: 'Migrating', tone: 'info', icon: 'i-ph-database' },
  restarting: { text: 'Restarting', tone: 'info', icon: 'i-ph-arrows-clockwise' },
  succeeded: { text: 'Succeeded', tone: 'ok', icon: 'i-ph-check-circle' },
  rolled_back: { text: 'Rolled back', tone: 'warn', icon: 'i-ph-arrow-u-up-left' },
  failed: { text: 'Failed', tone: 'danger', icon: 'i-ph-x-circle' },
};

export const sourceLabel: Record<DeploymentSummary['source'], string> = {
  webhook: 'Webhook',
  poll: 'Polling',
  manual: 'Deploy now',
  cli: 'CLI',
};

const active = new Set(['pending', 'building', 'migrating', 'restarting']);
export const isActive = (deployment: Pick<DeploymentSummary, 'status'>) => active.has(deployment.status);

export const shortCommit = (commit: string | null) => (commit ? commit.slice(0, 7) : '—');

export function durationOf(deployment: DeploymentSummary, now = Date.now()): string {
  const end = deployment.finishedAt ? Date.parse(deployment.finishedAt) : now;
  const seconds = Math.max(0, Math.round((end - Date.parse(deployment.startedAt)) / 1000));
  const text = seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  return deployment.finishedAt ? text : `${text} so far`;
}
