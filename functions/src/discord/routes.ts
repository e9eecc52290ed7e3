/**
 * Discord's HTTP interactions endpoint: verify the signature, answer PING, handle each interaction
 * id once, and dispatch to the feature that owns the command or custom_id. Discord waits 3 s for
 * the answer, so slow work is deferred into waitUntil and finished with an edit or a follow-up.
 */
import { createDiscordRest, type DiscordRest } from '@homelab/db/discord/rest';
import { discordInteractions } from '@homelab/db/schema';
import type { APIInteraction, APIInteractionResponse } from 'discord-api-types/v10';
import { lt, sql } from 'drizzle-orm';
import { limitBody } from '../lib/body';
import { afterResponse, db } from '../lib/context';
import { ApiError, badRequest, describeError } from '../lib/errors';
import { log } from '../lib/log';
import { createRouter } from '../lib/router';
import { buildRegistry, defaultHandlerSets, type Registry } from './registry';
import type { HandlerSet, InteractionContext, InteractionHandler } from './types';
import { verifyInteraction } from './verify';

const ephemeral = 64;
export const failedText = 'Something went wrong; try again.';

export type DiscordRoutesOptions = {
  /** Chance per handled interaction of deleting dedupe rows older than a day. */
  pruneChance?: number;
};

type Dispatch = { handler: InteractionHandler | undefined; label: string; unknown: APIInteractionResponse };

function say(content: string): APIInteractionResponse {
  return { type: 4, data: { content, flags: ephemeral } };
}

const noChoices: APIInteractionResponse = { type: 8, data: { choices: [] } };

function dispatchOf(registry: Registry, interaction: APIInteraction): Dispatch | undefined {
  switch (interaction.type) {
    case 2: {
      const name = interaction.data.name;
      return {
        handler: registry.commands.get(name),
        label: `/${name}`,
        unknown: say(
          `This command is not available here (/${name}). Ask an admin to run \`npm run discord:register\`.`,
        ),
      };
    }
    case 4: {
      const name = interaction.data.name;
      return { handler: registry.commands.get(name), label: `/${name}`, unknown: noChoices };
    }
    case 3:
    case 5: {
      const prefix = interaction.data.custom_id.split(':')[0] ?? '';
      const handlers = interaction.type === 3 ? registry.components : registry.modals;
      return {
        handler: handlers.get(prefix),
        label: prefix,
        unknown: say(`This action is not available here (${prefix}).`),
      };
    }
    default:
      return undefined;
  }
}

function isInteraction(value: unknown): value is APIInteraction {
  if (typeof value !== 'object' || value === null) return false;
  const { id, type, token, application_id } = value as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    typeof type === 'number' &&
    typeof token === 'string' &&
    typeof application_id === 'string'
  );
}

