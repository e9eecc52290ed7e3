/** Every message of a ticket's channel or thread, read back page by page (Discord gives at most 100 per call). */
import type { DiscordRest } from '@homelab/db/discord/rest';
import type { APIMessage } from 'discord-api-types/v10';

const pageSize = 100;
/** A runaway channel cannot keep a job busy forever: 200 pages is 20,000 messages. */
const maxPages = 200;

/** Oldest first. */
export async function fetchChannelMessages(rest: DiscordRest, channelId: string): Promise<APIMessage[]> {
  const pages: APIMessage[][] = [];
  let before: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const batch = await rest.get<APIMessage[]>(`/channels/${channelId}/messages`, {
      query: { limit: pageSize, before },
    });
    if (batch.length === 0) break;
    pages.push(batch);
    // Discord answers newest first; the oldest of this page is where the next one starts.
    before = oldestId(batch);
    if (batch.length < pageSize) break;
  }
  // A message posted while paging can shift a page boundary: each id is kept once.
  const byId = new Map(pages.flat().map((message) => [message.id, message]));
  return [...byId.values()].sort((a, b) => compareSnowflakes(a.id, b.id));
}

function oldestId(batch: APIMessage[]) {
  return batch.reduce(
    (oldest, message) => (compareSnowflakes(message.id, oldest) < 0 ? message.id : oldest),
    batch[0]!.id,
  );
}

/** Snowflakes are 64-bit: compared as BigInt, because as numbers they lose precision. */
export function compareSnowflakes(a: string, b: string) {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
