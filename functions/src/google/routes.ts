/**
 * `/api/google`: the owner's Google account linked for Calendar, Gmail and Drive. Connecting and
 * disconnecting happen here (connect.ts); the API calls are the google runner's, relayed. Google's
 * failures keep their meaning: 409 auth_revoked ("Reconnect Google"; never 401, which would sign
 * the browser out), 429 rate_limited / quota with Retry-After, 502 network.
 */
import {
  calendarEventInputSchema,
  calendarEventSchema,
  calendarEventsQuerySchema,
  calendarEventsSchema,
  driveFilesQuerySchema,
  driveFilesSchema,
  gmailSummarySchema,
  googleConnectResultSchema,
  googleSettingsInputSchema,
  googleStatusSchema,
  sendEmailInputSchema,
  sendEmailResultSchema,
} from '@homelab/db/google';
import { createRoute, z } from '@hono/zod-openapi';
import { operator, reader } from '../auth/middleware';
import { type AppContext, auditAs } from '../lib/context';
import { ApiError } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse, readErrors, writeErrors } from '../lib/router';
import { enc, query, relayJson } from '../lib/runners';
import { disconnect, finishConnect, requireConfigured, startConnect, statusFor } from './connect';

const tags = ['google'];
const googleErrors = {
  502: {
    description: 'Google could not be reached',
    content: {
      'application/json': {
        schema: z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
      },
    },
  },
};

type Call = { method?: string; path: string; body?: unknown };

/** The runner's answer for the caller's account; its refusals handed on by relay() with their codes. */
function google<T>(c: AppContext, call: Call): Promise<T> {
  const auth = c.get('auth');
  const sep = call.path.includes('?') ? '&' : '?';
  const path = auth ? `${call.path}${sep}userId=${enc(auth.user.id)}` : call.path;
  // Up to three tries with waits of 2 s and more (rate limits) fit in this bound.
  return relayJson<T>(c, 'google', { timeoutMs: 130_000, ...call, path });
}

const statusRoute = createRoute({
  method: 'get',
  path: '/status',
  tags,
  summary: 'Whether Google is configured and your account linked, with its last error',
  middleware: [reader] as const,
  responses: { 200: jsonResponse(googleStatusSchema, 'Status'), ...errors(...readErrors) },
});
const connectRoute = createRoute({
  method: 'post',
  path: '/connect',
  tags,
  summary:
    'Start linking your Google account: the URL to send the browser to (state and PKCE kept in cookies)',
  middleware: [operator] as const,
  responses: { 200: jsonResponse(googleConnectResultSchema, 'Where to go'), ...errors(...writeErrors) },
});
const callbackRoute = createRoute({
  method: 'get',
  path: '/callback',
  tags,
  summary: 'Google sends the browser back here; redirects to /google?connected=1 or /google?error=<code>',
  request: {
    query: z.object({
      code: z.string().max(2048).optional(),
      state: z.string().max(512).optional(),
      error: z.string().max(200).optional(),
      scope: z.string().max(4096).optional(),
    }),
  },
  responses: { 302: { description: 'Back to the Google page' } },
});
const disconnectRoute = createRoute({
  method: 'post',
  path: '/disconnect',
  tags,
  summary: 'Revoke the grant at Google and forget the account',
  middleware: [operator] as const,
  responses: {
    200: jsonResponse(z.object({ revoked: z.boolean() }), 'Disconnected'),
    ...errors(...writeErrors),
  },
});
const eventsRoute = createRoute({
  method: 'get',
  path: '/calendar/events',
  tags,
  summary: 'Upcoming events across your calendars (next 7 days by default, at most 50)',
  middleware: [reader] as const,
  request: { query: calendarEventsQuerySchema },
  responses: {
    200: jsonResponse(calendarEventsSchema, 'Events, soonest first'),
    ...errors(400, 409, 429, ...readErrors),
    ...googleErrors,
  },
});
const createEventRoute = createRoute({
  method: 'post',
  path: '/calendar/events',
  tags,
  summary: 'Add an event to a calendar (primary by default)',
  middleware: [operator] as const,
  request: { body: jsonBody(calendarEventInputSchema) },
  responses: {
    201: jsonResponse(calendarEventSchema, 'Created'),
    ...errors(...writeErrors),
    ...googleErrors,
  },
});
const gmailRoute = createRoute({
  method: 'get',
  path: '/gmail/summary',
  tags,
  summary: 'Unread count and the newest inbox messages (sender, subject, snippet)',
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(gmailSummarySchema, 'Summary'),
    ...errors(409, 429, ...readErrors),
    ...googleErrors,
  },
});
const sendRoute = createRoute({
  method: 'post',
  path: '/gmail/send',
  tags,
  summary: 'Send a plain-text email from your Gmail account',
  middleware: [operator] as const,
  request: { body: jsonBody(sendEmailInputSchema) },
  responses: { 200: jsonResponse(sendEmailResultSchema, 'Sent'), ...errors(...writeErrors), ...googleErrors },
});
const driveRoute = createRoute({
  method: 'get',
  path: '/drive/files',
  tags,
  summary: 'The files of a Drive folder (My Drive by default), folders first',
  middleware: [reader] as const,
  request: { query: driveFilesQuerySchema },
  responses: {
    200: jsonResponse(driveFilesSchema, 'Files'),
    ...errors(400, 404, 409, 429, ...readErrors),
    ...googleErrors,
  },
});
const settingsRoute = createRoute({
  method: 'put',
  path: '/settings',
  tags,
  summary: 'Choose the Drive folder finished database backups are copied to (null: none)',
  middleware: [operator] as const,
  request: { body: jsonBody(googleSettingsInputSchema) },
  responses: { 200: jsonResponse(googleStatusSchema, 'Status'), ...errors(...writeErrors) },
});

