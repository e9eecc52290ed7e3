/** Every call the Google page and card make to `/api/google`, in one place. */
import type { GoogleApi } from '@homelab/functions';
import { apiClient, unwrap } from '../../api/client';
import type {
  CalendarEvent,
  CalendarEventInput,
  DriveFiles,
  GmailSummary,
  GoogleStatus,
  SendEmailInput,
} from './types';

const google = apiClient<GoogleApi>('google');

export const getGoogleStatus = (): Promise<GoogleStatus> => unwrap(google.status.$get());

/** Answers where to send the browser: Google's consent page, which comes back to /google. */
export const startGoogleConnect = async (): Promise<string> =>
  (await unwrap(google.connect.$post())).authorizeUrl;

export const disconnectGoogle = async () => {
  await unwrap(google.disconnect.$post());
};

export const listCalendarEvents = async (days: number): Promise<CalendarEvent[]> =>
  (await unwrap(google.calendar.events.$get({ query: { days: String(days) } }))).events;

export const createCalendarEvent = (input: CalendarEventInput): Promise<CalendarEvent> =>
  unwrap(google.calendar.events.$post({ json: input }));

export const getGmailSummary = (): Promise<GmailSummary> => unwrap(google.gmail.summary.$get());

export const sendNotificationEmail = async (input: SendEmailInput) => {
  await unwrap(google.gmail.send.$post({ json: input }));
};

export const listDriveFolder = (folderId: string): Promise<DriveFiles> =>
  unwrap(google.drive.files.$get({ query: { folderId } }));

export const setBackupFolder = (backupFolderId: string | null): Promise<GoogleStatus> =>
  unwrap(google.settings.$put({ json: { backupFolderId } }));
