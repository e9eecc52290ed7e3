/**
 * The studio's calls for moderation (`/api/stream`): the log and review queue, approve and undo,
 * the allow-list, and the bot settings' `moderation` part (PATCH merges it into the rest).
 */
import type { BotSettingsApi, ModerationApi } from '@homelab/functions';
import { streamClient, unwrap } from '../../api/client';
import { openShape } from '../monitoring/api';

const moderation = streamClient<ModerationApi>().moderation;
const settings = streamClient<BotSettingsApi>().settings;

export type UserLevel = 'everyone' | 'follower' | 'subscriber' | 'vip' | 'moderator' | 'broadcaster';
export type ModActionKind = 'warn' | 'delete' | 'timeout' | 'ban';
export type ModState = 'done' | 'failed' | 'approved' | 'undone';
export type AllowKind = 'phrase' | 'user' | 'link';

export interface EscalationStep {
  action: ModActionKind;
  durationS?: number;
}

export interface ModerationSettings {
  enabled: boolean;
  exemptLevel: UserLevel;
  links: { enabled: boolean; allow: string[]; permitS: number };
  caps: { enabled: boolean; maxPercent: number; minLength: number };
  symbols: { enabled: boolean; maxPercent: number };
  emotes: { enabled: boolean; max: number };
  repetition: { enabled: boolean; max: number; windowS: number };
  length: { enabled: boolean; max: number };
  banned: string[];
  firstTimeStrict: boolean;
  escalation: { steps: EscalationStep[]; windowS: number };
  ai: { enabled: boolean; thresholds: Record<string, number>; reviewFrom: number };
  antiRaid: { enabled: boolean; newChatters: number; windowS: number; holdS: number; slowS: number };
}

export interface ModAction {
  id: number;
  channelId: string;
  platform: 'twitch' | 'youtube' | 'kick';
  userId: string;
  userName: string;
  message: string;
  rule: string;
  score: number | null;
  action: ModActionKind;
  durationS: number | null;
  reason: string;
  state: ModState;
  review: boolean;
  detail: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  createdAt: string;
}

export interface AllowEntry {
  kind: AllowKind;
  value: string;
  addedBy: string | null;
  createdAt: string;
}

export interface ActionQuery {
  state?: ModState | 'review';
  rule?: string;
  user?: string;
  cursor?: string;
}

export const listActions = async (
  query: ActionQuery = {},
): Promise<{ actions: ModAction[]; nextCursor: string | null }> =>
  openShape(
    await unwrap(
      moderation.actions.$get({
        query: {
          state: query.state,
          rule: query.rule || undefined,
          user: query.user || undefined,
          cursor: query.cursor,
        },
      }),
    ),
  );

export const approveAction = async (id: number): Promise<ModAction> =>
  openShape(await unwrap(moderation.actions[':id'].approve.$post({ param: { id: String(id) } })));

export const undoAction = async (
  id: number,
  allow?: AllowKind | 'none',
): Promise<{ action: ModAction; allowed: AllowEntry | null }> =>
  openShape(
    await unwrap(
      moderation.actions[':id'].undo.$post({ param: { id: String(id) }, json: allow ? { allow } : {} }),
    ),
  );

export const listAllowlist = async (): Promise<AllowEntry[]> =>
  openShape<{ entries: AllowEntry[] }>(await unwrap(moderation.allowlist.$get())).entries;

export const addAllow = async (kind: AllowKind, value: string): Promise<AllowEntry> =>
  openShape(await unwrap(moderation.allowlist.$post({ json: { kind, value } })));

export const removeAllow = async (kind: AllowKind, value: string): Promise<void> => {
  await unwrap(moderation.allowlist.$delete({ query: { kind, value } }));
};

export const getModerationSettings = async (): Promise<ModerationSettings> =>
  openShape<{ moderation: ModerationSettings }>((await unwrap(settings.$get())).settings).moderation;

/** Merges `part` into the stored moderation settings (arrays replace); answers the result. */
export const patchModerationSettings = async (
  part: Partial<ModerationSettings>,
): Promise<ModerationSettings> =>
  openShape<{ moderation: ModerationSettings }>(
    (
      await unwrap(
        settings.$patch({
          json: { moderation: part } as unknown as Parameters<typeof settings.$patch>[0]['json'],
        }),
      )
    ).settings,
  ).moderation;
