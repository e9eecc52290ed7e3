/**
 * The safety pass every model output goes through before it reaches chat (besides the moderation
 * model): the tenant's banned words, no links, no piece of the system prompt, and one short line.
 * Pure functions, so the rules are tested without a model.
 */

/** Chat answers stay this short: one glanceable line, and YouTube takes only 200 characters. */
import { maxAnswerLength } from '@homelab/db/stream/persona-prompt';

export { maxAnswerLength };
/** An output holding this many characters of the system prompt in a row is a leak. */
export const leakWindow = 30;

const escapeRegex = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** One regex for the tenant's banned words and phrases; `*` matches any run of characters. */
export function bannedMatcher(banned: readonly string[]): RegExp | null {
  const patterns = banned
    .map((word) => word.trim())
    .filter(Boolean)
    .map((word) => word.split('*').map(escapeRegex).join('[^\\s]*'));
  if (patterns.length === 0) return null;
  // Letters or digits around the word make it another word ("class" is not "ass").
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${patterns.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

// Schemes, www., and bare domains with a common top-level domain: what chat turns into a link.
const urlPattern =
  /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|gg|tv|ly|co|me|xyz|app|dev|info|biz|ru|de|uk|link|site|online|live|shop|to)\b/i;

export function hasLink(text: string): boolean {
  return urlPattern.test(text);
}

const squash = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** Whether `output` repeats `leakWindow` characters of `secret` in a row (case and spacing ignored). */
export function leaks(output: string, secret: string, window = leakWindow): boolean {
  const said = squash(output);
  const hidden = squash(secret);
  if (said.length < window || hidden.length < window) return false;
  for (let i = 0; i + window <= hidden.length; i++)
    if (said.includes(hidden.slice(i, i + window))) return true;
  return false;
}

/** One line, without the quotes or a name prefix models like to add, cut on a word boundary. */
export function tidy(text: string, name: string, limit = maxAnswerLength): string {
  let line = text.replace(/\s+/g, ' ').trim();
  line = line.replace(new RegExp(`^${escapeRegex(name)}\\s*:\\s*`, 'i'), '');
  if (/^(["“]).*(["”])$/.test(line)) line = line.slice(1, -1).trim();
  if (line.length <= limit) return line;
  const cut = line.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export type SafetyVerdict =
  | { ok: true; text: string }
  | { ok: false; reason: 'empty' | 'banned' | 'link' | 'leak' };

/** The checks that need no model; the moderation model's verdict is added by the caller. */
export function checkOutput(
  raw: string,
  rules: { name: string; systemPrompt: string; banned: RegExp | null },
): SafetyVerdict {
  if (leaks(raw, rules.systemPrompt)) return { ok: false, reason: 'leak' };
  const text = tidy(raw, rules.name);
  if (!text) return { ok: false, reason: 'empty' };
  if (rules.banned?.test(raw)) return { ok: false, reason: 'banned' };
  if (hasLink(raw)) return { ok: false, reason: 'link' };
  return { ok: true, text };
}
