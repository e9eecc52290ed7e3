/** The studio's calls for overlays (`/api/stream/overlays`): the OBS URL, templates and test alerts. */
import type { OverlaysApi } from '@homelab/functions';
import { streamClient, unwrap } from '../../api/client';
import type { KindTemplate, OverlayEvent, OverlayKind, OverlayTemplate } from './alerts';

const overlays = streamClient<OverlaysApi>().overlays;

export type OverlayState = { url: string | null; rotatedAt: string | null; templates: KindTemplate[] };

export const getOverlays = async (): Promise<OverlayState> => (await unwrap(overlays.$get())) as OverlayState;

export const rotateOverlayKey = async (): Promise<{ url: string; rotatedAt: string }> =>
  unwrap(overlays.rotate.$post());

export const saveOverlayTemplate = async (
  kind: OverlayKind,
  template: OverlayTemplate,
  enabled: boolean,
): Promise<KindTemplate> =>
  (await unwrap(
    overlays.templates[':kind'].$put({ param: { kind }, json: { template, enabled } }),
  )) as KindTemplate;

export const sendTestAlert = async (kind: OverlayKind): Promise<OverlayEvent> =>
  (await unwrap(overlays.test.$post({ json: { kind } }))).event as OverlayEvent;
