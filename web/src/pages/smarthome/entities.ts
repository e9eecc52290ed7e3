/**
 * What the Smart home page decides without the network: which room an entity sits in, which
 * control it gets, the service call a control makes and the state it shows before Home Assistant
 * confirms it.
 */
import type {
  ServiceCallInput,
  SmartHomeArea,
  SmartHomeDevice,
  SmartHomeEntity,
  SmartHomeOverview,
} from '@homelab/db/smarthome';

export type ControlKind = 'light' | 'toggle' | 'climate' | 'cover' | 'media' | 'script' | 'lock' | 'readonly';

const toggleDomains = new Set(['switch', 'fan', 'input_boolean', 'automation']);

export function controlOf(entity: SmartHomeEntity): ControlKind {
  if (entity.domain === 'light') return 'light';
  if (toggleDomains.has(entity.domain)) return 'toggle';
  if (entity.domain === 'climate') return 'climate';
  if (entity.domain === 'cover') return 'cover';
  if (entity.domain === 'media_player') return 'media';
  if (entity.domain === 'script') return 'script';
  if (entity.domain === 'lock') return 'lock';
  return 'readonly';
}

/** Home Assistant's answer for an entity it cannot reach. */
export const isUnavailable = (entity: SmartHomeEntity) =>
  entity.state === 'unavailable' || entity.state === 'unknown';

export const isOn = (entity: SmartHomeEntity) => entity.state === 'on';

