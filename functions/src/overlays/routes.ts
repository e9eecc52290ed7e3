/** `/api/stream/overlays`: the overlay URL (rotatable), alert templates and test alerts. */
import { overlayKeys, overlayTemplates } from '@homelab/db/schema';
import {
  defaultOverlayTemplates,
  type OverlayKind,
  overlayEventSchema,
  overlayKinds,
  overlayTemplateSchema,
  readOverlayTemplate,
  sampleOverlayEvent,
} from '@homelab/db/stream/overlays';
import { createRoute, z } from '@hono/zod-openapi';
import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../lib/context';
import { createRouter, errors, jsonBody, jsonResponse } from '../lib/router';
import { inTenant, streamScope, streamTenant } from '../stream/guard';
import {
  newOverlayKey,
  overlayEncryptionKey,
  overlayKeyHash,
  sealOverlayKey,
  unsealOverlayKey,
} from './keys';

const tenant = streamTenant();
const tags = ['stream overlays'];

const templateOut = overlayTemplateSchema.openapi('OverlayTemplate');
const kindTemplate = z
  .object({ kind: z.enum(overlayKinds), enabled: z.boolean(), template: templateOut })
  .openapi('OverlayKindTemplate');
const overlayState = z
  .object({
    /** The page's address; null until the first rotate makes a key. */
    url: z.string().nullable(),
    rotatedAt: z.string().nullable(),
    templates: z.array(kindTemplate),
  })
  .openapi('Overlays');
const kindParam = z.object({ kind: z.enum(overlayKinds) });

const getOverlays = createRoute({
  method: 'get',
  path: '/overlays',
  tags,
  summary: 'The overlay URL for OBS (it holds the secret key) and the template of every alert kind',
  middleware: [tenant] as const,
  responses: { 200: jsonResponse(overlayState, 'Overlays'), ...errors(401, 403, 404, 503) },
});
const rotateKey = createRoute({
  method: 'post',
  path: '/overlays/rotate',
  tags,
  summary: 'A new secret overlay URL; the old one stops working at once',
  middleware: [tenant] as const,
  responses: {
    200: jsonResponse(z.object({ url: z.string(), rotatedAt: z.string() }), 'The new URL'),
    ...errors(401, 403, 404, 429, 503),
  },
});
const putTemplate = createRoute({
  method: 'put',
  path: '/overlays/templates/{kind}',
  tags,
  summary: "Replace one alert kind's template",
  middleware: [tenant] as const,
  request: {
    params: kindParam,
    body: jsonBody(z.object({ template: overlayTemplateSchema, enabled: z.boolean().optional() }).strict()),
  },
  responses: { 200: jsonResponse(kindTemplate, 'Saved'), ...errors(400, 401, 403, 404, 429) },
});
const testAlert = createRoute({
  method: 'post',
  path: '/overlays/test',
  tags,
  summary: 'Send a sample alert of a kind to your open overlay pages',
  middleware: [tenant] as const,
  request: { body: jsonBody(z.object({ kind: z.enum(overlayKinds) }).strict()) },
  responses: {
    202: jsonResponse(z.object({ event: overlayEventSchema.openapi('OverlayEvent') }), 'Sent'),
    ...errors(400, 401, 403, 404, 429),
  },
});

function pageUrl(c: AppContext, key: string) {
  const origin = c.get('config').PUBLIC_ORIGIN ?? new URL(c.req.url).origin;
  return `${origin}/overlay/${key}`;
}

type Tx = Parameters<Parameters<typeof inTenant>[1]>[0];

async function templatesOf(tx: Tx) {
  const rows = await tx.select().from(overlayTemplates);
  const stored = new Map(rows.map((row) => [row.kind, row]));
  return overlayKinds.map((kind: OverlayKind) => {
    const row = stored.get(kind);
    return {
      kind,
      enabled: row?.enabled ?? true,
      template: row ? readOverlayTemplate(kind, row.template) : defaultOverlayTemplates[kind],
    };
  });
}

export const overlayRoutes = createRouter()
  .openapi(getOverlays, async (c) => {
    const { tenantId } = streamScope(c);
    const { key, templates } = await inTenant(c, async (tx) => ({
      key: (await tx.select().from(overlayKeys).where(eq(overlayKeys.tenantId, tenantId)))[0],
      templates: await templatesOf(tx),
    }));
    const url = key
      ? pageUrl(c, await unsealOverlayKey(key.keySealed, overlayEncryptionKey(c), tenantId))
      : null;
    return c.json({ url, rotatedAt: key?.rotatedAt.toISOString() ?? null, templates }, 200);
  })
  .openapi(rotateKey, async (c) => {
    const { tenantId } = streamScope(c);
    const key = newOverlayKey();
    const values = {
      tenantId,
      keyHash: await overlayKeyHash(key),
      keySealed: await sealOverlayKey(key, overlayEncryptionKey(c), tenantId),
      rotatedAt: new Date(),
    };
    await inTenant(c, (tx) =>
      tx
        .insert(overlayKeys)
        .values(values)
        .onConflictDoUpdate({
          target: overlayKeys.tenantId,
          set: { keyHash: values.keyHash, keySealed: values.keySealed, rotatedAt: values.rotatedAt },
        }),
    );
    return c.json({ url: pageUrl(c, key), rotatedAt: values.rotatedAt.toISOString() }, 200);
  })
  .openapi(putTemplate, async (c) => {
    const { kind } = c.req.valid('param');
    const body = c.req.valid('json');
    const { tenantId } = streamScope(c);
    const [row] = await inTenant(c, (tx) =>
      tx
        .insert(overlayTemplates)
        .values({ tenantId, kind, template: body.template, enabled: body.enabled ?? true })
        .onConflictDoUpdate({
          target: [overlayTemplates.tenantId, overlayTemplates.kind],
          set: {
            template: body.template,
            ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
            updatedAt: new Date(),
          },
        })
        .returning(),
    );
    return c.json({ kind, enabled: row!.enabled, template: readOverlayTemplate(kind, row!.template) }, 200);
  })
  .openapi(testAlert, async (c) => {
    const { kind } = c.req.valid('json');
    const { tenantId } = streamScope(c);
    const event = sampleOverlayEvent(kind, `test-${crypto.randomUUID()}`, new Date().toISOString());
    await inTenant(c, (tx) =>
      tx.execute(sql`select pg_notify('overlay', ${JSON.stringify({ tenantId, event })})`),
    );
    return c.json({ event }, 202);
  });
