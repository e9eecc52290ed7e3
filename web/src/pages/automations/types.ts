/** The automations API's shapes, as the page reads them. */
export type {
  AutomationDelivery as Delivery,
  AutomationHook as Hook,
  AutomationSummary as Summary,
} from '@homelab/db/automations';

import type { AutomationHook } from '@homelab/db/automations';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export type HookInput = { name: string; url: string; events: string[]; enabled: boolean; secret?: string };

export type HookCreated = { hook: AutomationHook; secret: string };

export type DeliveryPage = {
  deliveries: import('@homelab/db/automations').AutomationDelivery[];
  nextBefore: number | null;
};

export type Inbound = {
  url: string;
  configured: boolean;
  signatureHeader: string;
  timestampHeader: string;
  toleranceSeconds: number;
};