const numberAttr = (entity: SmartHomeEntity, key: string): number | null => {
  const value = entity.attributes[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

/** Brightness as a percentage, or null for a light that only switches. */
export function brightnessPercent(entity: SmartHomeEntity): number | null {
  const raw = numberAttr(entity, 'brightness');
  if (raw !== null) return Math.round((raw / 255) * 100);
  const modes = entity.attributes.supported_color_modes;
  const dims = Array.isArray(modes) && modes.some((mode) => mode !== 'onoff');
  return dims ? 0 : null;
}

export const climateOf = (entity: SmartHomeEntity) => ({
  target: numberAttr(entity, 'temperature'),
  current: numberAttr(entity, 'current_temperature'),
  min: numberAttr(entity, 'min_temp') ?? 7,
  max: numberAttr(entity, 'max_temp') ?? 35,
  step: numberAttr(entity, 'target_temp_step') ?? 0.5,
  unit: typeof entity.attributes.temperature_unit === 'string' ? entity.attributes.temperature_unit : '°C',
});

/** 0–100, or null when the player does not say. */
export const volumePercent = (entity: SmartHomeEntity) => {
  const level = numberAttr(entity, 'volume_level');
  return level === null ? null : Math.round(level * 100);
};

export const unitOf = (entity: SmartHomeEntity) =>
  typeof entity.attributes.unit_of_measurement === 'string' ? entity.attributes.unit_of_measurement : '';

/** The state as a person reads it: "21.5 °C", "Open", "Unavailable". */
export function readableState(entity: SmartHomeEntity): string {
  if (entity.state === 'unavailable') return 'Unavailable';
  if (entity.state === 'unknown') return 'Unknown';
  const unit = unitOf(entity);
  if (unit) return `${entity.state} ${unit}`;
  return (entity.state.charAt(0).toUpperCase() + entity.state.slice(1)).replaceAll('_', ' ');
}

/** The call a toggle makes to turn the entity on or off. */
export const toggleCall = (entity: SmartHomeEntity, on: boolean): ServiceCallInput => ({
  domain: entity.domain as ServiceCallInput['domain'],
  service: on ? 'turn_on' : 'turn_off',
  entityId: entity.entityId,
});

/**
 * The entity as it should look once the call is applied, shown at once and replaced by the live
 * state Home Assistant sends; null when the outcome cannot be guessed (a script, a scene).
 */
export function expectedAfter(entity: SmartHomeEntity, call: ServiceCallInput): SmartHomeEntity | null {
  const data = call.data ?? {};
  const next = (state: string, attributes: Record<string, unknown> = {}) => ({
    ...entity,
    state,
    attributes: { ...entity.attributes, ...attributes },
  });
  switch (call.service) {
    case 'turn_on':
      return typeof data.brightness_pct === 'number'
        ? next('on', { brightness: Math.round((data.brightness_pct / 100) * 255) })
        : next('on');
    case 'turn_off':
      return next('off');
    case 'set_temperature':
      return next(entity.state, { temperature: data.temperature });
    case 'volume_set':
      return next(entity.state, { volume_level: data.volume_level });
    case 'media_play_pause':
      return next(entity.state === 'playing' ? 'paused' : 'playing');
    case 'open_cover':
      return next('opening');
    case 'close_cover':
      return next('closing');
    case 'lock':
      return next('locking');
    case 'unlock':
      return next('unlocking');
    default:
      return null;
  }
}

export interface Room {
  id: string;
  name: string;
  entities: SmartHomeEntity[];
}

export const otherRoomId = '__other__';

/** Scenes have their own row, so rooms list everything else; entities without a known area go under "Other". */
export function roomsOf(
  overview: Pick<SmartHomeOverview, 'areas'>,
  entities: readonly SmartHomeEntity[],
): Room[] {
  const known = new Map<string, Room>(
    [...overview.areas]
      .sort((a: SmartHomeArea, b: SmartHomeArea) => a.name.localeCompare(b.name))
      .map((area) => [area.id, { id: area.id, name: area.name, entities: [] }]),
  );
  const other: Room = { id: otherRoomId, name: 'Other', entities: [] };
  for (const entity of entities) {
    if (entity.domain === 'scene') continue;
    const room = (entity.areaId && known.get(entity.areaId)) || other;
    room.entities.push(entity);
  }
  const rooms = [...known.values(), other].filter((room) => room.entities.length > 0);
  for (const room of rooms) room.entities.sort((a, b) => a.name.localeCompare(b.name));
  return rooms;
}

export interface EntityFilter {
  text: string;
  domain: string;
}

export function matchesFilter(entity: SmartHomeEntity, filter: EntityFilter, device?: SmartHomeDevice) {
  if (filter.domain && entity.domain !== filter.domain) return false;
  const text = filter.text.trim().toLowerCase();
  if (!text) return true;
  return [entity.name, entity.entityId, device?.name ?? ''].some((value) =>
    value.toLowerCase().includes(text),
  );
}

const domainNames: Record<string, string> = {
  light: 'Lights',
  switch: 'Switches',
  fan: 'Fans',
  input_boolean: 'Helpers',
  climate: 'Climate',
  cover: 'Covers',
  media_player: 'Media players',
  script: 'Scripts',
  automation: 'Automations',
  lock: 'Locks',
  sensor: 'Sensors',
  binary_sensor: 'Binary sensors',
};

export const domainName = (domain: string) => domainNames[domain] ?? domain.replaceAll('_', ' ');

/** Lights that are on, for the page header and the home card. */
export const lightsOn = (entities: readonly SmartHomeEntity[]) =>
  entities.filter((e) => e.domain === 'light' && e.state === 'on').length;

/** Numbers when every point is one (a temperature), otherwise null and the history is a state timeline. */
export function numericSeries(points: readonly { state: string }[]): number[] | null {
  const values: number[] = [];
  for (const point of points) {
    if (point.state === 'unavailable' || point.state === 'unknown') continue;
    const value = Number(point.state);
    if (point.state.trim() === '' || !Number.isFinite(value)) return null;
    values.push(value);
  }
  return values.length > 0 ? values : null;
}

export interface StateSpan {
  state: string;
  from: string;
  to: string;
  /** Share of the whole window, 0–1. */
  share: number;
}

/** Consecutive history points as spans that end where the next one starts (the last one now). */
export function stateSpans(points: readonly { state: string; at: string }[], now = Date.now()): StateSpan[] {
  if (points.length === 0) return [];
  const start = Date.parse(points[0]!.at);
  const total = Math.max(1, now - start);
  const spans: StateSpan[] = [];
  points.forEach((point, index) => {
    const to = points[index + 1]?.at ?? new Date(now).toISOString();
    const previous = spans.at(-1);
    const share = Math.max(0, Date.parse(to) - Date.parse(point.at)) / total;
    if (previous && previous.state === point.state) {
      previous.to = to;
      previous.share += share;
    } else {
      spans.push({ state: point.state, from: point.at, to, share });
    }
  });
  return spans;
}
