/**
 * The one shape every platform's chat and notifications take (Twitch IRC and EventSub, Kick
 * webhooks, YouTube live chat), so chat features never ask which platform an event came from.
 */
import { z } from 'zod';
import { chatEventKinds, chatPlatforms } from '../schema/stream';

export const userLevels = ['everyone', 'follower', 'subscriber', 'vip', 'moderator', 'broadcaster'] as const;
export type UserLevel = (typeof userLevels)[number];

export const chatEventSchema = z.object({
  tenantId: z.string().uuid(),
  channelId: z.string().uuid(),
  platform: z.enum(chatPlatforms),
  kind: z.enum(chatEventKinds),
  /** The platform's id of the message or notification (dedupe across redeliveries). */
  platformEventId: z.string().nullable(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  text: z.string().nullable(),
  /**
   * Normalized facts by kind: message/command {level, badges, color?, replyTo?}; command also
   * {command, args}; sub {tier, months, gifted}; gift {tier, count}; raid {viewers, fromLogin};
   * cheer {bits}; redemption {reward, cost, input?}; stream_online {title?, game?}.
   */
  detail: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export type ChatEvent = z.infer<typeof chatEventSchema>;

/** What a chat feature (or the studio) sends into a channel. */
export const chatSendSchema = z
  .object({
    channelId: z.string().uuid(),
    text: z.string().trim().min(1, 'Write something').max(500, 'Chat messages hold at most 500 characters'),
    replyTo: z.string().max(100).optional(),
  })
  .strict();
export type ChatSend = z.infer<typeof chatSendSchema>;

/** `!name args…` as a command; anything else stays a message. */
export function parseCommand(text: string): { command: string; args: string[] } | null {
  const match = /^!([\p{L}\p{N}_-]{1,40})(?:\s+(.*))?$/u.exec(text.trim());
  if (!match) return null;
  return { command: match[1]!.toLowerCase(), args: (match[2] ?? '').split(/\s+/).filter(Boolean) };
}
