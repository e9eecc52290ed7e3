/**
 * The studio's calls for the chat tools (`/api/stream`): quotes, keyword triggers, counters and
 * the viewer queue, one function each, and the shapes they answer.
 */
import type { ChatToolsApi } from '@homelab/functions';
import { streamClient, unwrap } from '../../api/client';
import { openShape } from '../monitoring/api';
import type { Platform, UserLevel } from './api';

const tools = streamClient<ChatToolsApi>();

export interface BotQuote {
  id: number;
  number: number;
  text: string;
  author: string | null;
  game: string | null;
  addedBy: string | null;
  createdAt: string;
}
export interface QuoteInput {
  text: string;
  author: string | null;
  game: string | null;
}

export interface BotKeyword {
  id: string;
  pattern: string;
  response: string;
  cooldownS: number;
  minLevel: UserLevel;
  enabled: boolean;
  createdAt: string;
}
export type KeywordInput = Omit<BotKeyword, 'id' | 'createdAt'>;

export interface BotCounter {
  name: string;
  value: number;
  updatedAt: string;
}

export interface QueueEntry {
  id: number;
  userName: string;
  platform: Platform;
  note: string | null;
  joinedAt: string;
  pickedAt: string | null;
}
export interface ViewerQueue {
  open: boolean;
  waiting: QueueEntry[];
  picked: QueueEntry[];
}

/** The server's rule for counter names (letters, digits, _ and -, at most 40). */
export const counterNamePattern = /^[A-Za-z0-9_-]{1,40}$/;

// ── Quotes ────────────────────────────────────────────────────────────────────────────────────

export const listQuotes = async (): Promise<BotQuote[]> =>
  openShape<BotQuote[]>((await unwrap(tools.quotes.$get())).quotes);

export const addQuote = async (input: QuoteInput): Promise<BotQuote> =>
  openShape<BotQuote>(await unwrap(tools.quotes.$post({ json: input })));

export const editQuote = async (id: number, change: Partial<QuoteInput>): Promise<BotQuote> =>
  openShape<BotQuote>(await unwrap(tools.quotes[':id'].$patch({ param: { id: String(id) }, json: change })));

export const deleteQuote = async (id: number) => {
  await unwrap(tools.quotes[':id'].$delete({ param: { id: String(id) } }));
};

// ── Keywords ──────────────────────────────────────────────────────────────────────────────────

export const listKeywords = async (): Promise<BotKeyword[]> =>
  openShape<BotKeyword[]>((await unwrap(tools.keywords.$get())).keywords);

export const createKeyword = async (input: KeywordInput): Promise<BotKeyword> =>
  openShape<BotKeyword>(await unwrap(tools.keywords.$post({ json: input })));

export const updateKeyword = async (id: string, change: Partial<KeywordInput>): Promise<BotKeyword> =>
  openShape<BotKeyword>(await unwrap(tools.keywords[':id'].$patch({ param: { id }, json: change })));

export const deleteKeyword = async (id: string) => {
  await unwrap(tools.keywords[':id'].$delete({ param: { id } }));
};

// ── Counters ──────────────────────────────────────────────────────────────────────────────────

export const listCounters = async (): Promise<BotCounter[]> =>
  openShape<BotCounter[]>((await unwrap(tools.counters.$get())).counters);

export const setCounter = async (name: string, value: number): Promise<BotCounter> =>
  openShape<BotCounter>(await unwrap(tools.counters[':name'].$put({ param: { name }, json: { value } })));

export const deleteCounter = async (name: string) => {
  await unwrap(tools.counters[':name'].$delete({ param: { name } }));
};

// ── Viewer queue ──────────────────────────────────────────────────────────────────────────────

export const getQueue = async (): Promise<ViewerQueue> =>
  openShape<ViewerQueue>(await unwrap(tools.queue.$get()));

export const pickFromQueue = async (input: { count: number; random: boolean }): Promise<QueueEntry[]> =>
  openShape<QueueEntry[]>((await unwrap(tools.queue.pick.$post({ json: input }))).picked);

export const removeFromQueue = async (id: number) => {
  await unwrap(tools.queue[':id'].$delete({ param: { id: String(id) } }));
};

export const clearQueue = async (): Promise<number> => (await unwrap(tools.queue.clear.$post())).removed;

export const setQueueOpen = async (open: boolean): Promise<boolean> =>
  (await unwrap(tools.queue[':state'].$post({ param: { state: open ? 'open' : 'close' } }))).open;
