/**
 * The shape of one host metrics sample, shared by the runner that takes it, the API that serves
 * it and the web app that draws it.
 */
import { z } from 'zod';

export const metricSampleSchema = z.object({
  at: z.string().describe('ISO time the sample was taken'),
  cpu: z.object({ percent: z.number(), perCore: z.array(z.number()) }),
  load: z.tuple([z.number(), z.number(), z.number()]),
  memory: z.object({ total: z.number(), used: z.number(), available: z.number(), percent: z.number() }),
  swap: z.object({ total: z.number(), used: z.number(), percent: z.number() }),
  disks: z.array(
    z.object({ mount: z.string(), fs: z.string(), total: z.number(), used: z.number(), percent: z.number() }),
  ),
  diskIo: z.object({ readBps: z.number(), writeBps: z.number() }),
  network: z.object({ rxBps: z.number(), txBps: z.number() }),
  temperatures: z.array(z.object({ label: z.string(), celsius: z.number() })),
  uptimeSeconds: z.number(),
});
export type MetricSample = z.infer<typeof metricSampleSchema>;

/** One point of history: averages over `samples` raw samples at the given resolution. */
export const metricPointSchema = z.object({
  at: z.string(),
  samples: z.number(),
  cpuPercent: z.number(),
  load1: z.number(),
  memPercent: z.number(),
  swapPercent: z.number(),
  diskPercent: z.number(),
  netRxBps: z.number(),
  netTxBps: z.number(),
  diskReadBps: z.number(),
  diskWriteBps: z.number(),
  tempMaxC: z.number().nullable(),
});
export type MetricPoint = z.infer<typeof metricPointSchema>;
