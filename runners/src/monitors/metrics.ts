/**
 * GET /metrics in the Prometheus text format (version 0.0.4): monitor states, latencies and uptime,
 * the scheduler's lag, the host's latest system sample and which runners are up.
 */
import type { Sql } from 'postgres';
import type { LagHistogram } from './scheduler';
import type { MonitorRow, Uptime } from './store';

type Sample = { labels?: Record<string, string>; value: number | null };
type Family = { name: string; help: string; type: 'gauge' | 'summary'; samples: Sample[] };

const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function formatValue(value: number) {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/** The exposition text of some families; samples without a value are left out rather than faked. */
export function exposition(families: Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      if (sample.value === null) continue;
      const name = sample.labels?.__name__ ?? family.name;
      const labels = Object.entries(sample.labels ?? {}).filter(([key]) => key !== '__name__');
      const text = labels.length ? `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
      lines.push(`${name}${text} ${formatValue(sample.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const windows: [keyof Uptime, string][] = [
  ['day', '24h'],
  ['week', '7d'],
  ['month', '30d'],
  ['year', '1y'],
];

type SystemRow = { cpu: number; memory: number; disk: number; load1: number; temperature: number | null };

export async function metricsText(
  sql: Sql,
  monitors: MonitorRow[],
  uptime: Map<string, Uptime>,
  lag: LagHistogram,
): Promise<string> {
  const [system] = await sql<SystemRow[]>`
    select cpu_percent::float8 as cpu, mem_percent::float8 as memory, disk_percent::float8 as disk,
      load1::float8 as load1, temp_max_c::float8 as temperature
    from system_metrics where resolution = 'raw' order by at desc limit 1`;
  const runners = await sql<{ name: string; up: boolean }[]>`
    select name, state = 'running' as up from runner_status order by name`;
  const label = (m: MonitorRow) => ({ monitor: m.name, type: m.type, domain: m.domain ?? '' });
  const families: Family[] = [
    {
      name: 'homelab_monitor_up',
      help: 'Whether the monitor is up (1), down (0); absent while pending or paused.',
      type: 'gauge',
      samples: monitors.map((m) => ({
        labels: label(m),
        value: m.state === 'up' ? 1 : m.state === 'down' ? 0 : null,
      })),
    },
    {
      name: 'homelab_monitor_latency_ms',
      help: 'Latency of the last check in milliseconds.',
      type: 'gauge',
      samples: monitors.map((m) => ({ labels: label(m), value: m.lastLatencyMs })),
    },
    {
      name: 'homelab_monitor_uptime_ratio',
      help: 'Share of successful checks over a window (24h, 7d, 30d, 1y).',
      type: 'gauge',
      samples: monitors.flatMap((m) =>
        windows.map(([key, window]) => ({
          labels: { ...label(m), window },
          value: uptime.get(m.id)?.[key] ?? null,
        })),
      ),
    },
    {
      name: 'homelab_scheduler_lag_seconds',
      help: 'Delay between a check being due and starting.',
      type: 'summary',
      samples: [
        ...[0.5, 0.9, 0.99].map((q) => {
          const ms = lag.quantile(q);
          return { labels: { quantile: String(q) }, value: ms === null ? Number.NaN : ms / 1000 };
        }),
        { labels: { __name__: 'homelab_scheduler_lag_seconds_sum' }, value: lag.sumMs / 1000 },
        { labels: { __name__: 'homelab_scheduler_lag_seconds_count' }, value: lag.count },
      ],
    },
    ...(
      [
        ['cpu', 'homelab_system_cpu_percent', 'CPU use of the host in percent.'],
        ['memory', 'homelab_system_memory_percent', 'Memory use of the host in percent.'],
        ['disk', 'homelab_system_disk_percent', 'Use of the fullest disk in percent.'],
        ['load1', 'homelab_system_load1', 'One-minute load average.'],
        ['temperature', 'homelab_system_temperature_celsius', 'Hottest temperature sensor in °C.'],
      ] as const
    ).map(([key, name, help]) => ({
      name,
      help,
      type: 'gauge' as const,
      samples: [{ value: system ? system[key] : null }],
    })),
    {
      name: 'homelab_runner_up',
      help: 'Whether each runner is running (1) or not (0).',
      type: 'gauge',
      samples: runners.map((r) => ({ labels: { runner: r.name }, value: r.up ? 1 : 0 })),
    },
  ];
  return exposition(families);
}
