/** Every call the automations page makes, to `/api/automations` through the typed client. */
import type { AutomationsApi } from '@homelab/functions';
import { apiClient, unwrap } from '../../api/client';
import type {
  Delivery,
  DeliveryPage,
  DeliveryStatus,
  Hook,
  HookCreated,
  HookInput,
  Inbound,
  Summary,
} from './types';

const automations = () => apiClient<AutomationsApi>('automations');

export const listHooks = async (): Promise<Hook[]> =>
  ((await unwrap(automations().hooks.$get())) as { hooks: Hook[] }).hooks;

export const createHook = async (input: HookInput): Promise<HookCreated> =>
  (await unwrap(automations().hooks.$post({ json: input }))) as HookCreated;

export const updateHook = async (id: string, input: HookInput): Promise<Hook> =>
  (await unwrap(automations().hooks[':id'].$put({ param: { id }, json: input }))) as Hook;

export const deleteHook = async (id: string) => {
  await unwrap(automations().hooks[':id'].$delete({ param: { id } }));
};

export const testHook = async (id: string): Promise<Delivery> =>
  (await unwrap(automations().hooks[':id'].test.$post({ param: { id } }))) as Delivery;

export const listDeliveries = async (filter: {
  hookId?: string;
  status?: DeliveryStatus;
  before?: number;
}): Promise<DeliveryPage> => {
  const query: Record<string, string> = { limit: '50' };
  if (filter.hookId) query.hookId = filter.hookId;
  if (filter.status) query.status = filter.status;
  if (filter.before) query.before = String(filter.before);
  return (await unwrap(automations().deliveries.$get({ query: query as never }))) as DeliveryPage;
};

export const replayDelivery = async (id: number): Promise<Delivery> =>
  (await unwrap(
    automations().deliveries[':id'].replay.$post({ param: { id: String(id) } as never }),
  )) as Delivery;

export const eventTypes = async (): Promise<string[]> =>
  ((await unwrap(automations().events.types.$get())) as { subscribable: string[] }).subscribable;

export const inboundInfo = async (): Promise<Inbound> =>
  (await unwrap(automations().inbound.$get())) as Inbound;

export const readSummary = async (): Promise<Summary> =>
  (await unwrap(automations().summary.$get())) as Summary;
