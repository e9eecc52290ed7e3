/**
 * The transcript job against the project's fake Discord (e2e/fakes/discord), which checks message
 * bodies against Discord's documented limits the way Discord does.
 */
import { createPool, type Pool } from '@homelab/db/client/pool';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../../../e2e/fakes/discord/server';
import type { Config } from '../config';
import { createLogger } from '../log';
import { privateDatabaseUrl } from '../testing/database';
import { startTickets } from './service';
import { insertCategory, insertGuild, insertTicket } from './testing';

let pool: Pool;
let discord: FakeDiscord;
const log = createLogger({ level: 'error' });

beforeAll(async () => {
  pool = createPool(await privateDatabaseUrl(), { max: 2 });
  discord = await startFakeDiscord();
});
afterAll(async () => {
  await discord?.close();
  await pool?.sql.end({ timeout: 5 });
});

it('closes a ticket end to end: transcript stored and posted, survey sent, channel deleted', async () => {
  const guild = discord.addGuild({ name: 'Rig City' });
  const opener = discord.addUser({ username: 'ada', globalName: 'Ada' });
  discord.addMember(guild.id, opener.id);
  const ticketChannel = discord.addChannel(guild.id, { name: 'ticket-1' });
  const transcripts = discord.addChannel(guild.id, { name: 'transcripts' });
  for (let i = 1; i <= 120; i += 1) discord.userSays(ticketChannel.id, opener.id, `line ${i}`);
  discord.userSays(ticketChannel.id, opener.id, 'see <b>this</b>', [
    { url: 'https://cdn.example.test/shot.png', filename: 'shot.png', size: 5_000 },
  ]);

  await insertGuild(pool.sql, { guild_id: guild.id, transcript_channel_id: transcripts.id });
  const categoryId = await insertCategory(pool.sql, guild.id);
  const ticketId = await insertTicket(pool.sql, guild.id, {
    category_id: categoryId,
    channel_id: ticketChannel.id,
    opener_id: opener.id,
    status: 'closed',
    closed_at: new Date().toISOString(),
  });
  const runner = await startTickets(
    {
      pool,
      log,
      config: {
        publicOrigin: 'https://lab.example.org',
        discord: { botToken: discord.botToken, baseUrl: discord.url },
      } as Config,
      signal: new AbortController().signal,
      crash: () => {},
    },
    { schedule: false },
  );
  await runner.jobs!.transcript!({ ticketId, guildId: guild.id }, { id: 0, log } as never);
  await runner.stop();

  const [stored] = await pool.sql<{ message_count: number; html: string }[]>`
    select message_count, html from ticket_transcripts where ticket_id = ${ticketId}`;
  expect(stored!.message_count).toBe(121);
  expect(stored!.html).toContain('see &lt;b&gt;this&lt;/b&gt;');
  expect(stored!.html).toContain('shot.png');
  const [post] = discord.messages(transcripts.id);
  expect((post!.embeds[0] as { url?: string }).url).toBe(
    `https://lab.example.org/desk/${guild.id}/tickets/${ticketId}`,
  );
  const survey = discord.requests.find(
    (r) => r.route === 'POST /channels/:channel_id/messages' && JSON.stringify(r.body).includes('survey:'),
  );
  expect(survey?.status).toBe(200);
  expect(discord.state.channels.has(ticketChannel.id)).toBe(false);
});
