import type { Pool } from '@homelab/db/client/pool';
import { createPool } from '@homelab/db/client/pool';
import { createDiscordRest } from '@homelab/db/discord/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../../../e2e/fakes/discord/server';
import type { Config } from '../config';
import { createLogger } from '../log';
import { privateDatabaseUrl } from '../testing/database';
import { startTickets, type TicketsRunnerHandle } from './service';
import { insertCategory, insertGuild, insertTicket, postsIn } from './testing';

let pool: Pool;
let discord: FakeDiscord;
let rest: ReturnType<typeof createDiscordRest>;
let runner: TicketsRunnerHandle;
const log = createLogger({ level: 'error' });
const origin = 'https://lab.example.org';

function context(config: Partial<Config>) {
  return {
    pool,
    log,
    config: { publicOrigin: origin, ...config } as Config,
    signal: new AbortController().signal,
    crash: () => {},
  };
}

beforeAll(async () => {
  pool = createPool(await privateDatabaseUrl(), { max: 4, applicationName: 'tickets-tests' });
  discord = await startFakeDiscord();
  // No retries inside one try: a failure here is the job's to retry.
  rest = createDiscordRest({ token: discord.botToken, baseUrl: discord.url, maxRetries: 0 });
  runner = await startTickets(context({ discord: { botToken: discord.botToken, baseUrl: discord.url } }), {
    schedule: false,
    rest,
  });
});
afterAll(async () => {
  await runner?.stop();
  await discord?.close();
  await pool?.sql.end({ timeout: 5 });
});

/** A closed ticket with its channel (or thread) on the fake and a queued transcript job, as functions leave it. */
async function closedTicket(
  options: {
    mode?: 'channel' | 'thread';
    messages?: number;
    guild?: Record<string, unknown>;
    dmsClosed?: boolean;
  } = {},
) {
  const guild = discord.addGuild({ name: 'Rig City' });
  const transcriptChannel = discord.addChannel(guild.id, { name: 'transcripts' }).id;
  const guildId = await insertGuild(pool.sql, {
    guild_id: guild.id,
    transcript_channel_id: transcriptChannel,
    timezone: 'UTC',
    ...options.guild,
  });
  const categoryId = await insertCategory(pool.sql, guildId, { mode: options.mode ?? 'channel' });
  const opener = discord.addUser({ username: 'ada', dmsClosed: options.dmsClosed });
  discord.addMember(guild.id, opener.id);
  const parent = discord.addChannel(guild.id, { name: 'ticket-1' });
  const channelId =
    options.mode === 'thread'
      ? (await rest.post<{ id: string }>(`/channels/${parent.id}/threads`, { name: 'ticket-1', type: 12 })).id
      : parent.id;
  for (let i = 1; i <= (options.messages ?? 3); i++) discord.userSays(channelId, opener.id, `message ${i}`);
  const ticketId = await insertTicket(pool.sql, guildId, {
    category_id: categoryId,
    channel_id: channelId,
    opener_id: opener.id,
    status: 'closed',
    closed_at: '2030-01-07T09:00:00Z',
    close_reason: 'Solved',
  });
  const [job] = await pool.sql<{ id: string }[]>`
    insert into jobs (runner, kind, payload)
    values ('tickets-under-test', 'transcript', ${JSON.stringify({ ticketId, guildId })}::jsonb) returning id`;
  return { guildId, ticketId, channelId, transcriptChannel, openerId: opener.id, jobId: Number(job!.id) };
}

/** One try of the job, with the payload as the queue would hand it over (progress included). */
async function runJob(jobId: number) {
  const [row] = await pool.sql<
    { payload: Record<string, unknown> }[]
  >`select payload from jobs where id = ${jobId}`;
  return runner.jobs!.transcript!(row!.payload, {
    id: jobId,
    runner: 'tickets',
    kind: 'transcript',
    attempt: 1,
    maxAttempts: 5,
    requestId: null,
    signal: new AbortController().signal,
    log,
  });
}

async function storedTranscript(ticketId: string) {
  const [row] = await pool.sql<
    { html: string; text: string; message_count: number; attachments: unknown[] }[]
  >`
    select html, text, message_count, attachments from ticket_transcripts where ticket_id = ${ticketId}`;
  return row;
}

const surveysTo = (userId: string) => {
  const dm = discord.state.dms.get(userId);
  return dm ? postsIn(discord, dm) : [];
};
const exists = (channelId: string) => discord.state.channels.has(channelId);

