/**
 * HTTP plumbing the Kick fake's parts share: body reading (form or JSON, as Kick accepts both on
 * its token endpoint) and Kick's two response envelopes: `{data, message}` for the public API and
 * `{error, error_description}` for the OAuth server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Body = { raw: Buffer; form: URLSearchParams; json: unknown };

export async function readBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const text = raw.toString('utf8');
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/json')) {
    try {
      const json = JSON.parse(text) as unknown;
      const entries =
        json && typeof json === 'object' ? Object.entries(json).map(([k, v]) => [k, String(v)]) : [];
      return { raw, form: new URLSearchParams(entries), json };
    } catch {
      return { raw, form: new URLSearchParams(), json: undefined };
    }
  }
  return { raw, form: new URLSearchParams(text), json: undefined };
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** The public API's envelope: `{data, message}` on success and failure alike. */
export const apiReply = (res: ServerResponse, status: number, data: unknown, message: string) =>
  json(res, status, { data, message });

export function bearerOf(req: IncomingMessage) {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return match ? match[1]! : null;
}

/** Kick's message and subscription ids are ULIDs: 48-bit time then 80 random bits, Crockford base32. */
export function ulid(time = Date.now()) {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let out = '';
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = alphabet[t % 32] + out;
    t = Math.floor(t / 32);
  }
  for (let i = 0; i < 16; i++) out += alphabet[Math.floor(Math.random() * 32)];
  return out;
}
