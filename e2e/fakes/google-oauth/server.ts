/**
 * Google's OAuth server is served by the fake YouTube Data API server, so one fake answers for
 * accounts.google.com, oauth2.googleapis.com and www.googleapis.com alike (the OAuth grants are
 * what liveBroadcasts, channels mine=true and chat insert check). The logic lives in ./oauth.ts.
 *
 *   const google = await startFakeGoogle();
 *   // GOOGLE_AUTH_BASE_URL = GOOGLE_TOKEN_BASE_URL = GOOGLE_API_BASE_URL = google.url
 *   const ada = google.addChannel({ title: 'Ada Plays' });
 *   google.oauth.approveAs(ada.sub);
 */
export {
  type FakeYoutubeData as FakeGoogle,
  startFakeYoutubeData as startFakeGoogle,
} from '../youtube-data/server';
export type { GoogleAccount, GoogleGrant } from './oauth';
