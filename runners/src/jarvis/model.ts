/**
 * Jarvis's model: any OpenAI-compatible server through the `openai` SDK, streamed (text deltas go to
 * the live feed as they come) with the tools as function tools. One call is one step of the loop;
 * failures become the same reasons the stream bot uses, never exceptions.
 */
import OpenAI from 'openai';
import type { Config } from '../config';
import { type FailReason, failReasonOf, isLocalBaseUrl } from '../streamai/client';

export type ModelMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
export type ModelTool = { name: string; description: string; parameters: Record<string, unknown> };
export type ModelToolCall = { id: string; name: string; arguments: string };
export type ModelStep =
  | { ok: true; text: string; toolCalls: ModelToolCall[]; promptTokens: number; completionTokens: number }
  | { ok: false; reason: FailReason };

export type JarvisModel = {
  /** A key, or a local server that needs none. */
  configured: boolean;
  model: string;
  step(
    messages: ModelMessage[],
    tools: ModelTool[],
    onDelta: (text: string) => void,
    signal?: AbortSignal,
  ): Promise<ModelStep>;
};

export function createJarvisModel(config: Pick<Config, 'ai' | 'jarvis'>): JarvisModel {
  const ai = config.ai;
  const model = config.jarvis?.model ?? ai?.model ?? 'gpt-4o-mini';
  const timeoutMs = config.jarvis?.timeoutMs ?? 60_000;
  const configured = Boolean(ai && (ai.apiKey || isLocalBaseUrl(ai.baseUrl)));
  const client = ai
    ? new OpenAI({
        baseURL: ai.baseUrl,
        // The SDK insists on a key; local servers ignore whatever is sent.
        apiKey: ai.apiKey ?? 'local',
        timeout: timeoutMs,
        // The loop decides what a failure means for the turn; a retry would double the wait.
        maxRetries: 0,
      })
    : null;

  return {
    configured,
    model,
    async step(messages, tools, onDelta, signal) {
      if (!client || !configured) return { ok: false, reason: 'no_key' };
      const deadline = AbortSignal.timeout(timeoutMs);
      try {
        const stream = await client.chat.completions.create(
          {
            model,
            messages,
            stream: true,
            stream_options: { include_usage: true },
            ...(tools.length > 0
              ? {
                  tools: tools.map((t) => ({
                    type: 'function' as const,
                    function: { name: t.name, description: t.description, parameters: t.parameters },
                  })),
                }
              : {}),
          },
          { signal: signal ? AbortSignal.any([signal, deadline]) : deadline },
        );
        let text = '';
        let promptTokens = 0;
        let completionTokens = 0;
        // Streamed calls arrive in pieces keyed by index: id and name first, arguments in parts.
        const calls = new Map<number, ModelToolCall>();
        for await (const chunk of stream) {
          if (chunk.usage) {
            promptTokens = chunk.usage.prompt_tokens ?? 0;
            completionTokens = chunk.usage.completion_tokens ?? 0;
          }
          const delta = chunk.choices?.[0]?.delta;
          if (!delta) continue;
          if (delta.content) {
            text += delta.content;
            onDelta(delta.content);
          }
          for (const piece of delta.tool_calls ?? []) {
            const call = calls.get(piece.index) ?? { id: '', name: '', arguments: '' };
            if (piece.id) call.id = piece.id;
            if (piece.function?.name) call.name += piece.function.name;
            if (piece.function?.arguments) call.arguments += piece.function.arguments;
            calls.set(piece.index, call);
          }
        }
        const toolCalls = [...calls.entries()]
          .sort(([a], [b]) => a - b)
          .map(([index, call]) => ({ ...call, id: call.id || `call_${index}` }));
        return { ok: true, text, toolCalls, promptTokens, completionTokens };
      } catch (error) {
        return { ok: false, reason: failReasonOf(error) };
      }
    },
  };
}
