/**
 * AI moderation: one call to an OpenAI-compatible moderations endpoint (OpenAI, or a local server
 * speaking the same API) per chat line, mapped onto the tenant's per-category thresholds. It never
 * blocks chat: no answer in time, or any error, is "no opinion" and the rules alone decide.
 */
import OpenAI from 'openai';

export type AiOptions = { baseUrl: string; apiKey?: string; moderationModel: string; timeoutMs: number };

export type AiOpinion =
  /** A category at or above its threshold. */
  | { kind: 'act'; category: string; score: number }
  /** Not enough to act, but at or above reviewFrom: a mod should look. */
  | { kind: 'review'; category: string; score: number }
  | { kind: 'none' };

export type AiScorer = (text: string) => Promise<Record<string, number> | null>;

export function createAiScorer(options: AiOptions, onError: (error: unknown) => void): AiScorer {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    // Local servers take any key; the SDK insists on one.
    apiKey: options.apiKey ?? 'unused',
    timeout: options.timeoutMs,
    maxRetries: 0,
  });
  return async (text) => {
    try {
      const response = await client.moderations.create({ model: options.moderationModel, input: text });
      const scores = response.results[0]?.category_scores;
      return scores ? (scores as unknown as Record<string, number>) : null;
    } catch (error) {
      onError(error);
      return null;
    }
  };
}

/**
 * The strongest configured category: the endpoint's sub-categories (`harassment/threatening`)
 * count towards their parent's threshold (`harassment`) unless the sub-category has its own.
 */
export function opinion(
  scores: Record<string, number>,
  thresholds: Record<string, number>,
  reviewFrom: number,
): AiOpinion {
  let act: { category: string; score: number; over: number } | null = null;
  let review: { category: string; score: number } | null = null;
  for (const [name, score] of Object.entries(scores)) {
    if (typeof score !== 'number' || !Number.isFinite(score)) continue;
    const slash = name.indexOf('/');
    const category = name in thresholds ? name : slash > 0 ? name.slice(0, slash) : name;
    const threshold = thresholds[category];
    if (threshold === undefined) continue;
    if (score >= threshold) {
      const over = score - threshold;
      if (!act || over > act.over) act = { category: name, score, over };
    } else if (score >= reviewFrom && (!review || score > review.score)) review = { category: name, score };
  }
  if (act) return { kind: 'act', category: act.category, score: act.score };
  if (review) return { kind: 'review', ...review };
  return { kind: 'none' };
}
