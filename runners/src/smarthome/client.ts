/**
 * The one connection to Home Assistant: its WebSocket API through home-assistant-js-websocket (over
 * the `ws` package, Node 20 has no WebSocket), a live cache of every entity's state, the area,
 * device and entity registries, a REST health check every few minutes, reconnects with the runners'
 * exponential backoff, and a queue of service calls made while it was away, replayed in order once.
 */
import type {
  EntityHistory,
  ServiceCallInput,
  ServiceCallResult,
  SmartHomeEntity,
  SmartHomeEvent,
  SmartHomeOverview,
  SmartHomeStatus,
  TestConnectionResult,
} from '@homelab/db/smarthome';
import {
  type Connection,
  callService,
  createConnection,
  ERR_CANNOT_CONNECT,
  ERR_INVALID_AUTH,
  type HassEntities,
  type HassEntity,
  type HaWebSocket,
  subscribeEntities,
} from 'home-assistant-js-websocket';
import WebSocket from 'ws';
import { backoffDelay } from '../backoff';
import { HttpError } from '../internal/errors';
import type { Logger } from '../log';
import { type CommandQueue, createCommandQueue, type QueuedCall } from './queue';

export type SmartHomeClientOptions = {
  url: string | undefined;
  token: string | undefined;
  log: Logger;
  /** REST health check interval; five minutes by default. */
  healthIntervalMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  queueMax?: number;
  queueTtlMs?: number;
  /** Bounds each socket open and auth phase, and each REST call. */
  timeoutMs?: number;
};

type Registry = {
  areas: { area_id: string; name: string }[];
  devices: {
    id: string;
    name: string | null;
    name_by_user: string | null;
    area_id: string | null;
    manufacturer: string | null;
    model: string | null;
  }[];
  entities: { entity_id: string; area_id: string | null; device_id: string | null; name: string | null }[];
};

export type SmartHomeClient = {
  configured: boolean;
  start(): void;
  stop(): void;
  status(): SmartHomeStatus;
  overview(): Promise<SmartHomeOverview>;
  /** From the live cache (the last known state while offline); null when there is no such entity. */
  entity(entityId: string): SmartHomeEntity | null;
  history(entityId: string, hours: number): Promise<EntityHistory>;
  callService(input: ServiceCallInput): Promise<ServiceCallResult>;
  testConnection(): Promise<TestConnectionResult>;
  subscribe(listener: (event: SmartHomeEvent) => void, onClose?: () => void): () => void;
};

const invalidAuthMessage =
  'Home Assistant refused the access token (auth_invalid); create a new long-lived access token in your Home Assistant profile and set HOME_ASSISTANT_TOKEN.';

/** Opens and authenticates one socket, the way the library's own createSocket does with the browser's. */
function openSocket(wsUrl: string, token: string, timeoutMs: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, { handshakeTimeout: timeoutMs });
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      reject(error);
    };
    const timer = setTimeout(() => fail(ERR_CANNOT_CONNECT), timeoutMs);
    socket.on('error', () => fail(ERR_CANNOT_CONNECT));
    socket.on('close', () => fail(ERR_CANNOT_CONNECT));
    socket.on('message', (raw) => {
      let message: { type?: string; ha_version?: string };
      try {
        message = JSON.parse(String(raw));
      } catch {
        return fail(ERR_CANNOT_CONNECT);
      }
      if (message.type === 'auth_required') {
        socket.send(JSON.stringify({ type: 'auth', access_token: token }));
      } else if (message.type === 'auth_invalid') {
        fail(ERR_INVALID_AUTH);
      } else if (message.type === 'auth_ok') {
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners();
        // A socket error after this is followed by close, which the library handles.
        socket.on('error', () => {});
        (socket as WebSocket & { haVersion?: string }).haVersion = message.ha_version;
        socket.send(
          JSON.stringify({ type: 'supported_features', id: 1, features: { coalesce_messages: 1 } }),
        );
        resolve(socket);
      }
    });
  });
}

function errorText(error: unknown): string {
  if (error === ERR_INVALID_AUTH) return invalidAuthMessage;
  if (error === ERR_CANNOT_CONNECT) return 'Home Assistant could not be reached.';
  if (typeof error === 'number') return `Home Assistant connection failed (code ${error}).`;
  if (error && typeof error === 'object' && 'error' in error) {
    const inner = (error as { error?: { message?: string } }).error;
    if (inner?.message) return inner.message;
  }
  if (error && typeof error === 'object' && 'message' in error)
    return String((error as { message: unknown }).message);
  return String(error);
}

