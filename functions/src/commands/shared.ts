/**
 * What the bot configuration routes share: the field rules, the template check that answers a parse
 * error with its position, and the notification that makes the runners reload a tenant's config.
 */
import { chatPlatforms } from '@homelab/db/schema';
import { parseTemplate, type TemplateError } from '@homelab/db/stream/template';
import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';

export const tags = ['stream bot'];

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

/** Tells every runner holding the tenant's channels to reload its bot config; delivered at commit. */
export async function notifyConfig(
  tx: { execute(query: ReturnType<typeof sql>): Promise<unknown> },
  tenantId: string,
) {
  await tx.execute(sql`select pg_notify('bot', ${JSON.stringify({ tenantId, kind: 'config' })})`);
}

export const iso = (date: Date | null) => date?.toISOString() ?? null;
