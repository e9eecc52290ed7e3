/** What each system alert metric measures and in which unit, for the rule form and the rules table. */
import type { AlertMetric } from './types';

export const alertMetricLabels: Record<AlertMetric, { label: string; unit: string }> = {
  cpu: { label: 'CPU use', unit: '%' },
  memory: { label: 'Memory use', unit: '%' },
  disk: { label: 'Disk use', unit: '%' },
  temperature: { label: 'Temperature', unit: '°C' },
  load: { label: 'Load average', unit: '' },
  container_unhealthy: { label: 'Unhealthy containers', unit: 'containers' },
  container_restarts: { label: 'Container restarts', unit: 'restarts' },
};
export const alertMetricList = Object.keys(alertMetricLabels) as AlertMetric[];

/** "CPU use above 90% for 5m". */
export function describeRule(rule: { metric: string; threshold: number }): string {
  const look = alertMetricLabels[rule.metric as AlertMetric];
  if (!look) return `${rule.metric} above ${rule.threshold}`;
  const unit = look.unit === '%' || look.unit === '°C' ? look.unit : look.unit ? ` ${look.unit}` : '';
  return `${look.label} above ${rule.threshold}${unit}`;
}
