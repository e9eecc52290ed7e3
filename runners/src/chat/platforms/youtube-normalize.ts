/**
 * YouTube live chat messages (liveChatMessages resources) into ChatEvents.
 */
import { type ChatEvent, parseCommand, type UserLevel } from '@homelab/db/stream/events';
import type { JoinedChannel } from '../types';

export type YoutubeChatItem = {
  id: string;
  snippet: {
    type: string;
    publishedAt?: string;
    displayMessage?: string;
    textMessageDetails?: { messageText?: string };
    superChatDetails?: {
      amountMicros?: string;
      currency?: string;
      amountDisplayString?: string;
      userComment?: string;
      tier?: number;
    };
    superStickerDetails?: {
      amountMicros?: string;
      currency?: string;
      amountDisplayString?: string;
      tier?: number;
    };
    newSponsorDetails?: { memberLevelName?: string; isUpgrade?: boolean };
    memberMilestoneChatDetails?: { memberLevelName?: string; memberMonth?: number; userComment?: string };
    membershipGiftingDetails?: { giftMembershipsCount?: number; giftMembershipsLevelName?: string };
  };
  authorDetails?: {
    channelId?: string;
    displayName?: string;
    isChatOwner?: boolean;
    isChatModerator?: boolean;
    isChatSponsor?: boolean;
    isVerified?: boolean;
  };
};

function level(author: YoutubeChatItem['authorDetails']): UserLevel {
  if (author?.isChatOwner) return 'broadcaster';
  if (author?.isChatModerator) return 'moderator';
  if (author?.isChatSponsor) return 'subscriber';
  return 'everyone';
}

function badges(author: YoutubeChatItem['authorDetails']): Record<string, string> {
  const out: Record<string, string> = {};
  if (author?.isChatOwner) out.owner = '1';
  if (author?.isChatModerator) out.moderator = '1';
  if (author?.isChatSponsor) out.member = '1';
  if (author?.isVerified) out.verified = '1';
  return out;
}

/** A live chat item as a ChatEvent; null for kinds the model does not carry (deletions, bans, polls). */
export function normalizeYoutubeItem(
  item: YoutubeChatItem,
  channel: Pick<JoinedChannel, 'tenantId' | 'channelId'>,
): ChatEvent | null {
  const s = item.snippet;
  const author = item.authorDetails;
  const base = {
    tenantId: channel.tenantId,
    channelId: channel.channelId,
    platform: 'youtube' as const,
    platformEventId: item.id,
    userId: author?.channelId ?? null,
    userName: author?.displayName ?? null,
    at: s.publishedAt ? new Date(s.publishedAt).toISOString() : new Date().toISOString(),
  };
  const who = { level: level(author), badges: badges(author) };
  switch (s.type) {
    case 'textMessageEvent': {
      const text = s.textMessageDetails?.messageText ?? s.displayMessage ?? '';
      const command = parseCommand(text);
      return command
        ? { ...base, kind: 'command', text, detail: { ...who, command: command.command, args: command.args } }
        : { ...base, kind: 'message', text, detail: who };
    }
    case 'superChatEvent':
    case 'superStickerEvent': {
      const d = s.superChatDetails ?? s.superStickerDetails ?? {};
      return {
        ...base,
        kind: 'cheer',
        text: s.superChatDetails?.userComment ?? null,
        detail: {
          ...who,
          amount: Number(d.amountMicros ?? 0) / 1_000_000,
          currency: d.currency ?? null,
          display: d.amountDisplayString ?? null,
          tier: d.tier ?? null,
          sticker: s.type === 'superStickerEvent',
        },
      };
    }
    case 'newSponsorEvent':
      return {
        ...base,
        kind: 'sub',
        text: null,
        detail: {
          tier: 1,
          months: 1,
          gifted: false,
          levelName: s.newSponsorDetails?.memberLevelName ?? null,
          upgrade: s.newSponsorDetails?.isUpgrade ?? false,
        },
      };
    case 'memberMilestoneChatEvent':
      return {
        ...base,
        kind: 'sub',
        text: s.memberMilestoneChatDetails?.userComment ?? null,
        detail: {
          tier: 1,
          months: s.memberMilestoneChatDetails?.memberMonth ?? 1,
          gifted: false,
          levelName: s.memberMilestoneChatDetails?.memberLevelName ?? null,
        },
      };
    case 'membershipGiftingEvent':
      return {
        ...base,
        kind: 'gift',
        text: null,
        detail: {
          tier: 1,
          count: s.membershipGiftingDetails?.giftMembershipsCount ?? 1,
          levelName: s.membershipGiftingDetails?.giftMembershipsLevelName ?? null,
        },
      };
    default:
      return null;
  }
}
