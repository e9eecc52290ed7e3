/** What an interaction handler receives and returns, and how a feature hands its handlers to the endpoint. */
import type { DiscordRest } from '@homelab/db/discord/rest';
import type {
  APIInteraction,
  APIInteractionResponse,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { AppContext } from '../lib/context';

export type InteractionContext = {
  interaction: APIInteraction;
  /** Bot-authorised client. */
  rest: DiscordRest;
  applicationId: string;
  /** Hono context (db(c), config, requestId). */
  c: AppContext;
  /** Work finished after the response (follow-ups); runs inside executionCtx.waitUntil. */
  defer(work: () => Promise<void>): void;
  /** Edit the original response / send a follow-up (interaction webhook, no bot auth). */
  editOriginal(body: unknown): Promise<void>;
  followUp(body: unknown): Promise<void>;
};

export type InteractionHandler = (ctx: InteractionContext) => Promise<APIInteractionResponse>;

export type HandlerSet = {
  /** Chat-input commands by name, and context-menu commands by their name. */
  commands?: Record<string, InteractionHandler>;
  /** Message components by custom_id prefix: the part before the first ':'. */
  components?: Record<string, InteractionHandler>;
  /** Modal submits by custom_id prefix. */
  modals?: Record<string, InteractionHandler>;
  /** Command definitions for registration, the same objects the handlers serve. */
  definitions?: RESTPostAPIApplicationCommandsJSONBody[];
};
