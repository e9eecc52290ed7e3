/** Applying retention to the archives on their targets; each target keeps its own set. */
import {
  planRetention,
  type RetentionCandidate,
  type RetentionPolicy,
  type RetentionTier,
} from './retention';
import type { BackupTarget, TargetKind } from './targets';

export type StoredBackup = RetentionCandidate & { target: TargetKind; location: string | null };

export type RetentionOutcome = {
  removed: string[];
  kept: Map<string, RetentionTier>;
  /** Archives whose deletion failed; their rows stay so the next run tries again. */
  failures: { id: string; error: string }[];
};

export async function applyRetention(
  backups: StoredBackup[],
  policy: RetentionPolicy,
  targets: Partial<Record<TargetKind, BackupTarget>>,
): Promise<RetentionOutcome> {
  const outcome: RetentionOutcome = { removed: [], kept: new Map(), failures: [] };
  const byTarget = new Map<TargetKind, StoredBackup[]>();
  for (const backup of backups) byTarget.set(backup.target, [...(byTarget.get(backup.target) ?? []), backup]);
  for (const [kind, group] of byTarget) {
    const plan = planRetention(group, policy);
    for (const [id, tier] of plan.keep) outcome.kept.set(id, tier);
    const locations = new Map(group.map((b) => [b.id, b.location]));
    for (const id of plan.remove) {
      const location = locations.get(id);
      try {
        const target = targets[kind];
        if (location && target) await target.remove(location);
        outcome.removed.push(id);
      } catch (error) {
        outcome.failures.push({ id, error: (error as Error).message });
      }
    }
  }
  return outcome;
}
