/**
 * What giveaways and polls say to the whole tenant goes out as NOTIFY 'bot' {kind: 'announce'}:
 * every runner's engine then sends it into the tenant's channels it holds, so a tenant whose
 * channels are spread over runners hears it everywhere, the same way the studio's actions do.
 */
import type { BotDeps } from '../bot/types';

export async function announce(deps: BotDeps, tenantId: string, text: string) {
  await deps.pool.sql`select pg_notify('bot', ${JSON.stringify({ tenantId, kind: 'announce', text })})`;
}

/**
 * A per-tenant value loaded from the database and kept for `ttlMs` (the studio's changes also drop it
 * through `invalidate`), so a chat message costs no query while nothing is running.
 */
export function tenantCache<T>(deps: BotDeps, ttlMs: number, load: (tenantId: string) => Promise<T>) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return {
    get(tenantId: string): Promise<T> {
      const now = deps.clock.now();
      const known = entries.get(tenantId);
      if (known && now - known.at < ttlMs) return known.value;
      const value = load(tenantId);
      entries.set(tenantId, { at: now, value });
      value.catch(() => entries.delete(tenantId));
      return value;
    },
    drop(tenantId: string) {
      entries.delete(tenantId);
    },
    clear() {
      entries.clear();
    },
  };
}

/** `"Question?" a | b | c` or `Question? a | b` → question and options; null when it does not parse. */
export function parseQuestion(text: string): { question: string; options: string[] } | null {
  const trimmed = text.trim();
  let question: string;
  let rest: string;
  const quoted = /^"([^"]{1,200})"\s*(.*)$/s.exec(trimmed);
  if (quoted) {
    question = quoted[1]!.trim();
    rest = quoted[2]!;
  } else {
    const mark = trimmed.indexOf('?');
    if (mark < 1) return null;
    question = trimmed.slice(0, mark + 1).trim();
    rest = trimmed.slice(mark + 1);
  }
  const options = rest
    .split('|')
    .map((o) => o.trim())
    .filter(Boolean);
  if (!question || question.length > 200 || options.length < 2 || options.length > 10) return null;
  if (options.some((o) => o.length > 100)) return null;
  return { question, options };
}
