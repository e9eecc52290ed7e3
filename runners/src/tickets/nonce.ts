/**
 * Nonces for the messages the tickets runner creates: with `enforce_nonce`, Discord returns the
 * message it already made for a nonce it saw from the bot in the last few minutes instead of
 * posting it again, so a retry whose first answer was lost does not double the message.
 */
import { createHash } from 'node:crypto';

/** Stable for one ticket, one close and one purpose; Discord allows at most 25 characters. */
export function messageNonce(ticket: { id: string; closedAt: Date | null }, purpose: string) {
  return createHash('sha256')
    .update(`${ticket.id}:${ticket.closedAt?.getTime() ?? 0}:${purpose}`)
    .digest('base64url')
    .slice(0, 25);
}
