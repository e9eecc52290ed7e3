/** Answers of the smart home API for the card and page tests. */
import type { SmartHomeEntity, SmartHomeStatus } from '@homelab/db/smarthome';

export const connected: SmartHomeStatus = {
  state: 'connected',
  url: 'http://ha.local:8123',
  haVersion: '2025.1.0',
  lastPingAt: new Date().toISOString(),
  lastPingOk: true,
  lastError: null,
  reconnectAttempts: 0,
  queued: 0,
  nextRetryAt: null,
};

export const entity = (
  entityId: string,
  state: string,
  extra: Partial<SmartHomeEntity> = {},
): SmartHomeEntity => ({
  entityId,
  name: entityId,
  domain: entityId.split('.')[0]!,
  areaId: null,
  deviceId: null,
  state,
  attributes: {},
  lastChanged: '2025-01-01T00:00:00Z',
  ...extra,
});
