/**
 * The model behind the persona, through the `openai` SDK so any OpenAI-compatible server works
 * (OpenAI, Ollama, LM Studio, vLLM). Every call has a deadline and no retries (a chat answer that
 * comes late is worse than the fallback), and every failure becomes a reason instead of an error.
 */
import OpenAI from 'openai';

export type AiOptions = {
  baseUrl: string;
  apiKey?: string | undefined;
  model: string;
  moderationModel: string;
  timeoutMs: number;
};

export type ChatTurn = { role: 'system' | 'user' | 'assistant'; content: string };
export type FailReason = 'no_key' | 'timeout' | 'quota' | 'rate_limited' | 'auth' | 'server' | 'malformed';
export type Completion =
  | { ok: true; text: string; promptTokens: number; completionTokens: number }
  | { ok: false; reason: FailReason };
/** flagged: any category the model flags; unavailable: the server has no moderation endpoint. */
export type ModerationVerdict =
  | { ok: true; flagged: boolean; categories: string[] }
  | { ok: false; reason: FailReason | 'unavailable' };

/**
 * Self-hosted servers (Ollama, LM Studio, vLLM) take no key; a key-less call to anything else
 * would only earn a 401, so it is not made.
 */
export function isLocalBaseUrl(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host === '::1' ||
    !host.includes('.') ||
    /\.(local|internal|lan|home\.arpa)$/.test(host) ||
    /^127\./.test(host) ||
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
    /^f[cd][0-9a-f]{2}:/.test(host)
  );
}

/** What an SDK error means for the caller; Jarvis's model client maps its errors the same way. */
export function failReasonOf(error: unknown): FailReason {
  if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof OpenAI.APIUserAbortError)
    return 'timeout';
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    return 'timeout';
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    if (error.status === 429) return error.code === 'insufficient_quota' ? 'quota' : 'rate_limited';
    if (error.status === 401 || error.status === 403) return 'auth';
    if (error.status >= 500) return 'server';
  }
  if (error instanceof OpenAI.APIConnectionError) return 'server';
  return 'malformed';
}

export function createAiClient(options: AiOptions) {
  const usable = Boolean(options.apiKey) || isLocalBaseUrl(options.baseUrl);
  const client = new OpenAI({
    baseURL: options.baseUrl,
    // The SDK insists on a key; local servers ignore whatever is sent.
    apiKey: options.apiKey ?? 'local',
    timeout: options.timeoutMs,
    maxRetries: 0,
  });
  const deadline = () => AbortSignal.timeout(options.timeoutMs);

  return {
    usable,
    model: options.model,
    async complete(messages: ChatTurn[], maxTokens: number): Promise<Completion> {
      if (!usable) return { ok: false, reason: 'no_key' };
      try {
        const response = await client.chat.completions.create(
          { model: options.model, messages, max_tokens: maxTokens, temperature: 0.9 },
          { signal: deadline() },
        );
        const text = response.choices?.[0]?.message?.content;
        if (typeof text !== 'string') return { ok: false, reason: 'malformed' };
        return {
          ok: true,
          text,
          promptTokens: response.usage?.prompt_tokens ?? 0,
          completionTokens: response.usage?.completion_tokens ?? 0,
        };
      } catch (error) {
        return { ok: false, reason: failReasonOf(error) };
      }
    },
    async moderate(text: string): Promise<ModerationVerdict> {
      if (!usable) return { ok: false, reason: 'no_key' };
      try {
        const response = await client.moderations.create(
          { model: options.moderationModel, input: text },
          { signal: deadline() },
        );
        const result = response.results?.[0];
        if (!result) return { ok: false, reason: 'malformed' };
        const categories = Object.entries(result.categories ?? {})
          .filter(([, hit]) => hit === true)
          .map(([name]) => name);
        return { ok: true, flagged: result.flagged || categories.length > 0, categories };
      } catch (error) {
        if (error instanceof OpenAI.NotFoundError) return { ok: false, reason: 'unavailable' };
        return { ok: false, reason: failReasonOf(error) };
      }
    },
  };
}
export type AiClient = ReturnType<typeof createAiClient>;