/** Library errors are numbers (ERR_*) or `{type:'result', success:false, error:{code, message}}`. */
function haErrorCode(error: unknown): string | number | null {
  if (typeof error === 'number') return error;
  const inner = (error as { error?: { code?: string | number } } | null)?.error;
  return inner?.code ?? null;
}

export function createSmartHomeClient(options: SmartHomeClientOptions): SmartHomeClient {
  const { log } = options;
  const baseUrl = options.url?.replace(/\/+$/, '');
  const token = options.token;
  const configured = Boolean(baseUrl && token);
  const healthIntervalMs = options.healthIntervalMs ?? 5 * 60_000;
  const backoff = options.backoff ?? { baseMs: 1_000, maxMs: 60_000 };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const queue: CommandQueue = createCommandQueue({ max: options.queueMax, ttlMs: options.queueTtlMs });
  const listeners = new Set<{ send: (event: SmartHomeEvent) => void; close?: () => void }>();

  let state: SmartHomeStatus['state'] = configured ? 'connecting' : 'not_configured';
  let haVersion: string | null = null;
  let lastPingAt: string | null = null;
  let lastPingOk: boolean | null = null;
  let lastError: string | null = null;
  let reconnectAttempts = 0;
  let nextRetryAt: string | null = null;
  let conn: Connection | null = null;
  let entities: HassEntities = {};
  let registry: Registry = { areas: [], devices: [], entities: [] };
  let retryTimer: NodeJS.Timeout | undefined;
  let healthTimer: NodeJS.Timeout | undefined;
  let connecting: Promise<void> | null = null;
  let flushing: Promise<void> | null = null;
  let stopped = false;

  function status(): SmartHomeStatus {
    return {
      state,
      url: baseUrl ?? null,
      haVersion,
      lastPingAt,
      lastPingOk,
      lastError,
      reconnectAttempts,
      queued: queue.size(),
      nextRetryAt,
    };
  }

  function emit(event: SmartHomeEvent) {
    for (const listener of listeners) listener.send(event);
  }
  const emitStatus = () => emit({ type: 'status', status: status() });

  function toEntity(entity: HassEntity): SmartHomeEntity {
    const entry = registry.entities.find((e) => e.entity_id === entity.entity_id);
    const device = entry?.device_id ? registry.devices.find((d) => d.id === entry.device_id) : undefined;
    const friendly = entity.attributes.friendly_name;
    return {
      entityId: entity.entity_id,
      name: typeof friendly === 'string' && friendly ? friendly : (entry?.name ?? entity.entity_id),
      domain: entity.entity_id.split('.')[0] ?? '',
      areaId: entry?.area_id ?? device?.area_id ?? null,
      deviceId: entry?.device_id ?? null,
      state: entity.state,
      attributes: entity.attributes,
      lastChanged: entity.last_changed,
    };
  }

  async function loadRegistry(connection: Connection) {
    const [areas, devices, entries] = await Promise.all([
      connection.sendMessagePromise<Registry['areas']>({ type: 'config/area_registry/list' }),
      connection.sendMessagePromise<Registry['devices']>({ type: 'config/device_registry/list' }),
      connection.sendMessagePromise<Registry['entities']>({ type: 'config/entity_registry/list' }),
    ]);
    registry = { areas, devices, entities: entries };
  }

  function scheduleReconnect() {
    if (stopped || retryTimer) return;
    reconnectAttempts += 1;
    const delay = backoffDelay(reconnectAttempts, backoff);
    nextRetryAt = new Date(Date.now() + delay).toISOString();
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
    retryTimer.unref?.();
    emitStatus();
  }

  function onDisconnected(connection: Connection) {
    if (connection !== conn) return;
    // The library would reconnect on its own fixed schedule; this client owns the retry policy.
    connection.close();
    conn = null;
    if (stopped) return;
    state = 'offline';
    lastError = 'The connection to Home Assistant was lost; reconnecting.';
    log.warn('Home Assistant connection lost; reconnecting with backoff');
    scheduleReconnect();
  }

  function connect(): Promise<void> {
    if (!configured || stopped) return Promise.resolve();
    if (connecting) return connecting;
    if (retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = undefined;
    }
    connecting = (async () => {
      if (state !== 'offline') state = 'connecting';
      emitStatus();
      let connection: Connection | null = null;
      try {
        const wsUrl = `${(baseUrl as string).replace(/^http/, 'ws')}/api/websocket`;
        connection = await createConnection({
          // ws speaks the browser WebSocket API the library expects (addEventListener, readyState).
          createSocket: async () =>
            (await openSocket(wsUrl, token as string, timeoutMs)) as unknown as HaWebSocket,
        });
        await loadRegistry(connection);
        const live = connection;
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(ERR_CANNOT_CONNECT), timeoutMs);
          let first = true;
          subscribeEntities(live, (next) => {
            if (first) {
              first = false;
              entities = next;
              clearTimeout(timer);
              resolve();
              return;
            }
            const previous = entities;
            entities = next;
            // The library keeps unchanged entities' objects, so a new object is a change.
            for (const id in next) {
              const entity = next[id];
              if (entity && previous[id] !== entity) emit({ type: 'state', entity: toEntity(entity) });
            }
          });
        });
        if (stopped) {
          connection.close();
          return;
        }
        conn = connection;
        haVersion = connection.haVersion ?? null;
        connection.addEventListener('disconnected', onDisconnected);
        state = 'connected';
        lastError = null;
        reconnectAttempts = 0;
        nextRetryAt = null;
        log.info('connected to Home Assistant', { haVersion });
        emitStatus();
        void flush();
      } catch (error) {
        connection?.close();
        state = 'offline';
        lastError = errorText(error);
        log.warn('Home Assistant connection failed', { error: lastError });
        scheduleReconnect();
      }
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  function logDropped(call: QueuedCall, why: string) {
    log.warn(`queued Home Assistant call dropped: ${why}`, {
      domain: call.input.domain,
      service: call.input.service,
      entityId: call.input.entityId,
      queuedAt: new Date(call.queuedAt).toISOString(),
    });
  }

  async function send(connection: Connection, input: ServiceCallInput) {
    await callService(connection, input.domain, input.service, input.data, { entity_id: input.entityId });
  }

  /** Replays the queue in order, each call once; stops (keeping the rest) if the connection drops. */
  function flush(): Promise<void> {
    if (flushing) return flushing;
    flushing = (async () => {
      while (conn && state === 'connected') {
        const { call, expired } = queue.next();
        for (const dropped of expired) logDropped(dropped, 'it expired before Home Assistant came back');
        if (!call) break;
        try {
          await send(conn, call.input);
          log.info('queued Home Assistant call applied', {
            domain: call.input.domain,
            service: call.input.service,
            entityId: call.input.entityId,
          });
        } catch (error) {
          // Sent once, never again: a call lost with the connection may have been applied already.
          logDropped(call, errorText(error));
        }
        emitStatus();
      }
    })().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  async function ping(): Promise<{ ok: boolean; latencyMs: number | null; error: string | null }> {
    const started = performance.now();
    try {
      const res = await fetch(`${baseUrl}/api/`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body?.cancel();
      const latencyMs = Math.round(performance.now() - started);
      if (res.status === 401 || res.status === 403)
        return { ok: false, latencyMs, error: invalidAuthMessage };
      if (!res.ok) return { ok: false, latencyMs, error: `Home Assistant answered ${res.status}.` };
      return { ok: true, latencyMs, error: null };
    } catch (error) {
      return {
        ok: false,
        latencyMs: null,
        error: `Home Assistant could not be reached at ${baseUrl}: ${errorText(error)}`,
      };
    } finally {
      lastPingAt = new Date().toISOString();
    }
  }

  async function healthCheck() {
    const result = await ping();
    lastPingOk = result.ok;
    if (!result.ok) {
      lastError = result.error;
      log.warn('Home Assistant health check failed', { error: result.error });
      // A socket can stay open on a half-dead connection; a failed ping over it forces a reconnect.
      if (conn) {
        const connection = conn;
        await Promise.race([
          connection.ping(),
          new Promise((_, reject) => setTimeout(reject, timeoutMs).unref?.()),
        ]).catch(() => connection.reconnect(true));
      }
    }
    emitStatus();
  }

  function requireConfigured() {
    if (!configured)
      throw new HttpError(
        503,
        'not_configured',
        'Home Assistant is not connected: set HOME_ASSISTANT_URL and HOME_ASSISTANT_TOKEN (a long-lived access token from your Home Assistant profile) for the runners.',
      );
  }

  function requireConnected(): Connection {
    requireConfigured();
    if (!conn || state !== 'connected')
      throw new HttpError(
        503,
        'not_connected',
        `Home Assistant is not connected right now (${lastError ?? state}); it is being retried.`,
      );
    return conn;
  }

  return {
    configured,
    start() {
      if (!configured) {
        log.info('Home Assistant is not configured (HOME_ASSISTANT_URL, HOME_ASSISTANT_TOKEN)');
        return;
      }
      void connect();
      healthTimer = setInterval(() => void healthCheck(), healthIntervalMs);
      healthTimer.unref?.();
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(healthTimer);
      conn?.close();
      conn = null;
      for (const listener of listeners) listener.close?.();
      listeners.clear();
    },
    status,
    async overview() {
      requireConfigured();
      if (conn && state === 'connected') await loadRegistry(conn).catch(() => undefined);
      else if (!Object.keys(entities).length) requireConnected();
      const all = Object.values(entities)
        .map(toEntity)
        .sort((a, b) => a.entityId.localeCompare(b.entityId));
      return {
        areas: registry.areas.map((area) => ({ id: area.area_id, name: area.name })),
        devices: registry.devices.map((device) => ({
          id: device.id,
          name: device.name_by_user ?? device.name ?? device.id,
          areaId: device.area_id,
          manufacturer: device.manufacturer,
          model: device.model,
        })),
        entities: all,
        scenes: all.filter((entity) => entity.domain === 'scene'),
      };
    },
    entity(entityId) {
      requireConfigured();
      if (!Object.keys(entities).length) requireConnected();
      const entity = entities[entityId];
      return entity ? toEntity(entity) : null;
    },
    async history(entityId, hours) {
      requireConfigured();
      const end = new Date();
      const start = new Date(end.getTime() - hours * 3_600_000);
      const params = new URLSearchParams({
        filter_entity_id: entityId,
        end_time: end.toISOString(),
        minimal_response: '',
        no_attributes: '',
      });
      let res: Response;
      try {
        res = await fetch(`${baseUrl}/api/history/period/${start.toISOString()}?${params}`, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(timeoutMs * 3),
        });
      } catch (error) {
        throw new HttpError(503, 'not_connected', `Home Assistant could not be reached: ${errorText(error)}`);
      }
      if (res.status === 401) throw new HttpError(503, 'not_connected', invalidAuthMessage);
      if (!res.ok) throw new HttpError(502, 'home_assistant_error', `Home Assistant answered ${res.status}.`);
      const body = (await res.json()) as { entity_id?: string; state: string; last_changed: string }[][];
      const series = body.find((list) => list[0]?.entity_id === entityId) ?? body[0] ?? [];
      return { entityId, points: series.map((point) => ({ state: point.state, at: point.last_changed })) };
    },
    async callService(input) {
      requireConfigured();
      if (conn && state === 'connected' && queue.size() === 0 && !flushing) {
        if (!entities[input.entityId])
          throw new HttpError(404, 'not_found', `Home Assistant has no entity ${input.entityId}.`);
        try {
          await send(conn, input);
          return { status: 'applied' };
        } catch (error) {
          const code = haErrorCode(error);
          if (code === 3)
            throw new HttpError(
              503,
              'not_connected',
              'The connection to Home Assistant dropped during the call; it may or may not have been applied.',
            );
          if (code === 'not_found' || code === 'service_not_found')
            throw new HttpError(404, 'not_found', `Home Assistant: ${errorText(error)}`);
          throw new HttpError(
            502,
            'home_assistant_error',
            `Home Assistant refused the call: ${errorText(error)}`,
          );
        }
      }
      const { queued, displaced } = queue.push(input);
      if (displaced)
        logDropped(displaced, 'the queue was full and this, the oldest call, gave way to a new one');
      emitStatus();
      if (conn && state === 'connected') void flush();
      return { status: 'queued', queuedUntil: new Date(queued.expiresAt).toISOString() };
    },
    async testConnection() {
      requireConfigured();
      const result = await ping();
      lastPingOk = result.ok;
      if (!result.ok) lastError = result.error;
      if (result.ok && state !== 'connected') {
        reconnectAttempts = 0;
        await connect();
      }
      emitStatus();
      return {
        status: status(),
        ok: result.ok && state === 'connected',
        latencyMs: result.latencyMs,
        error: result.error ?? (state === 'connected' ? null : lastError),
      };
    },
    subscribe(send, onClose) {
      const listener = { send, close: onClose };
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
