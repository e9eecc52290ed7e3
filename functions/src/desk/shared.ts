/** What the desk's guild-scoped routes share: path parameters and the mapping of database refusals. */
import { z } from '@hono/zod-openapi';
import { badRequest, fieldErrors } from '../lib/errors';

export const guildParam = z.object({ guildId: z.string().regex(/^\d{5,20}$/, 'must be a Discord guild id') });
export const guildItemParam = guildParam.extend({ id: z.uuid({ error: 'must be an id from this guild' }) });

/** PostgreSQL's unique_violation, through drizzle's wrapping; with a name, only that index's. */
export function isUniqueViolation(error: unknown, index?: string): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause === e ? undefined : e.cause) {
    const pg = e as { code?: string; constraint_name?: string };
    if (pg.code === '23505') return index === undefined || pg.constraint_name === index;
  }
  return false;
}

/** Validates a whole input after a partial change is merged in: the same 400 as the router's. */
export function parseMerged<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const where = first?.path.length ? ` (${first.path.join('.')})` : '';
  throw badRequest(
    `Check the request${where}: ${first?.message ?? 'invalid input'}.`,
    fieldErrors(result.error.issues),
  );
}

/** A PATCH body: any of the input's fields; the merged result is checked against the full schema. */
export const patchBody = (id: string) =>
  z
    .record(z.string(), z.unknown())
    .meta({ id, description: 'Any fields of the input; the rest stay as they are.' });

export const iso = (d: Date | null) => (d ? d.toISOString() : null);
