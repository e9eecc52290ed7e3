/**
 * For the stream bot's tests: a harness plus a connection as the tables' owner (past Row-Level
 * Security) to seed streamers the way sign-in leaves them: a guest user with a session, a tenant,
 * channels, events and notices.
 */
import { createHash, randomBytes } from 'node:crypto';

const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

export async function streamHarness(overrides: Record<string, string | undefined> = {}) {
  const { createHarness } = await import('../../test/harness');
  const { default: postgres } = await import('postgres');
  const h = await createHarness(overrides);
  const owner = postgres(h.ownerUrl, { max: 1, onnotice: () => {} });

  /** A session cookie for the user, as a sign-in would set it. */
  async function sessionFor(userId: string) {
    const id = Array.from(randomBytes(24), (b) => alphabet[b & 31]).join('');
    const secret = randomBytes(32).toString('base64url');
    const hash = createHash('sha256').update(secret).digest();
    await owner`insert into sessions (id, user_id, secret_hash, expires_at)
      values (${id}, ${userId}, ${hash}, now() + interval '1 day')`;
    return `hl_session=${id}.${secret}`;
  }

  async function addUser(username: string, role = 'guest') {
    const [user] = await owner<{ id: string }[]>`
      insert into users (username, role) values (${username}, ${role}) returning id`;
    return { userId: user!.id, cookie: await sessionFor(user!.id) };
  }

  /** A streamer: guest user, session and tenant. */
  async function addTenant(name: string) {
    const user = await addUser(name);
    const [tenant] = await owner<{ id: string }[]>`
      insert into stream_tenants (owner_id, display_name) values (${user.userId}, ${name}) returning id`;
    return { ...user, tenantId: tenant!.id };
  }

  async function addChannel(
    tenantId: string,
    platform: 'twitch' | 'kick' | 'youtube',
    platformChannelId: string,
  ) {
    const [channel] = await owner<{ id: string }[]>`
      insert into stream_channels (tenant_id, platform, platform_channel_id, login, display_name)
      values (${tenantId}, ${platform}, ${platformChannelId}, ${`login${platformChannelId}`}, ${`Channel ${platformChannelId}`})
      returning id`;
    return channel!.id;
  }

  async function addEvent(tenantId: string, channelId: string, text: string) {
    const [event] = await owner<{ id: string }[]>`
      insert into chat_events (tenant_id, channel_id, platform, kind, user_id, user_name, text, detail)
      values (${tenantId}, ${channelId}, 'twitch', 'message', '42', 'viewer', ${text}, '{"level":"everyone","badges":[]}')
      returning id`;
    return Number(event!.id);
  }

  async function addNotice(tenantId: string, message: string) {
    const [notice] = await owner<{ id: string }[]>`
      insert into stream_notices (tenant_id, kind, message) values (${tenantId}, 'send_failed', ${message})
      returning id`;
    return Number(notice!.id);
  }

  return {
    h,
    owner,
    sessionFor,
    addUser,
    addTenant,
    addChannel,
    addEvent,
    addNotice,
    close: () => owner.end(),
  };
}
