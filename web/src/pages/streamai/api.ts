/** The studio's calls for the AI persona (`/api/stream/ai`), one function each, and their shapes. */
import type { Persona } from '@homelab/db/stream/persona-prompt';
import type { AiApi } from '@homelab/functions';
import { streamClient, unwrap } from '../../api/client';
import { openShape } from '../monitoring/api';

const ai = streamClient<AiApi>().ai;

export type { Persona };
export type Tone = Persona['tone'];

export interface PersonaAnswer {
  persona: Persona;
  source: 'channel' | 'tenant' | 'default';
  channels: { id: string; platform: string; displayName: string; custom: boolean }[];
}

export interface DayUsage {
  day: string;
  promptTokens: number;
  completionTokens: number;
  requests: number;
  fallbacks: number;
}
export interface AiUsage {
  today: DayUsage & { budget: number };
  days: DayUsage[];
}

export interface TestPreview {
  system: string;
  messages: { role: 'system' | 'user'; content: string }[];
  enabled: boolean;
  note: string;
}

export const getPersona = async (channelId?: string): Promise<PersonaAnswer> =>
  openShape<PersonaAnswer>(await unwrap(ai.persona.$get({ query: channelId ? { channelId } : {} })));

export const savePersona = async (persona: Persona, channelId?: string): Promise<PersonaAnswer> =>
  openShape<PersonaAnswer>(
    await unwrap(ai.persona.$put({ json: { ...persona, channelId: channelId ?? null } })),
  );

export const resetChannelPersona = async (channelId: string): Promise<void> => {
  await unwrap(ai.persona.$delete({ query: { channelId } }));
};

export const getUsage = async (): Promise<AiUsage> => openShape<AiUsage>(await unwrap(ai.usage.$get()));

export const testPersona = async (message: string, channelId?: string): Promise<TestPreview> =>
  openShape<TestPreview>(
    await unwrap(ai.test.$post({ json: channelId ? { message, channelId } : { message } })),
  );
