/**
 * A fake of Home Assistant written from its WebSocket API documentation
 * (developers.home-assistant.io/docs/api/websocket) and what home-assistant-js-websocket sends:
 * `auth_required` → `auth` → `auth_ok`/`auth_invalid`, id-numbered commands answered by `result`
 * messages, `subscribe_events`/`subscribe_entities` (the compressed `{a, c, r}` format) with `event`
 * messages, `call_service` that changes the fake's states and fires `state_changed`, the area,
 * device and entity registries, `ping` → `pong`; and the REST `GET /api/` and
 * `GET /api/history/period/<start>`. Tests seed it, drop every socket abruptly, take it down, and
 * read the service calls it applied, in order.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export type FakeHaState = {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_updated: string;
  context: { id: string; parent_id: null; user_id: string | null };
};
export type FakeHaArea = { area_id: string; name: string };
export type FakeHaDevice = {
  id: string;
  name: string;
  area_id: string | null;
  manufacturer: string | null;
  model: string | null;
};
export type FakeHaEntityEntry = {
  entity_id: string;
  device_id: string | null;
  area_id: string | null;
  name: string | null;
};
export type FakeHaSeed = {
  areas?: FakeHaArea[];
  devices?: FakeHaDevice[];
  entities?: {
    entity_id: string;
    state: string;
    attributes?: Record<string, unknown>;
    device_id?: string;
    area_id?: string;
  }[];
};
export type AppliedCall = {
  domain: string;
  service: string;
  entityId: string | null;
  data: Record<string, unknown>;
};

export type FakeHomeAssistant = {
  url: string;
  token: string;
  haVersion: string;
  /** Service calls in the order they were applied. */
  calls: AppliedCall[];
  states: Map<string, FakeHaState>;
  /** Open, authenticated sockets. */
  connections(): number;
  seed(seed: FakeHaSeed): void;
  /** Changes a state as a device would (a wall switch pressed), firing state_changed. */
  setState(entityId: string, state: string, attributes?: Record<string, unknown>): void;
  /** Ends every socket without a close frame, as a crash or a network cut does. */
  dropAll(): void;
  /** While down, new TCP connections are refused (destroyed at once). */
  setDown(down: boolean): void;
  /** Makes the current token invalid (auth_invalid), as when it is revoked in the HA profile. */
  rejectToken(reject: boolean): void;
  close(): Promise<void>;
};

type Subscription = { kind: 'events'; eventType: string | null } | { kind: 'entities'; ids: string[] | null };
type Client = { socket: WebSocket; authed: boolean; subs: Map<number, Subscription> };

const seconds = (iso: string) => new Date(iso).getTime() / 1000;
const context = () => ({ id: randomUUID().replace(/-/g, '').slice(0, 26), parent_id: null, user_id: null });

