/** Small readers of chat arguments shared by the currency commands and the games. */
import type { BotEvent } from '../bot/types';

/** A whole positive amount as typed in chat (`500`, `1,000`, `1_000`); null otherwise. */
export function readAmount(text: string | undefined): number | null {
  if (!text) return null;
  const clean = text.replace(/[,_]/g, '');
  if (!/^\d{1,15}$/.test(clean)) return null;
  const amount = Number(clean);
  return Number.isSafeInteger(amount) && amount > 0 ? amount : null;
}

/** `@name` or `name` as a chat user name; null when it cannot be one. */
export function readUserName(text: string | undefined): string | null {
  const name = text?.replace(/^@/, '').trim();
  return name && /^[\p{L}\p{N}_.-]{1,50}$/u.test(name) ? name : null;
}

/** Who did it, for the ledger's actor column: `twitch:somemod`. */
export function actorOf(ctx: BotEvent): string {
  return `${ctx.event.platform}:${ctx.event.userName ?? ctx.event.userId ?? 'unknown'}`;
}

/** Whether the caller subscribes (the level says so, or a subscriber/founder badge does). */
export function isSubscriber(ctx: BotEvent): boolean {
  if (ctx.level === 'subscriber') return true;
  const badges = ctx.event.detail.badges;
  if (!badges || typeof badges !== 'object') return false;
  return 'subscriber' in badges || 'founder' in badges;
}

/** "1 point" / "500 points": the currency's name as the streamer set it, with a count. */
export function amountText(amount: number, name: string): string {
  return `${amount.toLocaleString('en-US')} ${name}`;
}
