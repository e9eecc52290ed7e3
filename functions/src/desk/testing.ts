/**
 * For the desk tests: the project's fake Discord (e2e/fakes/discord) as the desk's Discord, with
 * fixtures for what the tests set up there (a member holding permissions) and a harness whose
 * `signIn` walks the browser's path through the fake's consent page.
 */
import { randomBytes } from 'node:crypto';
import { type FakeDiscord, startFakeDiscord } from '../../../e2e/fakes/discord/server';

/** Adds a member holding these permissions (through a role of their own) and these roles. */
export function addMemberWith(
  fake: FakeDiscord,
  guildId: string,
  userId: string,
  held: { permissions?: bigint; roles?: string[] } = {},
) {
  const roles = [...(held.roles ?? [])];
  if (held.permissions)
    roles.push(fake.addRole(guildId, { name: 'Moderators', permissions: held.permissions }).id);
  return fake.addMember(guildId, userId, roles);
}

export const discordApp = {
  applicationId: '100000000000000001',
  clientSecret: 'client-secret-for-tests',
  botToken: 'bot-token-for-tests-0123456789',
};

/**
 * A harness whose Discord is the fake, with an encryption key, and a `signIn` that walks
 * the browser's path: start → (Discord approves as `discordUserId`) → callback.
 */
export async function deskHarness(overrides: Record<string, string | undefined> = {}) {
  const { createHarness } = await import('../../test/harness');
  const { default: postgres } = await import('postgres');
  const fake = await startFakeDiscord({ ...discordApp, botUsername: 'Desk Bot' });
  const h = await createHarness({
    DISCORD_BASE_URL: fake.url,
    DISCORD_APPLICATION_ID: discordApp.applicationId,
    DISCORD_CLIENT_SECRET: discordApp.clientSecret,
    DISCORD_BOT_TOKEN: discordApp.botToken,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...overrides,
  });
  const owner = postgres(h.ownerUrl, { max: 1, onnotice: () => {} });
  let ips = 0;

  const pairs = (res: { headers: Headers }) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

  async function start(next = '/desk', init: { cookie?: string | null; ip?: string } = {}) {
    const res = await h.call('GET', `/api/desk/auth/discord?next=${encodeURIComponent(next)}`, {
      cookie: init.cookie ?? null,
      ip: init.ip,
    });
    return { res, location: res.headers.get('location') ?? '', cookies: pairs(res).join('; ') };
  }

  /** What Discord's consent page does when `discordUserId` approves: back with a code and the state. */
  async function approve(authorizeUrl: string, discordUserId: string) {
    fake.oauth.approveAs(discordUserId);
    const res = await fetch(authorizeUrl, { redirect: 'manual' });
    const back = new URL(res.headers.get('location') ?? '');
    return { code: back.searchParams.get('code') ?? '', state: back.searchParams.get('state') ?? '' };
  }

  async function signIn(
    discordUserId: string,
    init: { cookie?: string | null; next?: string; ip?: string } = {},
  ) {
    const ip = init.ip ?? `10.1.${Math.floor(++ips / 200)}.${ips % 200}`;
    const begun = await start(init.next, { cookie: init.cookie, ip });
    const { code, state } = await approve(begun.location, discordUserId);
    const res = await h.call('GET', `/api/desk/auth/discord/callback?code=${code}&state=${state}`, {
      cookie: [begun.cookies, init.cookie].filter(Boolean).join('; '),
      ip,
    });
    const session = pairs(res).find((p) => p.startsWith('hl_session=') && p !== 'hl_session=') ?? null;
    return { res, location: res.headers.get('location'), session };
  }

  return {
    h,
    fake,
    owner,
    start,
    approve,
    signIn,
    async close() {
      await owner.end();
      await fake.close();
    },
  };
}
