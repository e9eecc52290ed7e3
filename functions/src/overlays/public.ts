/**
 * `/api/overlay/{key}`: what an OBS browser source reads without a session, found by its secret
 * key. It answers only the tenant's alert templates and its overlay events: nothing else of the
 * tenant (no name, no channels). Unknown keys are 404 and every key is rate limited, so guessing
 * is slow as well as hopeless (256-bit keys).
 */

import { withTenant } from '@homelab/db/client/tenant';
import { overlayTemplates } from '@homelab/db/schema';
import {
  defaultOverlayTemplates,
  type OverlayKind,
  overlayKinds,
  overlayTemplateSchema,
  readOverlayTemplate,
} from '@homelab/db/stream/overlays';
import { createRoute, z } from '@hono/zod-openapi';
import { type AppContext, db } from '../lib/context';
import { notFound } from '../lib/errors';
import { createRouter, errors, jsonResponse, sseResponse } from '../lib/router';
import { relayStream } from '../lib/runners';
import { limitPerKey } from '../status/limit';
import { overlayKeyHash, overlayKeyPattern } from './keys';

const tags = ['public'];
const keyParam = z.object({ key: z.string().regex(overlayKeyPattern, 'must be an overlay key') });
// An OBS scene reloads a source or two per switch; 120 a minute is far above that and far below guessing.
const keyLimit = { name: 'overlay', limit: 120, windowSeconds: 60 };
const publicTemplates = z
  .object({
    templates: z.array(
      z.object({ kind: z.enum(overlayKinds), enabled: z.boolean(), template: overlayTemplateSchema }),
    ),
  })
  .openapi('OverlayPageTemplates');

const pageTemplates = createRoute({
  method: 'get',
  path: '/{key}',
  tags,
  summary: 'An overlay page’s alert templates (no sign-in; the key is the credential)',
  security: [],
  request: { params: keyParam },
  responses: { 200: jsonResponse(publicTemplates, 'Templates'), ...errors(400, 404, 429) },
});
const pageEvents = createRoute({
  method: 'get',
  path: '/{key}/events',
  tags,
  summary: 'An overlay page’s events as they happen (Server-Sent Events; no sign-in)',
  security: [],
  request: { params: keyParam },
  responses: { 200: sseResponse('OverlayEvent JSON, one per event'), ...errors(400, 404, 429, 503) },
});

/** The tenant behind a key (rate limited per key), or 404. */
async function tenantOfKey(c: AppContext, key: string): Promise<string> {
  await limitPerKey(c, key, keyLimit);
  const hash = await overlayKeyHash(key);
  const rows = await db(c).sql<{ tenant: string | null }[]>`select homelab_overlay_tenant(${hash}) as tenant`;
  const tenantId = rows[0]?.tenant;
  if (!tenantId) throw notFound('No overlay has this address; copy it again from the studio.');
  return tenantId;
}

export const publicOverlayRoutes = createRouter()
  .openapi(pageTemplates, async (c) => {
    const tenantId = await tenantOfKey(c, c.req.valid('param').key);
    const rows = await withTenant(db(c).db, { tenantIds: [tenantId] }, (tx) =>
      tx
        .select({
          kind: overlayTemplates.kind,
          enabled: overlayTemplates.enabled,
          template: overlayTemplates.template,
        })
        .from(overlayTemplates),
    );
    const stored = new Map(rows.map((row) => [row.kind, row]));
    const templates = overlayKinds.map((kind: OverlayKind) => {
      const row = stored.get(kind);
      return {
        kind,
        enabled: row?.enabled ?? true,
        template: row ? readOverlayTemplate(kind, row.template) : defaultOverlayTemplates[kind],
      };
    });
    c.header('cache-control', 'no-store');
    return c.json({ templates }, 200);
  })
  .openapi(pageEvents, async (c) => {
    const tenantId = await tenantOfKey(c, c.req.valid('param').key);
    return relayStream(c, 'chat', { path: `/tenants/${tenantId}/overlay` }) as never;
  });