export async function startFakeHomeAssistant(
  options: { token?: string; haVersion?: string; seed?: FakeHaSeed } = {},
): Promise<FakeHomeAssistant> {
  const token = options.token ?? 'fake-long-lived-token';
  const haVersion = options.haVersion ?? '2025.6.1';
  const states = new Map<string, FakeHaState>();
  const areas: FakeHaArea[] = [];
  const devices: FakeHaDevice[] = [];
  const registry = new Map<string, FakeHaEntityEntry>();
  const history: { entityId: string; state: string; attributes: Record<string, unknown>; at: string }[] = [];
  const calls: AppliedCall[] = [];
  const clients = new Set<Client>();
  const sockets = new Set<Socket>();
  let down = false;
  let tokenRejected = false;

  const send = (client: Client, message: unknown) => {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
  };

  function compressed(state: FakeHaState) {
    return {
      s: state.state,
      a: state.attributes,
      c: state.context.id,
      lc: seconds(state.last_changed),
      lu: seconds(state.last_updated),
    };
  }

  function writeState(entityId: string, value: string, attributes: Record<string, unknown>) {
    const now = new Date().toISOString();
    const old = states.get(entityId) ?? null;
    const changed = !old || old.state !== value;
    const next: FakeHaState = {
      entity_id: entityId,
      state: value,
      attributes,
      last_changed: changed ? now : old.last_changed,
      last_updated: now,
      context: context(),
    };
    states.set(entityId, next);
    history.push({ entityId, state: value, attributes, at: now });
    for (const client of clients) {
      for (const [id, sub] of client.subs) {
        if (sub.kind === 'events' && (sub.eventType === null || sub.eventType === 'state_changed')) {
          send(client, {
            id,
            type: 'event',
            event: {
              event_type: 'state_changed',
              data: { entity_id: entityId, old_state: old, new_state: next },
              origin: 'LOCAL',
              time_fired: now,
              context: next.context,
            },
          });
        }
        if (sub.kind === 'entities' && (sub.ids === null || sub.ids.includes(entityId))) {
          const event = old
            ? {
                c: {
                  [entityId]: {
                    '+': {
                      s: next.state,
                      a: next.attributes,
                      c: next.context.id,
                      lu: seconds(now),
                      ...(changed ? { lc: seconds(now) } : {}),
                    },
                  },
                },
              }
            : { a: { [entityId]: compressed(next) } };
          send(client, { id, type: 'event', event });
        }
      }
    }
  }

  function applyService(domain: string, service: string, entityId: string, data: Record<string, unknown>) {
    const current = states.get(entityId);
    if (!current) return false;
    const attributes = { ...current.attributes };
    let value = current.state;
    const onOff = (on: boolean) => {
      value = on ? 'on' : 'off';
    };
    switch (`${domain}.${service}`) {
      case 'light.turn_on':
        onOff(true);
        if (typeof data.brightness === 'number') attributes.brightness = data.brightness;
        else if (typeof data.brightness_pct === 'number')
          attributes.brightness = Math.round((data.brightness_pct / 100) * 255);
        else attributes.brightness ??= 255;
        break;
      case 'light.turn_off':
        onOff(false);
        attributes.brightness = null;
        break;
      case 'light.toggle':
        onOff(current.state !== 'on');
        attributes.brightness = value === 'on' ? (current.attributes.brightness ?? 255) : null;
        break;
      case 'switch.turn_on':
      case 'fan.turn_on':
      case 'input_boolean.turn_on':
      case 'automation.turn_on':
        onOff(true);
        break;
      case 'switch.turn_off':
      case 'fan.turn_off':
      case 'input_boolean.turn_off':
      case 'automation.turn_off':
        onOff(false);
        break;
      case 'switch.toggle':
      case 'fan.toggle':
      case 'input_boolean.toggle':
      case 'automation.toggle':
        onOff(current.state !== 'on');
        break;
      case 'climate.set_temperature':
        if (typeof data.temperature === 'number') attributes.temperature = data.temperature;
        if (typeof data.hvac_mode === 'string') value = data.hvac_mode;
        break;
      case 'climate.set_hvac_mode':
        if (typeof data.hvac_mode === 'string') value = data.hvac_mode;
        break;
      case 'cover.open_cover':
        value = 'open';
        attributes.current_position = 100;
        break;
      case 'cover.close_cover':
        value = 'closed';
        attributes.current_position = 0;
        break;
      case 'lock.lock':
        value = 'locked';
        break;
      case 'lock.unlock':
        value = 'unlocked';
        break;
      case 'scene.turn_on':
      case 'script.turn_on':
        // A scene's state is the time it was last activated.
        value = new Date().toISOString();
        break;
      default:
        return false;
    }
    writeState(entityId, value, attributes);
    return true;
  }

  function handleCommand(client: Client, message: Record<string, unknown>) {
    const id = message.id as number;
    const ok = (result: unknown) => send(client, { id, type: 'result', success: true, result });
    const fail = (code: string, text: string) =>
      send(client, { id, type: 'result', success: false, error: { code, message: text } });
    switch (message.type) {
      case 'supported_features':
        return ok(null);
      case 'ping':
        return send(client, { id, type: 'pong' });
      case 'get_states':
        return ok([...states.values()]);
      case 'get_config':
        return ok({
          version: haVersion,
          location_name: 'Home',
          time_zone: 'UTC',
          unit_system: { temperature: '°C' },
          state: 'RUNNING',
          components: [],
        });
      case 'get_services':
        return ok({
          light: { turn_on: {}, turn_off: {}, toggle: {} },
          switch: { turn_on: {}, turn_off: {}, toggle: {} },
        });
      case 'config/area_registry/list':
        return ok(
          areas.map((area) => ({
            ...area,
            aliases: [],
            floor_id: null,
            icon: null,
            labels: [],
            picture: null,
          })),
        );
      case 'config/device_registry/list':
        return ok(
          devices.map((device) => ({
            ...device,
            name_by_user: null,
            disabled_by: null,
            entry_type: null,
            labels: [],
          })),
        );
      case 'config/entity_registry/list':
        return ok(
          [...registry.values()].map((entry) => ({
            ...entry,
            id: entry.entity_id,
            original_name: null,
            platform: entry.entity_id.split('.')[0],
            disabled_by: null,
            hidden_by: null,
            icon: null,
            labels: [],
          })),
        );
      case 'subscribe_events':
        client.subs.set(id, {
          kind: 'events',
          eventType: (message.event_type as string | undefined) ?? null,
        });
        return ok(null);
      case 'subscribe_entities': {
        const ids = (message.entity_ids as string[] | undefined) ?? null;
        client.subs.set(id, { kind: 'entities', ids });
        ok(null);
        const added: Record<string, unknown> = {};
        for (const state of states.values())
          if (!ids || ids.includes(state.entity_id)) added[state.entity_id] = compressed(state);
        return send(client, { id, type: 'event', event: { a: added } });
      }
      case 'unsubscribe_events': {
        const subscription = message.subscription as number;
        if (!client.subs.delete(subscription)) return fail('not_found', 'Subscription not found.');
        return ok(null);
      }
      case 'call_service': {
        const domain = String(message.domain);
        const service = String(message.service);
        const target = (message.target ?? {}) as { entity_id?: string | string[] };
        const data = { ...((message.service_data ?? {}) as Record<string, unknown>) };
        const targets = target.entity_id ?? data.entity_id;
        delete data.entity_id;
        const entityIds = targets === undefined ? [] : Array.isArray(targets) ? targets : [targets as string];
        for (const entityId of entityIds) {
          if (!applyService(domain, service, entityId, data)) {
            return fail('not_found', `Action ${domain}.${service} not found for ${entityId}.`);
          }
          calls.push({ domain, service, entityId, data });
        }
        return ok({ context: context(), response: null });
      }
      default:
        return fail('unknown_command', 'Unknown command.');
    }
  }

  function json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  function handleHttp(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    if ((req.headers.authorization ?? '') !== `Bearer ${token}` || tokenRejected) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      return res.end('401: Unauthorized');
    }
    if (url.pathname === '/api/' && req.method === 'GET') return json(res, 200, { message: 'API running.' });
    const period = /^\/api\/history\/period(?:\/(.+))?$/.exec(url.pathname);
    if (period && req.method === 'GET') {
      const start = period[1] ? new Date(decodeURIComponent(period[1])) : new Date(Date.now() - 86_400_000);
      const endParam = url.searchParams.get('end_time');
      const end = endParam ? new Date(endParam) : new Date();
      if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()))
        return json(res, 400, { message: 'Invalid datetime' });
      const ids = (url.searchParams.get('filter_entity_id') ?? '').split(',').filter(Boolean);
      if (!ids.length) return json(res, 400, { message: 'filter_entity_id is missing' });
      const out = ids.map((entityId) =>
        history
          .filter(
            (point) =>
              point.entityId === entityId && new Date(point.at) >= start && new Date(point.at) <= end,
          )
          .map((point) => ({
            entity_id: entityId,
            state: point.state,
            attributes: point.attributes,
            last_changed: point.at,
            last_updated: point.at,
          })),
      );
      return json(
        res,
        200,
        out.filter((list) => list.length > 0),
      );
    }
    return json(res, 404, { message: 'Not found' });
  }

  const server = createServer(handleHttp);
  const wss = new WebSocketServer({ noServer: true });
  server.on('connection', (socket) => {
    if (down) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://fake').pathname !== '/api/websocket') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client: Client = { socket: ws, authed: false, subs: new Map() };
      ws.send(JSON.stringify({ type: 'auth_required', ha_version: haVersion }));
      ws.on('message', (raw) => {
        let message: Record<string, unknown>;
        try {
          message = JSON.parse(String(raw)) as Record<string, unknown>;
        } catch {
          return ws.close(1003);
        }
        if (!client.authed) {
          if (message.type === 'auth' && message.access_token === token && !tokenRejected) {
            client.authed = true;
            clients.add(client);
            return ws.send(JSON.stringify({ type: 'auth_ok', ha_version: haVersion }));
          }
          ws.send(JSON.stringify({ type: 'auth_invalid', message: 'Invalid access token or password' }));
          return ws.close();
        }
        handleCommand(client, message);
      });
      ws.on('close', () => clients.delete(client));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeHomeAssistant = {
    url: `http://127.0.0.1:${port}`,
    token,
    haVersion,
    calls,
    states,
    connections: () => clients.size,
    seed(seed) {
      for (const area of seed.areas ?? []) areas.push(area);
      for (const device of seed.devices ?? []) devices.push(device);
      for (const entity of seed.entities ?? []) {
        registry.set(entity.entity_id, {
          entity_id: entity.entity_id,
          device_id: entity.device_id ?? null,
          area_id: entity.area_id ?? null,
          name: null,
        });
        writeState(entity.entity_id, entity.state, entity.attributes ?? {});
      }
    },
    setState(entityId, state, attributes) {
      writeState(entityId, state, attributes ?? states.get(entityId)?.attributes ?? {});
    },
    dropAll() {
      for (const client of clients) client.socket.terminate();
      clients.clear();
      for (const socket of sockets) socket.destroy();
    },
    setDown(value) {
      down = value;
    },
    rejectToken(value) {
      tokenRejected = value;
    },
    async close() {
      fake.dropAll();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  if (options.seed) fake.seed(options.seed);
  return fake;
}

/** A small house: two rooms, a lamp, a plug, a thermostat, a blind and a scene. */
export const sampleHouse: FakeHaSeed = {
  areas: [
    { area_id: 'living_room', name: 'Living Room' },
    { area_id: 'bedroom', name: 'Bedroom' },
  ],
  devices: [
    { id: 'dev-lamp', name: 'Floor lamp', area_id: 'living_room', manufacturer: 'Signify', model: 'Hue Go' },
    { id: 'dev-plug', name: 'Desk plug', area_id: 'bedroom', manufacturer: 'Shelly', model: 'Plug S' },
    { id: 'dev-thermo', name: 'Thermostat', area_id: 'living_room', manufacturer: 'ecobee', model: 'Smart' },
  ],
  entities: [
    {
      entity_id: 'light.floor_lamp',
      state: 'off',
      attributes: { friendly_name: 'Floor lamp', brightness: null },
      device_id: 'dev-lamp',
    },
    {
      entity_id: 'switch.desk_plug',
      state: 'on',
      attributes: { friendly_name: 'Desk plug' },
      device_id: 'dev-plug',
    },
    {
      entity_id: 'climate.thermostat',
      state: 'heat',
      attributes: { friendly_name: 'Thermostat', temperature: 20, current_temperature: 19.5 },
      device_id: 'dev-thermo',
    },
    {
      entity_id: 'cover.bedroom_blind',
      state: 'closed',
      attributes: { friendly_name: 'Bedroom blind', current_position: 0 },
      area_id: 'bedroom',
    },
    { entity_id: 'scene.movie_night', state: 'unknown', attributes: { friendly_name: 'Movie night' } },
  ],
};
