/** Every call the Smart home page makes to `/api/smarthome`, in one place, plus the live stream's URL. */

import type {
  EntityHistory,
  ServiceCallInput,
  ServiceCallResult,
  SmartHomeOverview,
  SmartHomeStatus,
  TestConnectionResult,
} from '@homelab/db/smarthome';
import type { SmartHomeApi } from '@homelab/functions';
import { apiClient, unwrap } from '../../api/client';

const smarthome = apiClient<SmartHomeApi>('smarthome');

export const getConnectionStatus = (): Promise<SmartHomeStatus> =>
  unwrap(smarthome['connection-status'].$get());

export const testConnection = (): Promise<TestConnectionResult> =>
  unwrap(smarthome['test-connection'].$post());

export const getOverview = (): Promise<SmartHomeOverview> => unwrap(smarthome.overview.$get());

/** Answers `queued` while Home Assistant is offline: the call is replayed once it is back. */
export const callService = (call: ServiceCallInput): Promise<ServiceCallResult> =>
  unwrap(smarthome.services.$post({ json: call }));

export const getHistory = (entityId: string, hours: number): Promise<EntityHistory> =>
  unwrap(
    smarthome.entities[':entityId'].history.$get({ param: { entityId }, query: { hours: String(hours) } }),
  );

export const smartHomeUrls = { events: '/api/smarthome/events' };