const userOf = (c: AppContext) => c.get('auth')!.user;

export const googleRoutes = createRouter()
  .openapi(statusRoute, async (c) => c.json(await statusFor(c, userOf(c).id), 200))
  .openapi(connectRoute, async (c) => {
    auditAs(c, 'google.connect.start');
    requireConfigured(c.get('config'));
    if (c.get('auth')?.kind !== 'session')
      throw new ApiError(
        400,
        'session_required',
        'Connect Google from the web app: the callback needs your browser session.',
      );
    return c.json({ authorizeUrl: startConnect(c) }, 200);
  })
  .openapi(callbackRoute, async (c) => finishConnect(c, c.req.valid('query')) as never)
  .openapi(disconnectRoute, async (c) => {
    const result = await disconnect(c, userOf(c).id);
    auditAs(c, 'google.disconnect', result?.email, { revoked: result?.revoked ?? false });
    if (!result) throw new ApiError(409, 'not_connected', 'No Google account is connected.');
    return c.json({ revoked: result.revoked }, 200);
  })
  .openapi(eventsRoute, async (c) => {
    const { days } = c.req.valid('query');
    return c.json(
      await google<z.infer<typeof calendarEventsSchema>>(c, { path: `/calendar/events${query({ days })}` }),
      200,
    );
  })
  .openapi(createEventRoute, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'google.calendar.create', body.calendarId, { title: body.title, start: body.start });
    const event = await google<z.infer<typeof calendarEventSchema>>(c, {
      method: 'POST',
      path: '/calendar/events',
      body,
    });
    return c.json(event, 201);
  })
  .openapi(gmailRoute, async (c) =>
    c.json(await google<z.infer<typeof gmailSummarySchema>>(c, { path: '/gmail/summary' }), 200),
  )
  .openapi(sendRoute, async (c) => {
    const body = c.req.valid('json');
    // The recipient and subject are audited; the body is not kept.
    auditAs(c, 'google.gmail.send', body.to, { subject: body.subject, bytes: body.body.length });
    const sent = await google<{ id: string }>(c, { method: 'POST', path: '/gmail/send', body });
    return c.json(sent, 200);
  })
  .openapi(driveRoute, async (c) => {
    const { folderId } = c.req.valid('query');
    return c.json(
      await google<z.infer<typeof driveFilesSchema>>(c, { path: `/drive/files${query({ folderId })}` }),
      200,
    );
  })
  .openapi(settingsRoute, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'google.settings', undefined, body);
    const status = await google<z.infer<typeof googleStatusSchema>>(c, {
      method: 'PUT',
      path: '/settings',
      body,
    });
    return c.json(status, 200);
  });
