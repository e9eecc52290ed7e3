/**
 * Every call the notifications page makes: `/api/notifications` (channels and the delivery log),
 * `/api/alerts` (system alert rules) and `/api/ddns` (dynamic DNS), through the typed client.
 */
import { api, unwrap } from '../../api/client';
import { openShape } from '../monitoring/api';
import type {
  AlertRule,
  AlertRuleInput,
  Channel,
  ChannelInput,
  DdnsHistoryEntry,
  DdnsRecord,
  DdnsRecordInput,
  DdnsStatus,
  Delivery,
} from './types';

const notifications = api.api.notifications;
const alerts = api.api.alerts;
const ddns = api.api.ddns;

// ── Channels ──────────────────────────────────────────────────────────────────────────────────

export const listChannels = async (): Promise<Channel[]> =>
  openShape<Channel[]>((await unwrap(notifications.channels.$get())).channels);

export const createChannel = async (input: ChannelInput): Promise<Channel> =>
  openShape<Channel>(await unwrap(notifications.channels.$post({ json: input })));

export const updateChannel = async (id: string, input: Partial<ChannelInput>): Promise<Channel> =>
  openShape<Channel>(await unwrap(notifications.channels[':id'].$put({ param: { id }, json: input })));

export const deleteChannel = async (id: string) => {
  await unwrap(notifications.channels[':id'].$delete({ param: { id } }));
};

/** Sends a test message now; the answer is the test's delivery, sent or failed with the reason. */
export const testChannel = async (id: string): Promise<Delivery> =>
  openShape<Delivery>(await unwrap(notifications.channels[':id'].test.$post({ param: { id } })));

export const listDeliveries = async (limit = 100): Promise<Delivery[]> =>
  openShape<Delivery[]>(
    (await unwrap(notifications.deliveries.$get({ query: { limit: String(limit) } }))).deliveries,
  );

export const retryDelivery = async (id: string | number) => {
  await unwrap(notifications.deliveries[':id'].retry.$post({ param: { id: String(id) } }));
};

// ── Alert rules ───────────────────────────────────────────────────────────────────────────────

export const listAlertRules = async (): Promise<AlertRule[]> =>
  openShape<AlertRule[]>((await unwrap(alerts.rules.$get())).rules);

export const createAlertRule = async (input: AlertRuleInput): Promise<AlertRule> =>
  openShape<AlertRule>(await unwrap(alerts.rules.$post({ json: input })));

export const updateAlertRule = async (id: string, input: AlertRuleInput): Promise<AlertRule> =>
  openShape<AlertRule>(await unwrap(alerts.rules[':id'].$put({ param: { id }, json: input })));

export const deleteAlertRule = async (id: string) => {
  await unwrap(alerts.rules[':id'].$delete({ param: { id } }));
};

// ── Dynamic DNS ───────────────────────────────────────────────────────────────────────────────

export const getDdnsStatus = async (): Promise<DdnsStatus> =>
  openShape<DdnsStatus>(await unwrap(ddns.status.$get()));

export const checkDdnsNow = async () => {
  await unwrap(ddns.check.$post());
};

export const listDdnsRecords = async (): Promise<DdnsRecord[]> =>
  openShape<DdnsRecord[]>((await unwrap(ddns.records.$get())).records);

export const createDdnsRecord = async (input: DdnsRecordInput): Promise<DdnsRecord> =>
  openShape<DdnsRecord>(await unwrap(ddns.records.$post({ json: input })));

/** The password is write-only: it never comes back, so a change sends it again. */
export const updateDdnsRecord = async (id: string, input: DdnsRecordInput): Promise<DdnsRecord> =>
  openShape<DdnsRecord>(await unwrap(ddns.records[':id'].$put({ param: { id }, json: input })));

export const deleteDdnsRecord = async (id: string) => {
  await unwrap(ddns.records[':id'].$delete({ param: { id } }));
};

export const listDdnsHistory = async (): Promise<DdnsHistoryEntry[]> =>
  openShape<DdnsHistoryEntry[]>((await unwrap(ddns.history.$get({ query: {} }))).history);
