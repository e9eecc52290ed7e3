/**
 * Stores each interface's throughput every few seconds and drops samples past the retention.
 * Container veths are left out: their names change with every container start, so their history
 * would be a trail of one-off series.
 */
import type { Sql } from 'postgres';
import type { RateTracker } from './overview';
import { deleteOldSamples, insertSamples } from './store';

const ephemeral = /^veth/;

export function createNetworkSampler(sql: Sql, rates: RateTracker) {
  return {
    /** Reads the counters and stores one row per interface; returns how many. */
    async sample(): Promise<number> {
      const { at, counters, rates: current } = await rates.read();
      const rows = [...counters]
        .filter(([name]) => !ephemeral.test(name))
        .map(([iface, c]) => ({
          iface,
          rxBytesPerSec: current.get(iface)?.rxBytesPerSec ?? 0,
          txBytesPerSec: current.get(iface)?.txBytesPerSec ?? 0,
          rxErrors: c.rxErrors,
          txErrors: c.txErrors,
        }));
      await insertSamples(sql, new Date(at), rows);
      return rows.length;
    },
    prune: (now?: Date) => deleteOldSamples(sql, now),
  };
}
export type NetworkSampler = ReturnType<typeof createNetworkSampler>;
