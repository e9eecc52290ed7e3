/** The toast after pruning images, volumes or networks: how many went and, when asked, the space freed. */
import { formatBytes, plural } from '../../lib/format';
import type { PruneResult } from './types';

export function pruneSummary(result: PruneResult, what: string, none: string, options = { freed: true }) {
  if (result.removed.length === 0) return none;
  const removed = `Removed ${plural(result.removed.length, what)}`;
  return options.freed ? `${removed}, ${formatBytes(result.reclaimedBytes)} freed` : removed;
}
