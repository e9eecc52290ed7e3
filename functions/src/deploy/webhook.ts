/**
 * `POST /webhooks/deploy`: GitHub's and Gitea's push webhooks. Outside /api, so no session applies:
 * the HMAC-SHA256 of the raw body with DEPLOY_WEBHOOK_SECRET is the only credential, sent by GitHub
 * as `X-Hub-Signature-256: sha256=<hex>` and by Gitea as `X-Gitea-Signature: <hex>`. Only a push to
 * the configured branch starts a deploy (the runner queues it when one is running); a ping is
 * answered, other events and branches are acknowledged and ignored. Every call leaves an audit row.
 */
import { auditLog } from '@homelab/db/schema';
import { bodyLimit } from 'hono/body-limit';
import { type AppContext, db } from '../lib/context';
import { ApiError, badRequest, toErrorResponse, unavailable } from '../lib/errors';
import { hmacMatches, macBytes } from '../lib/hmac';
import { log } from '../lib/log';
import { relayJson } from '../lib/runners';

/** A push of many commits lists every changed file of each, well past the API's 64 KiB. */
export const maxPushBytes = 2 * 1024 * 1024;

export const limitPushBody = bodyLimit({
  maxSize: maxPushBytes,
  onError: () => {
    throw new ApiError(
      413,
      'payload_too_large',
      `The push payload is larger than ${maxPushBytes / 1024 / 1024} MiB.`,
    );
  },
});

const refuse = (message: string) => new ApiError(401, 'invalid_signature', message);

/** The hex HMAC the request carries: GitHub's header first (newer Gitea sends it too), then Gitea's. */
export function signatureOf(headers: { github?: string; gitea?: string }): string | null {
  if (headers.github) return headers.github.startsWith('sha256=') ? headers.github.slice(7) : null;
  return headers.gitea ?? null;
}

/** Throws 401 unless `hex` is the HMAC-SHA256 of the raw body with the secret. */
export async function verifyPushSignature(secret: string, body: ArrayBuffer, hex: string | null) {
  if (!hex)
    throw refuse('Sign the webhook: set its secret so X-Hub-Signature-256 or X-Gitea-Signature is sent.');
  const mac = macBytes(hex);
  if (!mac || !(await hmacMatches(secret, body, mac))) throw refuse('The signature is not valid.');
}

type PushPayload = {
  ref?: unknown;
  after?: unknown;
  deleted?: unknown;
  pusher?: { name?: unknown; login?: unknown; username?: unknown };
};

/** GitHub may send the payload as a form field (content type application/x-www-form-urlencoded). */
function parsePayload(raw: string, contentType: string | undefined): PushPayload {
  try {
    const text = contentType?.startsWith('application/x-www-form-urlencoded')
      ? (new URLSearchParams(raw).get('payload') ?? '')
      : raw;
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object') return value as PushPayload;
  } catch {}
  throw badRequest('The webhook body is not a JSON push payload.');
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

async function audit(c: AppContext, signed: boolean, status: number, detail: Record<string, unknown>) {
  try {
    await db(c)
      .db.insert(auditLog)
      .values({
        actorKind: signed ? 'system' : 'anonymous',
        actorLabel: signed ? 'deploy webhook' : null,
        action: 'deploy.webhook',
        target: typeof detail.ref === 'string' ? detail.ref : null,
        ip: c.get('ip'),
        userAgent: c.req.header('user-agent')?.slice(0, 512) ?? null,
        requestId: c.get('requestId'),
        outcome: status === 401 ? 'denied' : status < 400 ? 'success' : 'failure',
        status: String(status),
        detail,
      });
  } catch (error) {
    log('error', 'audit write failed', { requestId: c.get('requestId'), error: String(error) });
  }
}

export async function handleDeployWebhook(c: AppContext) {
  const config = c.get('config');
  const event = c.req.header('x-github-event') ?? c.req.header('x-gitea-event') ?? '';
  let signed = false;
  const detail: Record<string, unknown> = { event };
  try {
    if (!config.DEPLOY_WEBHOOK_SECRET)
      throw unavailable(
        'not_configured',
        'Deploy webhooks are off: set DEPLOY_WEBHOOK_SECRET on functions and the same secret on the webhook.',
      );
    const body = await c.req.arrayBuffer();
    const signature = signatureOf({
      github: c.req.header('x-hub-signature-256'),
      gitea: c.req.header('x-gitea-signature'),
    });
    await verifyPushSignature(config.DEPLOY_WEBHOOK_SECRET, body, signature);
    signed = true;

    if (event === 'ping') {
      await audit(c, signed, 200, detail);
      return c.json({ ok: true, event: 'ping' }, 200);
    }
    if (event !== 'push') {
      await audit(c, signed, 200, { ...detail, ignored: true });
      return c.json({ ignored: `Only push events deploy; this was "${event || 'unnamed'}".` }, 200);
    }
    const payload = parsePayload(new TextDecoder().decode(body), c.req.header('content-type'));
    const ref = text(payload.ref) ?? '';
    const after = text(payload.after) ?? '';
    detail.ref = ref;
    detail.after = after;
    const wanted = `refs/heads/${config.DEPLOY_BRANCH}`;
    if (ref !== wanted || payload.deleted === true) {
      await audit(c, signed, 200, { ...detail, ignored: true });
      return c.json({ ignored: `Only pushes to ${wanted} deploy; this was ${ref || 'no ref'}.` }, 200);
    }
    const pusher =
      text(payload.pusher?.login) ?? text(payload.pusher?.username) ?? text(payload.pusher?.name);
    const started = await relayJson<{ queued: boolean }>(c, 'deploy', {
      method: 'POST',
      path: '/deployments',
      body: {
        source: 'webhook',
        triggeredBy: `${pusher ? `push by ${pusher}` : 'push'}${after ? ` (${after.slice(0, 7)})` : ''}`,
        wait: false,
      },
    });
    await audit(c, signed, 202, { ...detail, queued: started.queued });
    return c.json({ accepted: true, queued: started.queued }, 202);
  } catch (error) {
    await audit(c, signed, toErrorResponse(error).status, detail);
    throw error;
  }
}
