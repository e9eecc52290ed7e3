/** Words the currency pages show for the API's values. */
import type { CurrencyReason, Platform } from '../api';

export const platformLabels: Record<Platform, string> = {
  twitch: 'Twitch',
  youtube: 'YouTube',
  kick: 'Kick',
};

export const reasonLabels: Record<CurrencyReason, string> = {
  watch: 'Watching',
  message: 'Chatting',
  transfer: 'Transfer',
  grant: 'Grant',
  command: 'Command',
  giveaway: 'Giveaway',
  game: 'Game',
  bet: 'Bet',
  merge: 'Linked accounts',
  refund: 'Refund',
};

export const formatAmount = (n: number) => n.toLocaleString('en-US');
export const signed = (n: number) => (n > 0 ? `+${formatAmount(n)}` : formatAmount(n));

export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
}
