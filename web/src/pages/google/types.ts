/** The Google shapes the page shows, from the shared contract (types only: no zod in the bundle). */
export type {
  CalendarEvent,
  CalendarEventInput,
  DriveFile,
  DriveFiles,
  GmailMessage,
  GmailSummary,
  GoogleErrorKind,
  GoogleState,
  GoogleStatus,
  SendEmailInput,
} from '@homelab/db/google';
