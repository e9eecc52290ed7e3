import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMemberWith, deskHarness } from './testing';

const guildA = '220000000000000001';
const guildB = '220000000000000002';
const alice = { id: '320000000000000001', username: 'alice' };
const bob = { id: '320000000000000002', username: 'bob' };

describe('a guild’s setup in the desk', () => {
  let d: Awaited<ReturnType<typeof deskHarness>>;
  let asAlice: (method: string, path: string, body?: unknown) => ReturnType<typeof d.h.call>;
  let asBob: typeof asAlice;
  let bobCategory: string;
  let bobStreamer: string;

  beforeAll(async () => {
    d = await deskHarness();
    d.fake.addUser(alice);
    d.fake.addUser(bob);
    d.fake.addGuild({ id: guildA, name: 'Alpha' });
    d.fake.addGuild({ id: guildB, name: 'Beta' });
    addMemberWith(d.fake, guildA, alice.id, { permissions: 0x20n });
    addMemberWith(d.fake, guildB, bob.id, { permissions: 0x8n });
    const aliceSession = (await d.signIn(alice.id)).session;
    const bobSession = (await d.signIn(bob.id)).session;
    const as = (cookie: string | null) => (method: string, path: string, body?: unknown) =>
      d.h.call(method, `/api/desk/guilds${path}`, { cookie, body });
    asAlice = as(aliceSession);
    asBob = as(bobSession);
    bobCategory = (await asBob('POST', `/${guildB}/categories`, { name: 'Billing' })).json.id;
    bobStreamer = (
      await asBob('POST', `/${guildB}/streamers`, { discordUserId: '520000000000000001', displayName: 'Bee' })
    ).json.id;
  });
  afterAll(() => d.close());

  it('shows and changes settings, validating each field', async () => {
    const before = await asAlice('GET', `/${guildA}`);
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ guildId: guildA, name: 'Alpha', timezone: 'UTC', level: 'admin' });

    const bad = await asAlice('PATCH', `/${guildA}`, {
      timezone: 'Mars/Olympus_Mons',
      staffRoleIds: ['not-a-role'],
      supportHours: { days: [], from: '9am', to: '17:00' },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(
      ['staffRoleIds.0', 'supportHours.days', 'supportHours.from', 'timezone'].sort(),
    );
    expect(bad.json.error.fields.timezone[0]).toMatch(/IANA time zone/);

    const ok = await asAlice('PATCH', `/${guildA}`, {
      timezone: 'Europe/Berlin',
      supportHours: { days: [1, 2, 3], from: '09:00', to: '17:00' },
      autoCloseHours: 48,
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      timezone: 'Europe/Berlin',
      supportHours: { days: [1, 2, 3], from: '09:00', to: '17:00' },
      autoCloseHours: 48,
      surveyEnabled: true,
    });
  });

  it('answers 404 for another guild and its ids, and changes nothing there', async () => {
    for (const path of [`/${guildB}`, `/${guildB}/categories`, `/${guildB}/streamers`, `/${guildB}/panels`]) {
      expect((await asAlice('GET', path)).status).toBe(404);
    }
    expect((await asAlice('PATCH', `/${guildB}`, { timezone: 'Asia/Tokyo' })).status).toBe(404);
    expect(
      (await asAlice('PATCH', `/${guildA}/categories/${bobCategory}`, { name: 'Hijacked' })).status,
    ).toBe(404);
    expect((await asAlice('DELETE', `/${guildA}/categories/${bobCategory}`)).status).toBe(404);
    expect((await asAlice('PATCH', `/${guildA}/streamers/${bobStreamer}`, { enabled: false })).status).toBe(
      404,
    );
    expect((await asAlice('DELETE', `/${guildA}/streamers/${bobStreamer}`)).status).toBe(404);
    const panel = await asAlice('POST', `/${guildA}/panels`, {
      channelId: '620000000000000001',
      title: 'Help',
      categoryIds: [bobCategory],
    });
    expect(panel.status).toBe(400);
    expect(panel.json.error.fields.categoryIds[0]).toMatch(/Unknown categories/);

    const [guild] = await d.owner`select timezone from discord_guilds where guild_id = ${guildB}`;
    expect(guild!.timezone).toBe('UTC');
    const [category] = await d.owner`select name from ticket_categories where id = ${bobCategory}`;
    expect(category!.name).toBe('Billing');
    const [streamer] = await d.owner`select enabled from go_live_streamers where id = ${bobStreamer}`;
    expect(streamer!.enabled).toBe(true);
  });

  it('keeps category names unique per guild and changes only the fields given', async () => {
    const created = await asAlice('POST', `/${guildA}/categories`, {
      name: 'Support',
      staffRoleIds: ['720000000000000001'],
      slaFirstResponseMinutes: 30,
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'Support',
      mode: 'channel',
      namingPattern: 'ticket-{number}',
    });
    // Another guild's "Billing" does not clash.
    expect((await asAlice('POST', `/${guildA}/categories`, { name: 'Billing' })).status).toBe(201);
    const duplicate = await asAlice('POST', `/${guildA}/categories`, { name: 'support' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error.message).toMatch(/named "support" already exists/);
    const renameClash = await asAlice('PATCH', `/${guildA}/categories/${created.json.id}`, {
      name: 'BILLING',
    });
    expect(renameClash.status).toBe(409);

    const patched = await asAlice('PATCH', `/${guildA}/categories/${created.json.id}`, {
      description: 'General help',
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      name: 'Support',
      description: 'General help',
      staffRoleIds: ['720000000000000001'],
      slaFirstResponseMinutes: 30,
    });
    const thread = await asAlice('PATCH', `/${guildA}/categories/${created.json.id}`, { mode: 'thread' });
    expect(thread.status).toBe(400);
    expect(thread.json.error.fields.parentChannelId[0]).toMatch(/Thread mode/);
  });

  it('deletes a category in use: its tickets stay without one, panels stop offering it', async () => {
    const category = (await asAlice('POST', `/${guildA}/categories`, { name: 'Short-lived' })).json.id;
    const keep = (await asAlice('GET', `/${guildA}/categories`)).json.categories[0].id;
    const panel = await asAlice('POST', `/${guildA}/panels`, {
      channelId: '620000000000000001',
      title: 'Open a ticket',
      categoryIds: [keep, category],
    });
    expect(panel.status).toBe(201);
    await d.owner`insert into tickets (guild_id, number, category_id, opener_id, opener_name, subject)
      values (${guildA}, 7, ${category}, '820000000000000001', 'Dee', 'Refund')`;
    expect((await asAlice('DELETE', `/${guildA}/categories/${category}`)).status).toBe(204);
    const [ticket] = await d.owner`select number, category_id from tickets where guild_id = ${guildA}`;
    expect(ticket).toEqual({ number: 7, category_id: null });
    const panels = await asAlice('GET', `/${guildA}/panels`);
    expect(panels.json.panels[0].categoryIds).toEqual([keep]);
    const edited = await asAlice('PATCH', `/${guildA}/panels/${panel.json.id}`, { style: 'select' });
    expect(edited.json).toMatchObject({ style: 'select', title: 'Open a ticket', categoryIds: [keep] });
    expect((await asAlice('DELETE', `/${guildA}/panels/${panel.json.id}`)).status).toBe(204);
    expect((await asAlice('DELETE', `/${guildA}/panels/${panel.json.id}`)).status).toBe(404);
  });

  it('lists discovered and manual streamers with their live state, and edits them', async () => {
    await d.owner`insert into go_live_streamers (guild_id, discord_user_id, display_name, source, state, platform, title, live_since)
      values (${guildA}, '920000000000000001', 'Zed', 'discovered', 'live', 'twitch', 'Speedrun', now())`;
    const manual = await asAlice('POST', `/${guildA}/streamers`, {
      discordUserId: '920000000000000002',
      displayName: 'Amy',
      kickSlug: 'amy_live',
    });
    expect(manual.status).toBe(201);
    expect(manual.json).toMatchObject({
      source: 'manual',
      enabled: true,
      kickSlug: 'amy_live',
      state: 'offline',
    });
    const again = await asAlice('POST', `/${guildA}/streamers`, {
      discordUserId: '920000000000000001',
      displayName: 'Zed again',
    });
    expect(again.status).toBe(409);

    const list = await asAlice('GET', `/${guildA}/streamers`);
    expect(
      list.json.streamers.map((s: { displayName: string; state: string; source: string }) => [
        s.displayName,
        s.state,
        s.source,
      ]),
    ).toEqual([
      ['Zed', 'live', 'discovered'],
      ['Amy', 'offline', 'manual'],
    ]);
    expect(list.json.streamers[0].liveSince).toEqual(expect.any(String));

    const paused = await asAlice('PATCH', `/${guildA}/streamers/${manual.json.id}`, { enabled: false });
    expect(paused.json).toMatchObject({ enabled: false, kickSlug: 'amy_live', displayName: 'Amy' });
    const cleared = await asAlice('PATCH', `/${guildA}/streamers/${manual.json.id}`, { kickSlug: null });
    expect(cleared.json).toMatchObject({ enabled: false, kickSlug: null });
    const invalid = await asAlice('PATCH', `/${guildA}/streamers/${manual.json.id}`, { state: 'live' });
    expect(invalid.status).toBe(400);
    expect((await asAlice('DELETE', `/${guildA}/streamers/${manual.json.id}`)).status).toBe(204);
  });

  it('lists the guild’s channels in sidebar order and its pickable roles', async () => {
    // Only these channels, in this sidebar order: ids and positions as Discord would hold them.
    for (const channel of [...d.fake.state.channels.values()])
      if (channel.guild_id === guildA) d.fake.state.channels.delete(channel.id);
    const channel = (id: string, name: string, type: number, position: number, parentId: string | null) => {
      d.fake.addChannel(guildA, { id, name, type, parentId }).position = position;
    };
    channel('1000000000000000003', 'tickets', 4, 1, null);
    channel('1000000000000000004', 'open', 0, 0, '1000000000000000003');
    channel('1000000000000000001', 'welcome', 0, 1, null);
    channel('1000000000000000002', 'rules', 0, 0, null);
    // Besides @everyone and the bot's managed role (which are not pickable).
    d.fake.addRole(guildA, { id: '1100000000000000001', name: 'Support', color: 3447003 });
    d.fake.addRole(guildA, { id: '1100000000000000002', name: 'Admin', color: 15158332 });
    const res = await asAlice('GET', `/${guildA}/discord`);
    expect(res.status).toBe(200);
    expect(res.json.channels.map((c: { name: string }) => c.name)).toEqual([
      'rules',
      'welcome',
      'tickets',
      'open',
    ]);
    expect(res.json.channels[3]).toEqual({
      id: '1000000000000000004',
      name: 'open',
      type: 0,
      parentId: '1000000000000000003',
    });
    // Highest first; alice's Moderators role (from setup) is pickable too.
    expect(res.json.roles).toEqual([
      { id: '1100000000000000002', name: 'Admin', color: 15158332 },
      { id: '1100000000000000001', name: 'Support', color: 3447003 },
      { id: expect.any(String), name: 'Moderators', color: 0 },
    ]);
  });
});