describe('transcript job', () => {
  it('stores every message across pages, escaped, with attachments, posts the link, surveys the opener and deletes the channel', async () => {
    const t = await closedTicket({ messages: 150 });
    const first = discord.state.messages.get(t.channelId)![0]!;
    first.content = 'first <script>alert("x")</script>';
    const last = discord.state.messages.get(t.channelId)![149]!;
    last.attachments = [
      {
        id: '9',
        filename: 'log.txt',
        size: 2048,
        url: 'https://cdn.discordapp.com/log.txt',
        proxy_url: 'https://cdn.discordapp.com/log.txt',
      },
    ];

    await runJob(t.jobId);

    const pages = discord.requests.filter(
      (r) => r.method === 'GET' && r.path === `/api/v10/channels/${t.channelId}/messages`,
    );
    expect(pages).toHaveLength(2);
    const stored = (await storedTranscript(t.ticketId))!;
    expect(stored.message_count).toBe(150);
    expect(stored.html).toContain('first &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(stored.html).not.toContain('<script>');
    // Oldest first, none missing.
    const order = [...stored.text.matchAll(/message (\d+)/g)].map((m) => Number(m[1]));
    expect(order).toEqual(Array.from({ length: 150 }, (_, i) => i + 1).filter((n) => n !== 1));
    expect(stored.text).toContain('[attachment] log.txt (2.0 KB) https://cdn.discordapp.com/log.txt');
    expect(stored.attachments).toEqual([
      { messageId: last.id, name: 'log.txt', size: 2048, url: 'https://cdn.discordapp.com/log.txt' },
    ]);

    const [post] = postsIn(discord, t.transcriptChannel);
    const embed = (post!.body.embeds as { url: string; title: string }[])[0]!;
    expect(embed.url).toBe(`${origin}/desk/${t.guildId}/tickets/${t.ticketId}`);
    expect(post!.body.allowed_mentions).toEqual({ parse: [] });

    const dm = surveysTo(t.openerId);
    expect(dm).toHaveLength(1);
    const buttons = (dm[0]!.body.components as { components: { custom_id: string }[] }[])[0]!.components;
    expect(buttons.map((b) => b.custom_id)).toEqual(
      [1, 2, 3, 4, 5].map((stars) => `survey:${t.guildId}:${t.ticketId}:${stars}`),
    );
    expect(exists(t.channelId)).toBe(false);
  });

  it('archives and locks a thread instead of deleting it', async () => {
    const t = await closedTicket({ mode: 'thread' });
    await runJob(t.jobId);
    expect(discord.state.channels.get(t.channelId)!.thread_metadata).toMatchObject({
      archived: true,
      locked: true,
    });
  });

  it('makes no second transcript post and no second DM when a retry follows a failed step', async () => {
    const t = await closedTicket();
    discord.outage(`DELETE /channels/${t.channelId}`, 500);
    await expect(runJob(t.jobId)).rejects.toThrow(/500/);
    expect(exists(t.channelId)).toBe(true);

    await runJob(t.jobId);
    expect(postsIn(discord, t.transcriptChannel)).toHaveLength(1);
    expect(surveysTo(t.openerId)).toHaveLength(1);
    expect(exists(t.channelId)).toBe(false);
  });

  it('sends the transcript post with a nonce, so a post whose answer was lost is not doubled', async () => {
    const t = await closedTicket();
    // Discord created the message but the answer never arrived.
    discord.outage(`POST /channels/${t.transcriptChannel}/messages`, 502, 1, { afterEffect: true });
    await expect(runJob(t.jobId)).rejects.toThrow(/502/);
    await runJob(t.jobId);
    expect(discord.messages(t.transcriptChannel)).toHaveLength(1);
    const posts = postsIn(discord, t.transcriptChannel);
    expect(posts[0]!.body).toMatchObject({ enforce_nonce: true });
    expect(exists(t.channelId)).toBe(false);
  });

  it('finishes when the opener does not accept DMs, and counts an already deleted channel as done', async () => {
    const t = await closedTicket({ dmsClosed: true });
    discord.outage(`DELETE /channels/${t.channelId}`, 404, 1, {
      afterEffect: true,
      code: 10003,
      message: 'Unknown Channel',
    });
    await expect(runJob(t.jobId)).resolves.toMatchObject({ surveyed: false, removed: true });
    expect(surveysTo(t.openerId)).toHaveLength(0);
  });

  it('skips a ticket reopened before the job ran, leaving its channel alone', async () => {
    const t = await closedTicket();
    await pool.sql`update tickets set status = 'open', closed_at = null where id = ${t.ticketId}`;
    await expect(runJob(t.jobId)).resolves.toEqual({ skipped: 'reopened' });
    expect(await storedTranscript(t.ticketId)).toBeUndefined();
    expect(exists(t.channelId)).toBe(true);
  });

  it('posts no link without a public origin, and no survey when the guild turned it off', async () => {
    const t = await closedTicket({ guild: { survey_enabled: false } });
    const bare = await startTickets(
      context({ publicOrigin: undefined, discord: { botToken: discord.botToken, baseUrl: discord.url } }),
      {
        schedule: false,
      },
    );
    const [row] = await pool.sql<
      { payload: Record<string, unknown> }[]
    >`select payload from jobs where id = ${t.jobId}`;
    await bare.jobs!.transcript!(row!.payload, { id: t.jobId, log } as never);
    const embed = (postsIn(discord, t.transcriptChannel)[0]!.body.embeds as Record<string, unknown>[])[0]!;
    expect(embed.url).toBeUndefined();
    expect(JSON.stringify(embed)).not.toContain('/desk/');
    expect(discord.state.dms.has(t.openerId)).toBe(false);
    await bare.stop();
  });

  it('fails with a clear error without a bot token, and says so in its detail', async () => {
    const t = await closedTicket();
    const idle = await startTickets(context({ discord: { baseUrl: discord.url } }), { schedule: false });
    const [row] = await pool.sql<
      { payload: Record<string, unknown> }[]
    >`select payload from jobs where id = ${t.jobId}`;
    await expect(idle.jobs!.transcript!(row!.payload, { id: t.jobId, log } as never)).rejects.toThrow(
      /DISCORD_BOT_TOKEN is unset/,
    );
    expect(idle.detail!()).toMatchObject({ configured: false, lastSweepAt: null });
    expect(String(idle.detail!().note)).toMatch(/transcript jobs fail and retry/);
    await idle.stop();
  });
});
