/**
 * The system_metrics tool: the host's CPU, memory, load, disks and temperatures. The system runner's
 * latest stored sample is used when it is fresh; otherwise this process samples /proc itself.
 */
import type { MetricSample } from '@homelab/db/metrics';
import { z } from 'zod';
import { createSampler } from '../../system/sampler';
import { defineTool, pause } from './define';
import type { ToolContext } from './types';

const freshMs = 2 * 60_000;

/** The newest host sample: stored by the system runner, or taken now. */
export async function latestSample(ctx: Pick<ToolContext, 'sql' | 'signal'>): Promise<MetricSample> {
  const [row] = await ctx.sql<{ detail: MetricSample | null; at: string }[]>`
    select detail, to_json(at) #>> '{}' as at from system_metrics
    where resolution = 'raw' and detail is not null order by at desc limit 1`;
  if (row?.detail && Date.now() - Date.parse(row.at) < freshMs) return row.detail;
  const sampler = createSampler();
  await sampler.prime();
  // Rates are deltas: half a second between readings is enough for a figure worth reading.
  await pause(500, ctx.signal);
  return sampler.sample();
}

const gb = (bytes: number) => Math.round((bytes / 1e9) * 10) / 10;
const one = (value: number) => Math.round(value * 10) / 10;

export const systemMetrics = defineTool('system_metrics', {
  args: z.object({}),
  target: () => null,
  async run(_args, ctx) {
    const sample = await latestSample(ctx);
    const fullest = [...sample.disks].sort((a, b) => b.percent - a.percent)[0];
    return {
      ok: true,
      summary: `CPU ${one(sample.cpu.percent)} %, memory ${one(sample.memory.percent)} %${fullest ? `, fullest disk ${fullest.mount} ${one(fullest.percent)} %` : ''}`,
      data: {
        at: sample.at,
        cpuPercent: one(sample.cpu.percent),
        cores: sample.cpu.perCore.length,
        load: sample.load,
        memory: {
          totalGb: gb(sample.memory.total),
          usedGb: gb(sample.memory.used),
          percent: one(sample.memory.percent),
        },
        swap: { totalGb: gb(sample.swap.total), percent: one(sample.swap.percent) },
        disks: sample.disks.slice(0, 20).map((disk) => ({
          mount: disk.mount,
          fs: disk.fs,
          totalGb: gb(disk.total),
          freeGb: gb(disk.total - disk.used),
          percent: one(disk.percent),
        })),
        temperatures: sample.temperatures.slice(0, 10),
        uptimeHours: Math.round(sample.uptimeSeconds / 360) / 10,
      },
    };
  },
});
