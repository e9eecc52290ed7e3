/** How backup and drill statuses, tiers and targets read on the page: text and icon, never colour alone. */
import type { Tone } from '../../ui/Badge';
import type { RestoreDrill, SystemBackup } from './api';

type Look = { tone: Tone; icon: string; text: string };

export const backupLook: Record<SystemBackup['status'], Look> = {
  done: { tone: 'ok', icon: 'i-ph-check', text: 'Done' },
  running: { tone: 'info', icon: 'i-ph-hourglass', text: 'Running' },
  failed: { tone: 'danger', icon: 'i-ph-x', text: 'Failed' },
};

export const drillLook: Record<RestoreDrill['status'], Look> = {
  passed: { tone: 'ok', icon: 'i-ph-check', text: 'Passed' },
  running: { tone: 'info', icon: 'i-ph-hourglass', text: 'Running' },
  failed: { tone: 'danger', icon: 'i-ph-x', text: 'Failed' },
};

export const tierLabels: Record<SystemBackup['tier'], string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  manual: 'Manual',
};

export const targetLabels: Record<SystemBackup['target'], string> = {
  local: 'Local folder',
  s3: 'S3 bucket',
  drive: 'Google Drive',
};

/** The newest finished backup (any target), or the newest running one when none has finished. */
export function lastBackup(backups: readonly SystemBackup[]) {
  return backups.find((b) => b.status !== 'running') ?? backups[0] ?? null;
}

export const lastDrill = (drills: readonly RestoreDrill[]) =>
  drills.find((d) => d.status !== 'running') ?? drills[0] ?? null;
