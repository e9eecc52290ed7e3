/**
 * Home Assistant as the API speaks it: the connection status, rooms, devices and entities, service
 * calls and the live event stream, shared by the smarthome runner, the functions that relay it and
 * the web app. Zod only, so the browser can import it.
 */
import { z } from 'zod';

export const smartHomeStates = ['not_configured', 'connecting', 'connected', 'offline'] as const;
export type SmartHomeState = (typeof smartHomeStates)[number];

/** Only these domains may be called from HomeLabHub; anything else (e.g. homeassistant.restart) is refused. */
export const allowedServiceDomains = [
  'light',
  'switch',
  'climate',
  'cover',
  'media_player',
  'scene',
  'script',
  'automation',
  'fan',
  'input_boolean',
  'lock',
] as const;
export type AllowedServiceDomain = (typeof allowedServiceDomains)[number];

/** Home Assistant entity ids look like `light.kitchen_ceiling`. */
export const entityIdPattern = /^[a-z0-9_]+\.[a-z0-9_]+$/;
export const entityIdSchema = z
  .string()
  .min(3)
  .max(255)
  .regex(entityIdPattern, 'must be an entity id such as light.kitchen');

export const smartHomeStatusSchema = z.object({
  state: z.enum(smartHomeStates),
  /** The Home Assistant base URL, or null when not configured. */
  url: z.string().nullable(),
  haVersion: z.string().nullable(),
  /** ISO time of the last health check. */
  lastPingAt: z.string().nullable(),
  lastPingOk: z.boolean().nullable(),
  lastError: z.string().nullable(),
  reconnectAttempts: z.number().int().min(0),
  /** Service calls waiting for the connection to come back. */
  queued: z.number().int().min(0),
  /** ISO time of the next reconnect attempt while offline. */
  nextRetryAt: z.string().nullable(),
});
export type SmartHomeStatus = z.infer<typeof smartHomeStatusSchema>;

export const testConnectionResultSchema = z.object({
  status: smartHomeStatusSchema,
  ok: z.boolean(),
  /** Round trip of GET /api/ in milliseconds, when it answered. */
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
});
export type TestConnectionResult = z.infer<typeof testConnectionResultSchema>;

export const smartHomeAreaSchema = z.object({ id: z.string(), name: z.string() });
export type SmartHomeArea = z.infer<typeof smartHomeAreaSchema>;

export const smartHomeDeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  areaId: z.string().nullable(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
});
export type SmartHomeDevice = z.infer<typeof smartHomeDeviceSchema>;

export const smartHomeEntitySchema = z.object({
  entityId: z.string(),
  /** Friendly name; text set in Home Assistant, so untrusted. */
  name: z.string(),
  domain: z.string(),
  /** The entity's own area, or its device's. */
  areaId: z.string().nullable(),
  deviceId: z.string().nullable(),
  state: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  /** ISO time the state last changed. */
  lastChanged: z.string(),
});
export type SmartHomeEntity = z.infer<typeof smartHomeEntitySchema>;

export const smartHomeOverviewSchema = z.object({
  areas: z.array(smartHomeAreaSchema),
  devices: z.array(smartHomeDeviceSchema),
  entities: z.array(smartHomeEntitySchema),
  /** Entities of domain `scene`. */
  scenes: z.array(smartHomeEntitySchema),
});
export type SmartHomeOverview = z.infer<typeof smartHomeOverviewSchema>;

export const serviceCallInputSchema = z.object({
  domain: z.enum(allowedServiceDomains),
  service: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z_]+$/, 'must be a service name such as turn_on'),
  entityId: entityIdSchema,
  data: z.record(z.string().max(64), z.unknown()).optional(),
});
export type ServiceCallInput = z.infer<typeof serviceCallInputSchema>;

export const serviceCallResultSchema = z.object({
  status: z.enum(['applied', 'queued']),
  /** ISO time a queued call expires if the connection has not come back. */
  queuedUntil: z.string().optional(),
});
export type ServiceCallResult = z.infer<typeof serviceCallResultSchema>;

export const historyHoursSchema = z.coerce.number().int().min(1).max(168);

export const entityHistorySchema = z.object({
  entityId: z.string(),
  points: z.array(z.object({ state: z.string(), at: z.string() })),
});
export type EntityHistory = z.infer<typeof entityHistorySchema>;

export const smartHomeEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), entity: smartHomeEntitySchema }),
  z.object({ type: z.literal('status'), status: smartHomeStatusSchema }),
]);
export type SmartHomeEvent = z.infer<typeof smartHomeEventSchema>;
