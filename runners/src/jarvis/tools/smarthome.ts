/**
 * Home Assistant tools, through the smarthome runner that holds the connection: rooms, devices and
 * entities with their states, one entity's history, and a service call on one entity whose effect
 * is read back afterwards. Names and states are set in Home Assistant, so results are untrusted.
 */
import {
  allowedServiceDomains,
  type EntityHistory,
  entityIdSchema,
  type ServiceCallResult,
  type SmartHomeEntity,
  type SmartHomeOverview,
  serviceCallInputSchema,
} from '@homelab/db/smarthome';
import { z } from 'zod';
import { clip, defineTool } from './define';
import { callRunner } from './runners';
import type { ToolContext } from './types';

const entityArg = entityIdSchema.describe(
  'The entity id, e.g. light.kitchen (list_home_entities shows them)',
);

/** Attributes worth showing the model; the rest (icons, supported features) is noise. */
const keptAttributes = [
  'brightness',
  'temperature',
  'current_temperature',
  'hvac_mode',
  'current_position',
  'unit_of_measurement',
  'media_title',
  'volume_level',
  'percentage',
];

function brief(entity: SmartHomeEntity, areaNames: Map<string, string>) {
  const attributes: Record<string, unknown> = {};
  for (const key of keptAttributes)
    if (entity.attributes[key] != null) attributes[key] = entity.attributes[key];
  return {
    entityId: entity.entityId,
    name: clip(entity.name, 100),
    area: entity.areaId ? (areaNames.get(entity.areaId) ?? entity.areaId) : null,
    state: clip(entity.state, 100),
    attributes,
    lastChanged: entity.lastChanged,
  };
}

const overview = (ctx: ToolContext) => callRunner<SmartHomeOverview>(ctx, 'smarthome', { path: '/overview' });
const entityOf = (ctx: ToolContext, entityId: string) =>
  callRunner<SmartHomeEntity>(ctx, 'smarthome', { path: `/entities/${encodeURIComponent(entityId)}` });

