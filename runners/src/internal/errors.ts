/**
 * The one error shape of the internal API, `{error: {code, message}}`, for the server and for every
 * runner's routes; unknown errors become a generic 500 so no stack trace ever leaves the process.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ErrorBody = { error: { code: string; message: string } };

export class HttpError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(status, { message });
  }
}

const codes: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  503: 'unavailable',
};

export function toErrorResponse(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof HttpError) {
    return {
      status: error.status as ContentfulStatusCode,
      body: { error: { code: error.code, message: error.message } },
    };
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const message = /malformed json/i.test(error.message)
      ? 'The request body is not valid JSON.'
      : error.message || 'The request could not be processed.';
    return { status, body: { error: { code: codes[status] ?? 'error', message } } };
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'internal',
        message: 'The runner failed to handle this call; its logs have the details.',
      },
    },
  };
}

/**
 * The Hono app a runner mounts its routes on. Its errors are rethrown to the internal server, which
 * answers and logs them once, with the request id.
 */
export function createRunnerRoutes() {
  const app = new Hono();
  app.onError((error) => {
    throw error;
  });
  app.notFound((c) => {
    throw new HttpError(
      404,
      'not_found',
      `No route ${c.req.method} ${new URL(c.req.url).pathname} in this runner.`,
    );
  });
  return app;
}
