/**
 * The studio's calls for custom commands, timers and the bot's settings (`/api/stream`), one
 * function each, and the shapes they answer.
 */
import type { CommandPreviewApi, CommandsApi, TimersApi } from '@homelab/functions';
import { streamClient, unwrap } from '../../api/client';
import { openShape } from '../monitoring/api';

const commands = streamClient<CommandsApi>().commands;
const preview = streamClient<CommandPreviewApi>().commands.preview;
const timers = streamClient<TimersApi>().timers;

export type Platform = 'twitch' | 'youtube' | 'kick';
export type UserLevel = 'everyone' | 'follower' | 'subscriber' | 'vip' | 'moderator' | 'broadcaster';
export type ResponseType = 'say' | 'reply' | 'whisper';

export interface BotCommand {
  id: string;
  name: string;
  aliases: string[];
  response: string;
  responseType: ResponseType;
  platforms: Platform[];
  minLevel: UserLevel;
  globalCooldownS: number;
  userCooldownS: number;
  cost: number;
  enabled: boolean;
  uses: number;
  createdAt: string;
  updatedAt: string;
}
export type BotCommandInput = Omit<BotCommand, 'id' | 'uses' | 'createdAt' | 'updatedAt'>;

export interface BuiltinCommand {
  name: string;
  aliases: string[];
  level: UserLevel | 'modLevel';
  area: string;
  description: string;
  usage: string;
}

export interface BotTimer {
  id: string;
  name: string;
  message: string;
  intervalS: number;
  minLines: number;
  onlineOnly: boolean;
  platforms: Platform[];
  enabled: boolean;
  lastRunAt: string | null;
  createdAt: string;
}
export type BotTimerInput = Omit<BotTimer, 'id' | 'lastRunAt' | 'createdAt'>;

export interface TemplateError {
  message: string;
  start: number;
  end: number;
}
export type PreviewResult = { ok: true; text: string } | { ok: false; error: TemplateError };

// ── Commands ──────────────────────────────────────────────────────────────────────────────────

export const listCommands = async (): Promise<BotCommand[]> =>
  openShape<BotCommand[]>((await unwrap(commands.$get())).commands);

export const listBuiltins = async (): Promise<BuiltinCommand[]> =>
  openShape<BuiltinCommand[]>((await unwrap(commands.builtins.$get())).commands);

export const createCommand = async (input: BotCommandInput): Promise<BotCommand> =>
  openShape<BotCommand>(await unwrap(commands.$post({ json: input })));

export const updateCommand = async (id: string, change: Partial<BotCommandInput>): Promise<BotCommand> =>
  openShape<BotCommand>(await unwrap(commands[':id'].$patch({ param: { id }, json: change })));

export const deleteCommand = async (id: string) => {
  await unwrap(commands[':id'].$delete({ param: { id } }));
};

/** A parse error is an answer (ok: false), not a thrown error. */
export const previewTemplate = async (input: {
  template: string;
  user?: string;
  args?: string;
}): Promise<PreviewResult> => openShape<PreviewResult>(await unwrap(preview.$post({ json: input })));

// ── Timers ────────────────────────────────────────────────────────────────────────────────────

export const listTimers = async (): Promise<BotTimer[]> =>
  openShape<BotTimer[]>((await unwrap(timers.$get())).timers);

export const createTimer = async (input: BotTimerInput): Promise<BotTimer> =>
  openShape<BotTimer>(await unwrap(timers.$post({ json: input })));

export const updateTimer = async (id: string, change: Partial<BotTimerInput>): Promise<BotTimer> =>
  openShape<BotTimer>(await unwrap(timers[':id'].$patch({ param: { id }, json: change })));

export const deleteTimer = async (id: string) => {
  await unwrap(timers[':id'].$delete({ param: { id } }));
};
