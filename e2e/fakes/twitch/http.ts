/** Request parsing and the error shapes of id.twitch.tv ({status, message}) and Helix ({error, status, message}). */
import type { IncomingMessage, ServerResponse } from 'node:http';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export class TwitchError extends Error {
  headers: Record<string, string> = {};
  constructor(
    readonly status: number,
    message: string,
    /** id.twitch.tv answers {status, message}; Helix adds `error` with the reason phrase. */
    readonly style: 'id' | 'helix' = 'helix',
  ) {
    super(message);
  }
  body() {
    return this.style === 'id'
      ? { status: this.status, message: this.message }
      : { error: REASONS[this.status] ?? 'Error', status: this.status, message: this.message };
  }
}

export type Body = { raw: string; json?: unknown; form?: URLSearchParams };

export async function readBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json') && raw) {
    try {
      return { raw, json: JSON.parse(raw) };
    } catch {
      return { raw };
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) return { raw, form: new URLSearchParams(raw) };
  return { raw };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
