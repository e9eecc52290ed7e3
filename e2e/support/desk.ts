/** Signing in to the ticket desk through the fake Discord's OAuth, as a browser would, without a browser. */
import type { FakeDiscord } from '../fakes/discord/server';
import { client } from './http';

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

/** Follows start → Discord's consent → callback for `discordUserId`; returns an API client with the session. */
export async function deskSignIn(baseUrl: string, fake: FakeDiscord, discordUserId: string) {
  fake.oauth.approveAs(discordUserId);
  const start = await fetch(`${baseUrl}/api/desk/auth/discord?next=/desk`, { redirect: 'manual' });
  if (start.status !== 302) throw new Error(`desk sign-in start answered ${start.status}`);
  const flow = cookiesOf(start).join('; ');
  const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const back = consent.headers.get('location');
  if (consent.status !== 302 || !back) throw new Error(`fake Discord consent answered ${consent.status}`);
  const callback = await fetch(back, { redirect: 'manual', headers: { cookie: flow } });
  const location = callback.headers.get('location') ?? '';
  const session = cookiesOf(callback).find((c) => !c.includes('hl_discord_') && !/=$/.test(c));
  if (callback.status !== 302 || location.includes('error=') || !session)
    throw new Error(`desk sign-in callback answered ${callback.status} to ${location}`);
  return client(baseUrl, session);
}
