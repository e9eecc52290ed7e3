import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canManage } from './access';
import { addMemberWith, deskHarness } from './testing';

const alice = { id: '310000000000000001', username: 'alice' };
const guilds = {
  managed: '210000000000000001',
  staffRole: '210000000000000002',
  categoryRole: '210000000000000003',
  member: '210000000000000004',
  noBot: '210000000000000005',
  owned: '210000000000000006',
};
const supportRole = '410000000000000001';
const triageRole = '410000000000000002';

describe('guild access', () => {
  let d: Awaited<ReturnType<typeof deskHarness>>;
  let session: string | null;
  beforeAll(async () => {
    d = await deskHarness();
    d.fake.addUser(alice);
    d.fake.addGuild({ id: guilds.managed, name: 'Managed' });
    d.fake.state.guilds.get(guilds.managed)!.icon = 'abc';
    d.fake.addGuild({ id: guilds.staffRole, name: 'Staff by guild role' });
    d.fake.addGuild({ id: guilds.categoryRole, name: 'Staff by category role' });
    d.fake.addGuild({ id: guilds.member, name: 'Just a member' });
    d.fake.addGuild({ id: guilds.noBot, name: 'No bot here', withBot: false });
    d.fake.addGuild({ id: guilds.owned, name: 'Owned', ownerId: alice.id });
    d.fake.addRole(guilds.staffRole, { id: supportRole, name: 'Support' });
    d.fake.addRole(guilds.categoryRole, { id: triageRole, name: 'Triage' });
    d.fake.addRole(guilds.member, { id: '499999999999999999', name: 'Regular' });
    addMemberWith(d.fake, guilds.managed, alice.id, { permissions: 0x20n });
    addMemberWith(d.fake, guilds.staffRole, alice.id, { roles: [supportRole] });
    addMemberWith(d.fake, guilds.categoryRole, alice.id, { roles: [triageRole] });
    addMemberWith(d.fake, guilds.member, alice.id, { roles: ['499999999999999999'] });
    addMemberWith(d.fake, guilds.noBot, alice.id, { permissions: 0x8n });
    // Staff roles are configured in the desk before the staff member signs in.
    await d.owner`insert into discord_guilds (guild_id, name, staff_role_ids) values
      (${guilds.staffRole}, 'old name', ${[supportRole]}), (${guilds.categoryRole}, 'x', '{}'), (${guilds.member}, 'y', ${[supportRole]})`;
    await d.owner`insert into ticket_categories (guild_id, name, staff_role_ids) values (${guilds.categoryRole}, 'Triage', ${[triageRole]})`;
    session = (await d.signIn(alice.id)).session;
  });
  afterAll(() => d.close());

  it('gives admin through Manage Server or ownership, staff through a staff role, and nothing otherwise', async () => {
    const me = await d.h.call('GET', '/api/desk/me', { cookie: session });
    expect(me.json.guilds).toEqual([
      {
        guildId: guilds.managed,
        name: 'Managed',
        iconUrl: `https://cdn.discordapp.com/icons/${guilds.managed}/abc.png`,
        level: 'admin',
      },
      { guildId: guilds.owned, name: 'Owned', iconUrl: null, level: 'admin' },
      { guildId: guilds.categoryRole, name: 'Staff by category role', iconUrl: null, level: 'staff' },
      { guildId: guilds.staffRole, name: 'Staff by guild role', iconUrl: null, level: 'staff' },
    ]);
    // The guild's name follows Discord; its settings stay.
    const [row] =
      await d.owner`select name, staff_role_ids from discord_guilds where guild_id = ${guilds.staffRole}`;
    expect(row).toEqual({ name: 'Staff by guild role', staff_role_ids: [supportRole] });
  });

  it('lets staff read a guild but not change it', async () => {
    const read = await d.h.call('GET', `/api/desk/guilds/${guilds.staffRole}/categories`, {
      cookie: session,
    });
    expect(read.status).toBe(200);
    const write = await d.h.call('POST', `/api/desk/guilds/${guilds.staffRole}/categories`, {
      cookie: session,
      body: { name: 'Billing' },
    });
    expect(write.status).toBe(403);
    expect((await d.h.call('GET', `/api/desk/guilds/${guilds.member}`, { cookie: session })).status).toBe(
      404,
    );
  });

  it('drops access on refresh once the role is gone', async () => {
    d.fake.state.memberRoles.get(`${guilds.staffRole}:${alice.id}`)!.delete(supportRole);
    const res = await d.h.call('POST', '/api/desk/guilds/refresh', { cookie: session });
    expect(res.status).toBe(200);
    expect(res.json.guilds.map((g: { guildId: string }) => g.guildId)).not.toContain(guilds.staffRole);
    expect((await d.h.call('GET', `/api/desk/guilds/${guilds.staffRole}`, { cookie: session })).status).toBe(
      404,
    );
  });

  it('reads Discord permission bit fields of any size', () => {
    expect(canManage({ id: '1', name: 'x', icon: null, permissions: String(1n << 40n) })).toBe(false);
    expect(canManage({ id: '1', name: 'x', icon: null, permissions: String((1n << 40n) | 0x8n) })).toBe(true);
  });
});
