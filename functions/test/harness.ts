/**
 * Calls the Hono app in-process (no server), as STYLE.md asks for handler logic, against a real
 * migrated PostgreSQL. Keeps the session cookie like a browser would.
 */
import { freshDatabase } from '@homelab/infra/test/fresh-database';
import { app } from '../src/app';
import type { Bindings } from '../src/lib/env';

export const origin = 'http://127.0.0.1:8787';

export type Call = {
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  cookie?: string | null;
  ip?: string;
};

export async function createHarness(overrides: Partial<Bindings> = {}) {
  const { appUrl, ownerUrl } = await freshDatabase();
  const env: Bindings = {
    DATABASE_URL: appUrl,
    RUNNER_SECRET: 'test-secret-test-secret-test-secret-00',
    RUNNERS_URL: 'http://127.0.0.1:9',
    APP_VERSION: 'test',
    TRUST_PROXY: 'true',
    ...overrides,
  };
  let jar: string | null = null;

  async function call(method: string, path: string, init: Call = {}) {
    const headers: Record<string, string> = { 'x-forwarded-for': init.ip ?? '10.0.0.1', ...init.headers };
    const cookie = init.cookie === undefined ? jar : init.cookie;
    if (cookie) headers.cookie = cookie;
    let body: string | undefined = init.raw;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.request(`${origin}${path}`, { method, headers, body }, env);
    const setCookie = res.headers.get('set-cookie');
    if (setCookie && init.cookie === undefined) {
      const pair = setCookie.split(';')[0]!;
      jar = /=$/.test(pair) || /Max-Age=0/i.test(setCookie) ? null : pair;
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
    return { status: res.status, headers: res.headers, json: json as any };
  }

  return {
    env,
    appUrl,
    ownerUrl,
    call,
    get cookie() {
      return jar;
    },
    set cookie(value: string | null) {
      jar = value;
    },
  };
}

export const owner = { username: 'evin', password: 'correct horse battery staple' };
