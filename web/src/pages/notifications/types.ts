/**
 * What the notifications page shows: channels (their secrets never come back), the delivery log,
 * system alert rules and dynamic DNS. Input shapes come from `@homelab/db/monitoring`, types only.
 */
import type { alertRuleInputSchema, channelInputSchema, ddnsRecordInputSchema } from '@homelab/db/monitoring';
import type { z } from 'zod';

export type { AlertMetric, ChannelConfig, ChannelType } from '@homelab/db/monitoring';

export type ChannelInput = z.input<typeof channelInputSchema>;
export type AlertRuleInput = z.input<typeof alertRuleInputSchema>;
export type DdnsRecordInput = z.input<typeof ddnsRecordInputSchema>;

/** A channel as listed: the API never sends its settings, only a masked summary of where it sends. */
export interface Channel {
  id: string;
  name: string;
  type: 'discord' | 'webhook' | 'smtp' | 'ntfy';
  enabled: boolean;
  /** e.g. "discord.com/•••" or "smtp.example.com:587 → me@example.com". */
  target?: string;
  createdAt?: string;
}

export interface Delivery {
  id: number | string;
  channelId: string;
  event: string;
  title: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt?: string | null;
}

export interface AlertRule {
  id: string;
  name: string;
  metric: string;
  threshold: number;
  durationSeconds: number;
  enabled: boolean;
  channelIds: string[];
  firing?: boolean;
  firingSince?: string | null;
}

export interface DdnsRecord {
  id: string;
  provider: 'zoneedit' | 'dyndns2';
  hostname: string;
  serverUrl?: string | null;
  username: string;
  enabled: boolean;
  lastIp: string | null;
  lastStatus: string | null;
  lastError: string | null;
  updatedAt?: string;
  nextAttemptAt?: string | null;
}

/** One source's answer when the public IP was agreed. */
export interface SourceAnswer {
  source?: string;
  ip?: string | null;
  error?: string | null;
}

/** The agreed public IP as stored under `network.public_ip`. */
export interface PublicIp {
  ip: string;
  at: string;
  sources: SourceAnswer[];
}

/** GET /api/ddns/status: the agreed IP (a bare string from older runners), the sources asked, the last check. */
export interface DdnsStatus {
  publicIp: PublicIp | string | null;
  sources?: string[];
  lastCheck?: { at: string; ip: string | null; answers?: SourceAnswer[] } | null;
}

export interface DdnsHistoryEntry {
  id: number | string;
  recordId: string | null;
  at: string;
  kind: 'ip_changed' | 'updated' | 'failed';
  oldIp: string | null;
  newIp: string | null;
  detail: string | null;
}