export function createDiscordRoutes(sets: HandlerSet[], options: DiscordRoutesOptions = {}) {
  const registry = buildRegistry(sets);
  const pruneChance = options.pruneChance ?? 1 / 200;
  const routes = createRouter();

  routes.post('/interactions', limitBody, async (c) => {
    const started = Date.now();
    const config = c.get('config');
    const publicKey = config.DISCORD_PUBLIC_KEY;
    const applicationId = config.DISCORD_APPLICATION_ID;
    const botToken = config.DISCORD_BOT_TOKEN;
    if (!publicKey || !applicationId || !botToken) {
      throw new ApiError(
        503,
        'discord_not_configured',
        'The Discord bot is not configured: set DISCORD_PUBLIC_KEY, DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN.',
      );
    }
    const raw = await c.req.text();
    await verifyInteraction(
      raw,
      { signature: c.req.header('x-signature-ed25519'), timestamp: c.req.header('x-signature-timestamp') },
      publicKey,
    );
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw badRequest('The interaction is not valid JSON.');
    }
    if (!isInteraction(parsed)) throw badRequest('The body is not a Discord interaction.');
    const interaction = parsed;
    if (interaction.type === 1) return c.json({ type: 1 });

    const dispatch = dispatchOf(registry, interaction);
    const done = (response: APIInteractionResponse, outcome: string) => {
      log('debug', 'discord interaction', {
        requestId: c.get('requestId'),
        type: interaction.type,
        name: dispatch?.label,
        guildId: interaction.guild_id,
        outcome,
        ms: Date.now() - started,
      });
      return c.json(response);
    };
    if (!dispatch) return done(say('This kind of interaction is not supported.'), 'unsupported');

    // Suggestions change nothing, and arrive on every keystroke: not worth a row each.
    if (interaction.type !== 4) {
      const { db: database } = db(c);
      const fresh = await database
        .insert(discordInteractions)
        .values({ id: interaction.id, guildId: interaction.guild_id ?? null })
        .onConflictDoNothing()
        .returning({ id: discordInteractions.id });
      if (fresh.length === 0) return done(say('Already handled.'), 'duplicate');
      if (Math.random() < pruneChance) {
        afterResponse(
          c,
          database
            .delete(discordInteractions)
            .where(lt(discordInteractions.receivedAt, sql`now() - interval '24 hours'`))
            .catch((err: unknown) =>
              log('warn', 'discord interaction prune failed', { error: describeError(err) }),
            ),
        );
      }
    }

    if (!dispatch.handler) return done(dispatch.unknown, 'unknown');

    let rest: DiscordRest | undefined;
    const client = () => {
      rest ??= createDiscordRest({ token: botToken, baseUrl: config.DISCORD_BASE_URL });
      return rest;
    };
    const webhook = `/webhooks/${applicationId}/${interaction.token}`;
    const editOriginal = async (body: unknown) => {
      await client().patch(`${webhook}/messages/@original`, body, { auth: false });
    };
    const followUp = async (body: unknown) => {
      await client().post(webhook, body, { auth: false });
    };

    // Deferred work starts once the answer is decided: before that there is no original to edit.
    const queued: (() => Promise<void>)[] = [];
    let answered: APIInteractionResponse | undefined;
    const runDeferred = (work: () => Promise<void>) => {
      const settled = (async () => {
        try {
          await work();
        } catch (err) {
          log('error', 'discord interaction follow-up failed', {
            requestId: c.get('requestId'),
            name: dispatch.label,
            error: describeError(err),
          });
          // A deferred message is still "thinking…": replace it. Anything else gets a private note.
          const tell =
            answered?.type === 5
              ? editOriginal({ content: failedText })
              : followUp({ content: failedText, flags: ephemeral });
          await tell.catch((tellErr: unknown) =>
            log('warn', 'discord interaction failure notice not sent', { error: describeError(tellErr) }),
          );
        }
      })();
      afterResponse(c, settled);
    };

    const ctx: InteractionContext = {
      interaction,
      get rest() {
        return client();
      },
      applicationId,
      c,
      defer(work) {
        if (answered) runDeferred(work);
        else queued.push(work);
      },
      editOriginal,
      followUp,
    };

    let response: APIInteractionResponse;
    try {
      response = await dispatch.handler(ctx);
    } catch (err) {
      log('error', 'discord interaction handler failed', {
        requestId: c.get('requestId'),
        type: interaction.type,
        name: dispatch.label,
        guildId: interaction.guild_id,
        error: describeError(err),
        ...(err instanceof Error ? { stack: err.stack } : {}),
      });
      return done(interaction.type === 4 ? noChoices : say(failedText), 'failed');
    }
    // Discord rejects any other answer to an autocomplete.
    if (interaction.type === 4 && response.type !== 8) response = noChoices;
    answered = response;
    for (const work of queued.splice(0)) runDeferred(work);
    return done(response, 'handled');
  });

  return routes;
}

export const discordRoutes = createDiscordRoutes(defaultHandlerSets);
