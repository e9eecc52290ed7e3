/**
 * The HTTP plumbing every part of the fake shares: Discord's JSON error shape, body reading
 * (JSON, form-encoded and multipart, as Discord accepts them) and a thrown error type so route
 * handlers can refuse a request in one line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Discord's error body: `{message, code}` plus `errors` for form validation (code 50035). */
export class DiscordError extends Error {
  /** Rate-limit headers of the request that failed, sent with the error. */
  headers?: Record<string, string>;
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
  }
  body(): Record<string, unknown> {
    return { message: this.message, code: this.code, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

export const notFound = () => new DiscordError(404, 0, '404: Not Found');
export const unauthorized = () => new DiscordError(401, 0, '401: Unauthorized');
export const unknown = (what: string, code: number) => new DiscordError(404, code, `Unknown ${what}`);

/** A 50035 "Invalid Form Body" with Discord's nested `_errors` tree. */
export function invalidForm(errors: Record<string, unknown>): DiscordError {
  return new DiscordError(400, 50035, 'Invalid Form Body', errors);
}
export function fieldError(code: string, message: string) {
  return { _errors: [{ code, message }] };
}

export type UploadedFile = { field: string; filename: string; contentType: string; data: Buffer };
export type ParsedBody = { json: unknown; form: URLSearchParams | null; files: UploadedFile[]; raw: Buffer };

export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  const parsed: ParsedBody = { json: undefined, form: null, files: [], raw };
  if (raw.length === 0) return parsed;
  if (/^application\/json\b/i.test(type)) {
    try {
      parsed.json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new DiscordError(400, 50109, 'The request body contains invalid JSON.');
    }
  } else if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
    parsed.form = new URLSearchParams(raw.toString('utf8'));
  } else if (/^multipart\/form-data\b/i.test(type)) {
    // Discord takes uploads as multipart with the message JSON in `payload_json`.
    const form = await new Request('http://fake.invalid', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    // forEach, not entries(): the runners' tests compile this file without the DOM.Iterable lib.
    const fields: [string, FormDataEntryValue][] = [];
    form.forEach((value, field) => {
      fields.push([field, value]);
    });
    for (const [field, value] of fields) {
      if (typeof value === 'string') {
        if (field === 'payload_json') parsed.json = JSON.parse(value);
      } else {
        parsed.files.push({
          field,
          filename: value.name,
          contentType: value.type || 'application/octet-stream',
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
  }
  return parsed;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status === 200 ? 204 : status, headers).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
