/**
 * For the ticket tests: the project's fake Discord (e2e/fakes/discord) with the bot's client and a
 * view of the calls made to it, and a database with a guild, connected as the app role so
 * Row-Level Security binds as in production.
 */
import { createDiscordRest } from '@homelab/db/discord/rest';
import * as schema from '@homelab/db/schema';
import { freshDatabase } from '@homelab/infra/test/fresh-database';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { startFakeDiscord } from '../../../e2e/fakes/discord/server';
import type { TicketDeps } from './service';

export const botUserId = '100000000000000001';

export type DiscordCall = { method: string; path: string; body: unknown };

/** The fake Discord with `botUserId` as its bot; `calls` are the REST requests since `reset()`. */
export async function ticketDiscord() {
  const fake = await startFakeDiscord({ applicationId: botUserId });
  let from = 0;
  return {
    fake,
    rest: createDiscordRest({ token: fake.botToken, baseUrl: fake.url, maxRetries: 0 }),
    get calls(): DiscordCall[] {
      return fake.requests
        .slice(from)
        .map((r) => ({ method: r.method, path: r.path.replace(/^\/api\/v10/, ''), body: r.body }));
    },
    reset() {
      from = fake.requests.length;
    },
  };
}

export type TicketDiscord = Awaited<ReturnType<typeof ticketDiscord>>;

/** A migrated database of its own: the app-role client for the code, the owner's for setup and checks. */
export async function ticketDatabase() {
  const { appUrl, ownerUrl } = await freshDatabase();
  // A request's client has one connection; racing requests each have their own, so a pool stands in.
  const appSql = postgres(appUrl, { max: 20, onnotice: () => {} });
  const db = drizzle(appSql, { schema });
  const owner = postgres(ownerUrl, { max: 2, onnotice: () => {} });
  return {
    db,
    owner,
    close: async () => {
      await appSql.end();
      await owner.end();
    },
  };
}

export function depsFor(db: TicketDeps['db'], rest: TicketDeps['rest']): TicketDeps {
  return { db, rest, botUserId };
}
