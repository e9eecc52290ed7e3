/**
 * Ticket channel names from a category's naming pattern. Discord lowercases text channel names and
 * allows only letters, digits, '-' and '_' (1–100 characters); we apply those rules ourselves so the
 * name we store is the name Discord shows.
 */

export type NameParts = { number: number; user: string; category: string };

/** `{number}` zero-padded to 4, `{user}` and `{category}` filled in, then made a valid channel name. */
export function ticketChannelName(pattern: string, parts: NameParts): string {
  const filled = pattern
    .replaceAll('{number}', String(parts.number).padStart(4, '0'))
    .replaceAll('{user}', parts.user)
    .replaceAll('{category}', parts.category);
  return sanitizeChannelName(filled) || `ticket-${String(parts.number).padStart(4, '0')}`;
}

export function sanitizeChannelName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/gu, '-')
    .replace(/[^\p{L}\p{N}_-]/gu, '')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
}
