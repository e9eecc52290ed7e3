/**
 * The Google integration as the API speaks it (Calendar, Gmail, Drive through the owner's linked
 * account): what the functions answer, what the runner returns and what the web app renders. Zod
 * only, so the web app and workerd can import it.
 */
import { z } from 'zod';

export const googleStates = ['not_configured', 'not_connected', 'connected', 'revoked', 'error'] as const;
export type GoogleState = (typeof googleStates)[number];

export const googleErrorKinds = ['auth_revoked', 'rate_limited', 'quota', 'network'] as const;
export type GoogleErrorKind = (typeof googleErrorKinds)[number];

/** The scopes the connect flow asks for: read the calendars, add events, read and send mail, browse Drive and write files the app made. */
export const googleScopes = [
  'openid',
  'email',
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.readonly',
  'https://www.googleapis.com/auth/gmail.readonly',
  'https://www.googleapis.com/auth/gmail.send',
  'https://www.googleapis.com/auth/drive.readonly',
  'https://www.googleapis.com/auth/drive.file',
] as const;

export const googleStatusSchema = z.object({
  state: z.enum(googleStates),
  email: z.string().nullable(),
  scopes: z.array(z.string()),
  tokenExpiresAt: z.string().nullable(),
  lastErrorKind: z.enum(googleErrorKinds).nullable(),
  lastError: z.string().nullable(),
  backupFolderId: z.string().nullable(),
});
export type GoogleStatus = z.infer<typeof googleStatusSchema>;

/** What a google_accounts row tells about the link (functions and the runner read it alike). */
export type GoogleAccountFacts = {
  state: 'connected' | 'revoked' | 'error';
  email: string;
  scopes: string[];
  tokenExpiresAt: Date | string;
  lastErrorKind: string | null;
  lastError: string | null;
  backupFolderId: string | null;
};

/** The link's status: no row is "not configured" without the app's settings, else "not connected". */
export function googleStatusOf(configured: boolean, row: GoogleAccountFacts | null): GoogleStatus {
  if (!row)
    return {
      state: configured ? 'not_connected' : 'not_configured',
      email: null,
      scopes: [],
      tokenExpiresAt: null,
      lastErrorKind: null,
      lastError: null,
      backupFolderId: null,
    };
  const kind = googleErrorKinds.find((k) => k === row.lastErrorKind) ?? null;
  return {
    state: row.state,
    email: row.email,
    scopes: row.scopes,
    tokenExpiresAt: new Date(row.tokenExpiresAt).toISOString(),
    lastErrorKind: kind,
    lastError: row.lastError,
    backupFolderId: row.backupFolderId,
  };
}

export const calendarEventSchema = z.object({
  id: z.string(),
  calendarId: z.string(),
  calendarName: z.string(),
  title: z.string(),
  /** ISO date-time, or YYYY-MM-DD for all-day events. */
  start: z.string(),
  end: z.string(),
  allDay: z.boolean(),
  location: z.string().nullable(),
  htmlLink: z.string().nullable(),
});
export type CalendarEvent = z.infer<typeof calendarEventSchema>;

export const calendarEventsSchema = z.object({ events: z.array(calendarEventSchema) });
export type CalendarEvents = z.infer<typeof calendarEventsSchema>;

export const calendarEventsQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(60).default(7),
});

export const calendarEventInputSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
    calendarId: z.string().min(1).max(300).default('primary'),
    description: z.string().max(8000).optional(),
    location: z.string().max(500).optional(),
  })
  .refine((input) => Date.parse(input.end) > Date.parse(input.start), {
    message: 'The end must be after the start.',
    path: ['end'],
  });
export type CalendarEventInput = z.infer<typeof calendarEventInputSchema>;

export const gmailMessageSchema = z.object({
  id: z.string(),
  from: z.string(),
  subject: z.string(),
  snippet: z.string(),
  receivedAt: z.string().nullable(),
  unread: z.boolean(),
});
export type GmailMessage = z.infer<typeof gmailMessageSchema>;

export const gmailSummarySchema = z.object({
  unread: z.number().int(),
  messages: z.array(gmailMessageSchema),
});
export type GmailSummary = z.infer<typeof gmailSummarySchema>;

const noLineBreaks = (value: string) => !/[\r\n]/.test(value);

export const sendEmailInputSchema = z.object({
  to: z.email().refine(noLineBreaks, 'Line breaks are not allowed.'),
  subject: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine(noLineBreaks, 'Line breaks are not allowed in the subject.'),
  body: z.string().max(10_000),
});
export type SendEmailInput = z.infer<typeof sendEmailInputSchema>;

export const sendEmailResultSchema = z.object({ id: z.string() });

export const driveFileSchema = z.object({
  id: z.string(),
  name: z.string(),
  mimeType: z.string(),
  size: z.number().int().nullable(),
  modifiedAt: z.string().nullable(),
  isFolder: z.boolean(),
  webViewLink: z.string().nullable(),
});
export type DriveFile = z.infer<typeof driveFileSchema>;

export const driveFilesSchema = z.object({ folderId: z.string(), files: z.array(driveFileSchema) });
export type DriveFiles = z.infer<typeof driveFilesSchema>;

// Drive ids are letters, digits, - and _; 'root' is the alias of My Drive. Checked so an id cannot
// break out of the quoted `'<id>' in parents` query.
export const driveIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'Not a Drive folder id.');

export const driveFilesQuerySchema = z.object({ folderId: driveIdSchema.default('root') });

export const googleSettingsInputSchema = z.object({ backupFolderId: driveIdSchema.nullable() });
export type GoogleSettingsInput = z.infer<typeof googleSettingsInputSchema>;

export const googleConnectResultSchema = z.object({ authorizeUrl: z.string() });
