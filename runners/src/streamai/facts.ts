/**
 * Snapple facts: how the model is asked for one, and when a new fact is too close to one the
 * channel heard recently (the same words once normalized, or mostly the same words).
 */

export const recentFactsRemembered = 20;
/** Share of distinct words two facts have in common (Jaccard) above which they are the same fact. */
export const similarOverlap = 0.6;

const words = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .split(/\s+/)
      .filter((w) => w.length > 2),
  );

export function normalizeFact(text: string): string {
  return [...words(text)].join(' ');
}

export function similarFacts(a: string, b: string): boolean {
  const left = words(a);
  const right = words(b);
  if (normalizeFact(a) === normalizeFact(b)) return true;
  if (left.size === 0 || right.size === 0) return false;
  let shared = 0;
  for (const w of left) if (right.has(w)) shared++;
  return shared / (left.size + right.size - shared) >= similarOverlap;
}

export function repeatsRecent(fact: string, recent: readonly string[]): boolean {
  return recent.some((old) => similarFacts(fact, old));
}

/** The user turn asking for a fact, listing the recent ones to avoid. */
export function factRequest(recent: readonly string[], retry: boolean): string {
  const avoid = recent.length
    ? `\nDo not repeat or rephrase any of these recent facts:\n${recent.map((f) => `- ${f}`).join('\n')}`
    : '';
  const again = retry ? '\nYour last fact was one chat heard already: pick a different subject.' : '';
  return `Tell chat one short, surprising, true trivia fact in the style of the facts printed under Snapple bottle caps. One sentence, no preamble.${avoid}${again}`;
}
