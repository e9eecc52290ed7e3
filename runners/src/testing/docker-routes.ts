/**
 * For tests of the docker runner's routes: the runner's own live inventory on the test engine, and
 * a caller that answers errors the way the internal server would, so a test reads status and body
 * either way.
 */
import type { Hono } from 'hono';
import type { Engine } from '../docker/engine';
import { createInventory, type LiveInventory } from '../docker/inventory';
import { toErrorResponse } from '../internal/errors';
import { createLogger } from '../log';

/** The inventory after its first full sync; close it in afterAll. */
export async function liveInventory(engine: Engine): Promise<LiveInventory> {
  const inventory = createInventory({ engine, log: createLogger({ level: 'error' }) });
  await inventory.ready(10_000);
  return inventory;
}

export type Answer = {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: any route's JSON; tests parse what they rely on with the shared schemas.
  body: any;
  headers: Headers;
};

/** Calls `app` like the internal server: a thrown error becomes its status and `{error}` body. */
export function caller(app: Hono) {
  return async (path: string, init: RequestInit & { json?: unknown } = {}): Promise<Answer> => {
    const { json, ...rest } = init;
    const request: RequestInit =
      json === undefined
        ? rest
        : { ...rest, body: JSON.stringify(json), headers: { 'content-type': 'application/json' } };
    try {
      const res = await app.request(path, request);
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
    } catch (error) {
      const { status, body } = toErrorResponse(error);
      return { status, body, headers: new Headers() };
    }
  };
}
