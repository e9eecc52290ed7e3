/**
 * How runner routes read their input: every path parameter and JSON body goes through a zod
 * schema, and anything that does not fit becomes one 400 `invalid_request` that says what to fix.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { HttpError } from './errors';

/** The value parsed by `schema`, or a 400 naming the first field that is wrong and why. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length ? `${what}.${issue.path.join('.')}` : what;
    return `${where} ${issue.message}`;
  });
  throw new HttpError(400, 'invalid_request', `Check the request: ${problems.join('; ')}.`);
}

/** The JSON body, validated; an empty body counts as `{}` so a missing `confirm` is named as such. */
export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim()) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'invalid_request', 'The request body is not valid JSON.');
    }
  }
  return parseInput(schema, value, 'body');
}