export const listHomeEntities = defineTool('list_home_entities', {
  args: z.object({
    area: z.string().max(100).optional().describe('Only this room or area (its name or id)'),
    domain: z
      .string()
      .max(40)
      .optional()
      .describe('Only this kind: light, switch, climate, cover, sensor, scene, ...'),
    search: z.string().max(100).optional().describe('Words that must appear in the name or entity id'),
  }),
  target: () => null,
  async run(args, ctx) {
    const home = await overview(ctx);
    const areaNames = new Map(home.areas.map((area) => [area.id, area.name]));
    const area = args.area?.toLowerCase();
    const areaIds = area
      ? new Set(home.areas.filter((a) => a.id === area || a.name.toLowerCase() === area).map((a) => a.id))
      : null;
    const words = (args.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const matches = home.entities.filter(
      (entity) =>
        (!areaIds || (entity.areaId !== null && areaIds.has(entity.areaId))) &&
        (!args.domain || entity.domain === args.domain.toLowerCase()) &&
        words.every((word) => `${entity.name} ${entity.entityId}`.toLowerCase().includes(word)),
    );
    return {
      ok: true,
      summary: `${matches.length} of ${home.entities.length} Home Assistant entities`,
      untrusted: true,
      data: {
        areas: home.areas.map((a) => ({ id: a.id, name: clip(a.name, 100) })),
        total: matches.length,
        entities: matches.slice(0, 100).map((entity) => brief(entity, areaNames)),
      },
    };
  },
});

export const homeEntityHistory = defineTool('home_entity_history', {
  args: z.object({
    entity: entityArg,
    hours: z.number().int().min(1).max(168).default(24).describe('How many hours back (1 to 168)'),
  }),
  target: (args) => args.entity,
  async run(args, ctx) {
    const history = await callRunner<EntityHistory>(ctx, 'smarthome', {
      path: `/entities/${encodeURIComponent(args.entity)}/history?hours=${args.hours}`,
    });
    const points = history.points.slice(-200).map((p) => ({ state: clip(p.state, 100), at: p.at }));
    return {
      ok: true,
      summary: `${args.entity}: ${history.points.length} state changes in ${args.hours} h`,
      untrusted: true,
      data: { entityId: args.entity, hours: args.hours, changes: history.points.length, points },
    };
  },
});

const callArgs = z.object({
  entity: entityArg,
  service: z
    .string()
    .regex(/^[a-z_]+$/)
    .describe(
      'The service of the entity’s domain: turn_on, turn_off, toggle, set_temperature, open_cover, ...',
    ),
  data: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Service data, e.g. {"brightness_pct": 50} or {"temperature": 21}'),
});
type CallArgs = z.infer<typeof callArgs>;

function inputOf(args: CallArgs) {
  const domain = args.entity.split('.')[0] ?? '';
  // A door is not Jarvis's to open: locks change only by a person's hand on the Smart home page.
  if (domain === 'lock')
    throw new Error('Locks are changed by a person on the Smart home page, not by Jarvis.');
  const parsed = serviceCallInputSchema.safeParse({
    domain,
    service: args.service,
    entityId: args.entity,
    data: args.data,
  });
  if (!parsed.success)
    throw new Error(
      `Services of ${domain} entities cannot be called from HomeLabHub; allowed: ${allowedServiceDomains.join(', ')}.`,
    );
  return parsed.data;
}

/** What the entity should look like once the call took effect; null when any state will do. */
function expected(args: CallArgs): ((entity: SmartHomeEntity) => boolean) | null {
  switch (args.service) {
    case 'turn_on':
      return args.entity.startsWith('scene.') || args.entity.startsWith('script.')
        ? null
        : (e) => e.state === 'on';
    case 'turn_off':
      return (e) => e.state === 'off';
    case 'open_cover':
      return (e) => e.state === 'open' || e.state === 'opening';
    case 'close_cover':
      return (e) => e.state === 'closed' || e.state === 'closing';
    case 'lock':
      return (e) => e.state === 'locked' || e.state === 'locking';
    case 'unlock':
      return (e) => e.state === 'unlocked' || e.state === 'unlocking';
    case 'set_temperature':
      return typeof args.data?.temperature === 'number'
        ? (e) => e.attributes.temperature === args.data?.temperature
        : null;
    default:
      return null;
  }
}

const opposite: Record<string, string> = {
  turn_on: 'turn_off',
  turn_off: 'turn_on',
  open_cover: 'close_cover',
  close_cover: 'open_cover',
  lock: 'unlock',
  unlock: 'lock',
};

export const callHomeService = defineTool('call_home_service', {
  args: callArgs,
  target: (args) => args.entity,
  async run(args, ctx) {
    const input = inputOf(args);
    const result = await callRunner<ServiceCallResult>(ctx, 'smarthome', {
      method: 'POST',
      path: '/services',
      body: input,
    });
    return {
      ok: true,
      summary:
        result.status === 'applied'
          ? `${input.domain}.${input.service} on ${input.entityId}`
          : `${input.domain}.${input.service} on ${input.entityId} queued until Home Assistant is back (until ${result.queuedUntil})`,
      data: { ...result, entityId: input.entityId, service: `${input.domain}.${input.service}` },
    };
  },
  async verify(args, ctx) {
    const check = expected(args);
    // Devices report their new state a moment after the call returns.
    const deadline = Date.now() + 5_000;
    let entity: SmartHomeEntity;
    for (;;) {
      entity = await entityOf(ctx, args.entity);
      if (!check || check(entity) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const now = `${args.entity} is ${clip(entity.state, 60)}`;
    if (!check) return { ok: true, detail: `${now}.` };
    return check(entity)
      ? { ok: true, detail: `${now}, as asked.` }
      : { ok: false, detail: `${now}; ${args.service} has not taken effect.` };
  },
  async rollback(args, ctx) {
    const undo = opposite[args.service];
    if (!undo) return;
    await callRunner(ctx, 'smarthome', {
      method: 'POST',
      path: '/services',
      body: inputOf({ entity: args.entity, service: undo }),
    });
  },
});

export const smartHomeTools = [listHomeEntities, homeEntityHistory, callHomeService];
