/** A router per area, all sharing one validation hook so every bad input gets the same 400. */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from './context';
import { badRequest, fieldErrors } from './errors';

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const fields = fieldErrors(result.error.issues);
        const first = result.error.issues[0];
        const where = first?.path.length ? ` (${first.path.join('.')})` : '';
        throw badRequest(`Check the request${where}: ${first?.message ?? 'invalid input'}.`, fields);
      }
    },
  });
}

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.array(z.string())).optional(),
    }),
  })
  .openapi('Error');

const errorDescriptions = {
  400: 'The request is invalid; `fields` says what to fix',
  401: 'Not signed in, or the session or API key is not valid',
  403: 'Signed in, but not allowed (scope, role or cross-site request)',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'The body is too large',
  415: 'The body must be application/json',
  429: 'Too many requests; Retry-After says when to try again',
  503: 'A dependency (database or a runner) is down',
} as const;

/** The error responses a route can give, for the OpenAPI document. */
export function errors(...codes: (keyof typeof errorDescriptions)[]) {
  return Object.fromEntries(
    codes.map((code) => [
      code,
      { description: errorDescriptions[code], content: { 'application/json': { schema: errorSchema } } },
    ]),
  ) as Record<
    keyof typeof errorDescriptions,
    { description: string; content: { 'application/json': { schema: typeof errorSchema } } }
  >;
}

/** The error responses of a runner-backed read, and of a change, as most routes list them. */
export const readErrors = [401, 403, 503] as const;
export const writeErrors = [400, 401, 403, 404, 409, 429, 503] as const;

/** A Server-Sent Events response, for the OpenAPI document. */
export const sseResponse = (description: string) => ({
  description,
  content: { 'text/event-stream': { schema: z.string() } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
