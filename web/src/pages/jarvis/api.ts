/**
 * Every call the Jarvis pages make to `/api/jarvis`, through the typed client, and the live feed's
 * URL for EventSource. The shapes are the API's own (inferred from its routes).
 */
import type { JarvisSettings } from '@homelab/db/jarvis/settings';
import { api, unwrap } from '../../api/client';

const jarvis = api.api.jarvis;

type Ok<T extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<T>>;

export const getAttention = () => unwrap(jarvis.attention.$get());
export type Attention = Ok<typeof getAttention>;

export const listConversations = async () =>
  (await unwrap(jarvis.conversations.$get({ query: {} }))).conversations;
export type Conversation = Ok<typeof listConversations>[number];

export const getConversation = (id: string) => unwrap(jarvis.conversations[':id'].$get({ param: { id } }));
export type ConversationDetail = Ok<typeof getConversation>;
export type Message = ConversationDetail['messages'][number];
export type ToolCall = ConversationDetail['toolCalls'][number];

/** Starts a conversation; Jarvis answers on its live feed. */
export const startConversation = (message: string) =>
  unwrap(jarvis.conversations.$post({ json: { message } }));

export const sendMessage = (id: string, message: string) =>
  unwrap(jarvis.conversations[':id'].messages.$post({ param: { id }, json: { message } }));

export const deleteConversation = async (id: string) => {
  await unwrap(jarvis.conversations[':id'].$delete({ param: { id } }));
};

export const conversationStreamUrl = (id: string) =>
  `/api/jarvis/conversations/${encodeURIComponent(id)}/stream`;

export const listPendingCalls = async () => (await unwrap(jarvis['tool-calls'].pending.$get())).calls;
export type PendingCall = Ok<typeof listPendingCalls>[number];

export const approveCall = (id: string) =>
  unwrap(jarvis['tool-calls'][':id'].approve.$post({ param: { id }, json: {} }));

export const denyCall = (id: string, reason?: string) =>
  unwrap(jarvis['tool-calls'][':id'].deny.$post({ param: { id }, json: reason ? { reason } : {} }));

export const listPolicies = async () => (await unwrap(jarvis.policies.$get())).policies;
export type Policy = Ok<typeof listPolicies>[number];

export const createPolicy = (tool: string, target: string) =>
  unwrap(jarvis.policies.$post({ json: { tool, target, autonomous: true } }));

export const deletePolicy = async (id: string) => {
  await unwrap(jarvis.policies[':id'].$delete({ param: { id } }));
};

export const listRunbooks = async () => (await unwrap(jarvis.runbooks.$get())).runbooks;
export type Runbook = Ok<typeof listRunbooks>[number];
export type RunbookInput = Pick<Runbook, 'title' | 'symptoms' | 'body' | 'allowedTools'>;

export const createRunbook = (input: RunbookInput) => unwrap(jarvis.runbooks.$post({ json: input }));

export const updateRunbook = (id: string, input: RunbookInput) =>
  unwrap(jarvis.runbooks[':id'].$put({ param: { id }, json: input }));

export const deleteRunbook = async (id: string) => {
  await unwrap(jarvis.runbooks[':id'].$delete({ param: { id } }));
};

export const listDiagnoses = async (q?: string) =>
  (await unwrap(jarvis.diagnoses.$get({ query: q ? { q } : {} }))).diagnoses;
export type Diagnosis = Ok<typeof listDiagnoses>[number];

export const getSettings = (): Promise<JarvisSettings> => unwrap(jarvis.settings.$get());

export const saveSettings = (settings: JarvisSettings): Promise<JarvisSettings> =>
  unwrap(jarvis.settings.$put({ json: settings }));

export const getUsage = () => unwrap(jarvis.usage.$get());
export type Usage = Ok<typeof getUsage>;
