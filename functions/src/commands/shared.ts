/**
 * What the bot configuration routes share: the tenant guard and error sets, the field rules, the
 * template check that answers a parse error with its position, and the notification that makes the
 * runners reload a tenant's config.
 */
import { chatPlatforms } from '@homelab/db/schema';
import { parseTemplate, type TemplateError } from '@homelab/db/stream/template';
import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../lib/context';
import { jsonResponse } from '../lib/router';
import { inTenant, streamScope, streamTenant } from '../stream/guard';

export const tags = ['stream bot'];

/** The guard of every route on a tenant's own bot configuration. */
export const tenant = streamTenant();

/** The errors of a list, and of a route that takes an id (400: not an id), of a tenant's own rows. */
export const listErrors = [401, 403, 404] as const;
export const idErrors = [400, 401, 403, 404] as const;
/** The errors of a change that a name taken already can refuse (409); its 400 is templateErrors'. */
export const editErrors = [401, 403, 404, 409] as const;

export type Tx = Parameters<Parameters<typeof inTenant>[1]>[0];

export const platformsSchema = z
  .array(z.enum(chatPlatforms))
  .min(1, 'Pick at least one platform')
  .max(chatPlatforms.length)
  .refine((list) => new Set(list).size === list.length, 'Each platform once');

export const templateText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Write the ${what}`)
    .max(500, `The ${what} holds at most 500 characters (one chat message)`);

export const idParam = z.object({ id: z.uuid({ error: 'must be an id' }) });

const templateErrorSchema = z.object({
  message: z.string(),
  start: z.number().int().describe('Offset of the first character of the problem'),
  end: z.number().int().describe('Offset just past the problem'),
});

/** A 400 that carries the template's parse error, so the editor can mark the position. */
export const templateErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.array(z.string())).optional(),
      template: templateErrorSchema.optional(),
    }),
  })
  .openapi('TemplateErrorResponse');

export const previewResultSchema = z
  .discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), text: z.string() }),
    z.object({ ok: z.literal(false), error: templateErrorSchema }),
  ])
  .openapi('TemplatePreview');

/** The 400 body for a template that does not parse; `template` says where, for the editor's marker. */
export const templateRejection = (field: string, detail: TemplateError) => ({
  error: {
    code: 'template_error',
    message: `The ${field} does not parse: ${detail.message}`,
    fields: { [field]: [detail.message] },
    template: detail,
  },
});

/** The parse error of `source`, or null when it parses. */
export function templateProblem(source: string): TemplateError | null {
  const parsed = parseTemplate(source);
  return parsed.ok ? null : parsed.error;
}

/** The 400 body for `source` when it is given and does not parse; null when there is nothing to reject. */
export function rejectTemplate(field: string, source: string | undefined) {
  const problem = source === undefined ? null : templateProblem(source);
  return problem && templateRejection(field, problem);
}

/** The 400 of a change whose `field` template does not parse, for the OpenAPI document. */
export const templateErrors = (field: string) => ({
  400: jsonResponse(templateErrorBody, `The input is invalid, or the ${field} does not parse`),
});

/** Tells every runner holding the tenant's channels to reload its bot config; delivered at commit. */
export async function notifyConfig(
  tx: { execute(query: ReturnType<typeof sql>): Promise<unknown> },
  tenantId: string,
) {
  await tx.execute(sql`select pg_notify('bot', ${JSON.stringify({ tenantId, kind: 'config' })})`);
}

/** Runs a change as the tenant; when it touched a row, the runners reload the tenant's config. */
export function changeRows<T>(c: AppContext, change: (tx: Tx, tenantId: string) => Promise<T[]>) {
  const { tenantId } = streamScope(c);
  return inTenant(c, async (tx) => {
    const rows = await change(tx, tenantId);
    if (rows.length > 0) await notifyConfig(tx, tenantId);
    return rows;
  });
}

export const iso = (date: Date | null) => date?.toISOString() ?? null;
