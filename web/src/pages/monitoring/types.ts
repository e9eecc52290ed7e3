/**
 * The monitoring shapes the pages show: the shared ones from `@homelab/db/monitoring` (types only,
 * so zod stays out of the bundle), and the few views the API builds from several tables.
 */
import type { historyPointSchema, incidentSchema, maintenanceInputSchema } from '@homelab/db/monitoring';
import type { z } from 'zod';

export type {
  CheckResult,
  Monitor,
  MonitorConfig,
  MonitorInput,
  MonitorState,
  MonitorType,
} from '@homelab/db/monitoring';

export type HistoryPoint = z.infer<typeof historyPointSchema>;
export type Incident = z.infer<typeof incidentSchema>;
export type MaintenanceInput = z.input<typeof maintenanceInputSchema>;

export const historyRanges = ['1h', '24h', '7d', '30d', '1y'] as const;
export type HistoryRange = (typeof historyRanges)[number];

export interface History {
  /** The bucket width, e.g. "5m", "2d". */
  resolution: string;
  points: HistoryPoint[];
}

/**
 * A row of GET /api/domains: a host under a domain (the domain itself or a subdomain) and the
 * state of its HTTP, TLS and DNS monitors (the worst when several watch it; null when none does).
 */
export interface DomainRow {
  domain: string;
  host: string;
  http: string | null;
  tls: string | null;
  dns: string | null;
}

export interface MaintenanceWindow {
  id: string;
  name: string;
  startsAt: string;
  endsAt: string;
  monitorIds: string[];
  tags: string[];
  createdAt?: string;
}
