import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMemberWith, deskHarness } from './testing';

const guildId = '230000000000000001';
const otherGuild = '230000000000000002';
const alice = { id: '330000000000000001', username: 'alice' };
const sam = '630000000000000001';
const sky = '630000000000000002';

describe('ticket analytics', () => {
  let d: Awaited<ReturnType<typeof deskHarness>>;
  let session: string | null;

  beforeAll(async () => {
    d = await deskHarness();
    d.fake.addUser(alice);
    d.fake.addGuild({ id: guildId, name: 'Alpha' });
    addMemberWith(d.fake, guildId, alice.id, { permissions: 0x20n });
    session = (await d.signIn(alice.id)).session;
    await d.owner`update discord_guilds set timezone = 'Asia/Kolkata' where guild_id = ${guildId}`;
    await d.owner`insert into discord_guilds (guild_id, name) values (${otherGuild}, 'Other')`;
    const [support] =
      await d.owner`insert into ticket_categories (guild_id, name, sla_first_response_minutes, sla_resolution_minutes)
      values (${guildId}, 'Support', 30, 120) returning id`;
    const [billing] =
      await d.owner`insert into ticket_categories (guild_id, name) values (${guildId}, 'Billing') returning id`;

    // Two days ago at 10:00 UTC, which is 15:30 in Kolkata (no daylight saving there).
    const t = new Date();
    t.setUTCDate(t.getUTCDate() - 2);
    t.setUTCHours(10, 0, 0, 0);
    const at = (minutes: number) => new Date(t.getTime() + minutes * 60_000);
    const tickets = [
      // number, category, status, created, first response, closed, claimed by, closed by, rating
      [1, support!.id, 'closed', at(0), at(10), at(60), sam, sam, 5],
      [2, support!.id, 'closed', at(0), at(20), at(100), sam, sky, 4],
      [3, support!.id, 'closed', at(0), at(40), at(200), sky, sky, 1],
      [4, billing!.id, 'open', at(60), null, null, null, null, null],
      [5, null, 'awaiting_user', at(60), at(65), null, sam, null, null],
    ] as const;
    for (const [
      number,
      categoryId,
      status,
      created,
      firstResponse,
      closed,
      claimedBy,
      closedBy,
      rating,
    ] of tickets) {
      await d.owner`insert into tickets (guild_id, number, category_id, opener_id, opener_name, subject, status,
          created_at, first_response_at, closed_at, claimed_by, claimed_at, closed_by, rating)
        values (${guildId}, ${number}, ${categoryId}, '730000000000000001', 'Opal', 'Help', ${status},
          ${created}, ${firstResponse}, ${closed}, ${claimedBy}, ${claimedBy ? created : null}, ${closedBy}, ${rating})`;
    }
    // Outside the window, and another guild's: neither counts.
    await d.owner`insert into tickets (guild_id, number, opener_id, opener_name, subject, status, created_at, first_response_at, closed_at, claimed_by, claimed_at, closed_by, rating)
      values (${guildId}, 6, '730000000000000001', 'Opal', 'Old', 'closed', now() - interval '60 days', now() - interval '60 days',
        now() - interval '59 days', ${sam}, now() - interval '60 days', ${sam}, 2),
      (${otherGuild}, 1, '730000000000000001', 'Opal', 'Elsewhere', 'open', now(), null, null, null, null, null, 3)`;
    const [first] = await d.owner`select id from tickets where guild_id = ${guildId} and number = 1`;
    await d.owner`insert into ticket_events (guild_id, ticket_id, kind, actor_id, actor_name) values (${guildId}, ${first!.id}, 'claimed', ${sam}, 'Sam')`;
  });
  afterAll(() => d.close());

  it('computes response and resolution times, counts, ratings, backlog, hours and SLA breaches', async () => {
    const res = await d.h.call('GET', `/api/desk/guilds/${guildId}/analytics?days=30`, { cookie: session });
    expect(res.status).toBe(200);
    const hours = Array(24).fill(0);
    hours[15] = 3;
    hours[16] = 2;
    expect(res.json).toEqual({
      days: 30,
      // first responses 5, 10, 20, 40 min; resolutions 60, 100, 200 min (continuous percentiles)
      firstResponse: { medianMinutes: 15, p90Minutes: 34 },
      resolution: { medianMinutes: 100, p90Minutes: 180 },
      byCategory: [
        { categoryId: expect.any(String), name: 'Support', count: 3 },
        { categoryId: expect.any(String), name: 'Billing', count: 1 },
        { categoryId: null, name: 'No category', count: 1 },
      ],
      byStaff: [
        { staffId: sky, name: sky, claimed: 1, closed: 2 },
        { staffId: sam, name: 'Sam', claimed: 3, closed: 1 },
      ],
      ratings: { average: 3.3, count: 3, distribution: [1, 0, 0, 1, 1] },
      backlog: { open: 1, awaitingUser: 1, unclaimed: 1 },
      busiestHours: hours,
      sla: { breachedFirstResponse: 1, breachedResolution: 1 },
    });
  });

  it('answers an empty guild with nulls and zeros, and refuses a window over a year', async () => {
    await d.owner`delete from tickets where guild_id = ${guildId}`;
    const empty = await d.h.call('GET', `/api/desk/guilds/${guildId}/analytics`, { cookie: session });
    expect(empty.json).toMatchObject({
      days: 30,
      firstResponse: { medianMinutes: null, p90Minutes: null },
      ratings: { average: null, count: 0, distribution: [0, 0, 0, 0, 0] },
      busiestHours: Array(24).fill(0),
    });
    const tooLong = await d.h.call('GET', `/api/desk/guilds/${guildId}/analytics?days=400`, {
      cookie: session,
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.fields.days).toBeDefined();
    expect(
      (await d.h.call('GET', `/api/desk/guilds/${otherGuild}/analytics`, { cookie: session })).status,
    ).toBe(404);
  });
});
