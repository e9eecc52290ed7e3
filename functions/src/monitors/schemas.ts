/**
 * The monitoring answers as the OpenAPI document names them, registered once: zod 4 refuses a
 * second schema with the same id, and several routers (monitors, notifications, alerts, dynamic
 * DNS, the public status page) share them. Shapes the runners own beyond the shared contract stay
 * open (`looseObject`) so a new field reaches the web app without a change here.
 */
import {
  checkResultSchema,
  historyPointSchema,
  incidentSchema,
  monitorSchema,
  monitorStates,
} from '@homelab/db/monitoring';
import { z } from '@hono/zod-openapi';

export const monitor = monitorSchema.meta({ id: 'Monitor' });
export const checkResult = checkResultSchema.meta({ id: 'CheckResult' });
export const incident = incidentSchema.meta({ id: 'Incident' });
export const historyPoint = historyPointSchema.meta({ id: 'MonitorHistoryPoint' });

export const history = z.object({
  /** The bucket width the runner chose for the range, e.g. "15s", "5m", "2d". */
  resolution: z.string(),
  points: z.array(historyPoint),
});

export const maintenanceWindow = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    monitorIds: z.array(z.string()),
    tags: z.array(z.string()),
  })
  .meta({ id: 'MaintenanceWindow' });

export const domainRow = z
  .looseObject({
    domain: z.string(),
  })
  .meta({ id: 'MonitoredDomain', description: 'A domain and the state of the monitors that belong to it' });

/** What anyone may see of a domain: names and states, never targets, settings or messages with internals. */
export const publicStatus = z
  .looseObject({
    domain: z.string(),
    monitors: z.array(z.looseObject({ name: z.string(), state: z.enum(monitorStates) })),
  })
  .meta({ id: 'PublicStatus' });

/** Channels come back without their secrets: the runner keeps them sealed. */
export const channel = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    enabled: z.boolean(),
  })
  .meta({ id: 'NotificationChannel' });

export const delivery = z
  .looseObject({
    id: z.union([z.number(), z.string()]),
    channelId: z.string(),
    status: z.enum(['pending', 'sent', 'failed']),
  })
  .meta({ id: 'NotificationDelivery' });

/** What an evaluation found for one rule: firing or not, and whether that just changed. */
export const ruleOutcome = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    firing: z.boolean(),
    change: z.enum(['opened', 'resolved']).nullable(),
    reason: z.string(),
  })
  .meta({ id: 'AlertRuleOutcome' });

export const alertRule = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    metric: z.string(),
    threshold: z.number(),
    enabled: z.boolean(),
  })
  .meta({ id: 'AlertRule' });

/** DDNS records come back without their passwords. */
export const ddnsRecord = z
  .looseObject({
    id: z.string(),
    provider: z.string(),
    hostname: z.string(),
    enabled: z.boolean(),
  })
  .meta({ id: 'DdnsRecord' });

export const ddnsEvent = z.looseObject({ at: z.string(), kind: z.string() }).meta({ id: 'DdnsHistoryEntry' });

/** The agreed public IP as the ddns runner stores it under `network.public_ip`. */
const publicIp = z.looseObject({ ip: z.string(), at: z.string(), sources: z.array(z.unknown()) });

export const ddnsStatus = z
  .looseObject({ publicIp: publicIp.nullable() })
  .meta({ id: 'DdnsStatus', description: 'The agreed public IP and each record’s last update' });

/** What POST /api/ddns/check found: the agreed IP (null when the sources disagreed) and the records it updated. */
export const ddnsCheck = z
  .looseObject({
    ip: z.string().nullable(),
    at: z.string(),
    ipChanged: z.boolean(),
    attempted: z.array(z.unknown()),
  })
  .meta({ id: 'DdnsCheck' });

export type Out<T extends z.ZodType> = z.infer<T>;
