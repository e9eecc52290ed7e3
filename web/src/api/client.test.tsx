import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, setUnauthorizedHandler, unwrap } from './client';

afterEach(() => setUnauthorizedHandler(() => {}));

const error = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('unwrap', () => {
  it('returns the JSON body of a success and nothing for 204', async () => {
    expect(await unwrap(Promise.resolve(Response.json({ ok: 1 })))).toEqual({ ok: 1 });
    expect(await unwrap(Promise.resolve(new Response(null, { status: 204 })))).toBeUndefined();
  });

  it('turns the error shape into an ApiError with flattened field messages and Retry-After', async () => {
    const failing = unwrap(
      Promise.resolve(
        error(
          400,
          {
            error: {
              code: 'invalid_request',
              message: 'Check the form.',
              fields: { password: ['Too short.', 'Too plain.'] },
            },
          },
          { 'Retry-After': '12' },
        ),
      ),
    );
    await expect(failing).rejects.toMatchObject({
      status: 400,
      code: 'invalid_request',
      message: 'Check the form.',
      fields: { password: 'Too short. Too plain.' },
      retryAfter: 12,
    });
  });

  it('sends a 401 to the sign-in handler unless the caller expects it', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    const body = { error: { code: 'unauthorized', message: 'Sign in first.' } };
    await expect(
      unwrap(Promise.resolve(error(401, body)), { expectUnauthorized: true }),
    ).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(unwrap(Promise.resolve(error(401, body)))).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('reports a network failure as status 0', async () => {
    await expect(unwrap(Promise.reject(new TypeError('fetch failed')))).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
    });
  });
});
