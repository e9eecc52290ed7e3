/**
 * The agent loop: the conversation goes to the model, each tool call it asks for passes the policy
 * check in code (whatever the model says), then runs, is refused, or waits for a person; results go
 * back to the model until it answers in words, a budget or the step limit stops it, or a proposal
 * needs a decision. Every step is stored, audited and sent to the conversation's live feed.
 */
import { jarvisTools } from '@homelab/db/jarvis/catalog';
import { decide } from '@homelab/db/jarvis/policy';
import type { JarvisSettings } from '@homelab/db/jarvis/settings';
import type { Sql } from 'postgres';
import { z } from 'zod';
import type { Config } from '../config';
import type { Engine } from '../docker/engine';
import type { Logger } from '../log';
import type { ConversationEvent, JarvisAgent, SubmittedCall, ToolCallView } from './contracts';
import type { ApprovalNotifier } from './discord';
import type { JarvisModel, ModelMessage, ModelTool } from './model';
import { fenceUntrusted, systemPrompt } from './prompt';
import { configSecrets, createRedactor } from './redact';
import * as store from './store';
import { clip } from './tools/define';
import type { AnyJarvisTool, ToolContext } from './tools/types';

export type AgentDeps = {
  sql: Sql;
  log: Logger;
  config: Config;
  engine: Engine;
  model: JarvisModel;
  tools: ReadonlyMap<string, AnyJarvisTool>;
  approvals?: ApprovalNotifier;
  /** Aborted when the runner stops: tool runs and model calls end with it. */
  signal?: AbortSignal;
  /** A tool's longest run. */
  toolTimeoutMs?: number;
};

/** A tool result's most characters in the prompt; the model is told when one was cut. */
const modelResultChars = 4_000;

const noModelMessage =
  'No AI model is configured, so I cannot answer here. Set OPENAI_API_KEY (or OPENAI_BASE_URL to a local server such as Ollama) and JARVIS_MODEL for the runners; incidents still get the built-in diagnosis.';

const stopMessages: Record<string, string> = {
  budget:
    'I stopped: the token budget (for this conversation or for today) is spent. The owner can raise it in the Jarvis settings.',
  max_steps: 'I stopped after the most steps a turn may take. Ask me to go on if more is needed.',
};

const failureMessages: Record<string, string> = {
  timeout: 'The model did not answer in time.',
  quota: "The model's account is out of quota.",
  rate_limited: 'The model is rate-limited right now; try again in a minute.',
  auth: 'The model refused the API key.',
  server: 'The model server failed or could not be reached.',
  malformed: 'The model sent an answer I could not read.',
  no_key: noModelMessage,
};

export function createJarvisAgent(deps: AgentDeps): JarvisAgent {
  const { sql, log } = deps;
  const redact = createRedactor(configSecrets(deps.config));
  const listeners = new Map<string, Set<(event: ConversationEvent) => void>>();
  const toolTimeoutMs = deps.toolTimeoutMs ?? 60_000;
  const modelTools: ModelTool[] = [...deps.tools.values()].map((tool) => {
    const { $schema: _schema, ...parameters } = z.toJSONSchema(tool.args, {
      // Fields with defaults are optional for the model.
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>;
    return { name: tool.name, description: tool.description, parameters };
  });

  function emit(conversationId: string, event: ConversationEvent) {
    for (const listener of listeners.get(conversationId) ?? []) {
      try {
        listener(event);
      } catch (error) {
        log.warn('a conversation listener failed', { err: error });
      }
    }
  }

  async function setState(conversationId: string, state: store.ConversationState, stopReason: string | null) {
    await store.setConversationState(sql, conversationId, state, stopReason);
    emit(conversationId, { kind: 'state', state, stopReason });
  }

  async function say(conversationId: string, role: 'assistant' | 'tool', content: string, extra = {}) {
    const message = await store.insertMessage(sql, { conversationId, role, content, ...extra });
    emit(conversationId, {
      kind: 'message',
      message: { id: message.id, role: message.role, content: message.content, at: message.at },
    });
    return message;
  }

  function toolContext(): ToolContext {
    const timeout = AbortSignal.timeout(toolTimeoutMs);
    return {
      sql,
      engine: deps.engine,
      log: log.child({ component: 'tool' }),
      config: deps.config,
      signal: deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout,
    };
  }

  /** The history as the model reads it: redacted, and every call answered (pending ones say so). */
  async function modelMessages(conversationId: string): Promise<ModelMessage[]> {
    const history = await store.listMessages(sql, conversationId);
    const answered = new Set(history.filter((m) => m.role === 'tool').map((m) => m.toolCallId));
    const out: ModelMessage[] = [{ role: 'system', content: systemPrompt({ now: new Date() }) }];
    for (const m of history) {
      if (m.role === 'user') out.push({ role: 'user', content: redact(m.content) });
      else if (m.role === 'tool')
        out.push({ role: 'tool', tool_call_id: m.toolCallId ?? '', content: redact(m.content) });
      else if (m.toolCalls?.length) {
        out.push({
          role: 'assistant',
          content: m.content ? redact(m.content) : null,
          tool_calls: m.toolCalls.map((c) => ({
            id: c.id,
            type: 'function' as const,
            function: { name: c.name, arguments: redact(c.arguments) },
          })),
        });
        // OpenAI rejects a history where a call has no answer; a proposal's answer comes later.
        for (const c of m.toolCalls)
          if (!answered.has(c.id))
            out.push({
              role: 'tool',
              tool_call_id: c.id,
              content: 'Not run yet: waiting for the owner to decide.',
            });
      } else out.push({ role: 'assistant', content: redact(m.content) });
    }
    return out;
  }

  function toolMessageOf(tool: AnyJarvisTool | undefined, call: store.StoredToolCall): string {
    if (call.state === 'refused') return `Refused: ${call.error}`;
    if (call.state === 'denied')
      return `Not run: denied by ${call.decidedByLabel ?? call.decidedBy ?? 'the owner'}.`;
    if (call.state === 'failed') {
      const verification = call.verification ? `\nVerification: ${call.verification.detail}` : '';
      return `Failed: ${call.error ?? 'unknown error'}${verification}${call.verification?.rolledBack ? ' (rolled back)' : ''}`;
    }
    const result = call.result as { data?: unknown; untrusted?: boolean } | null;
    const data =
      typeof result?.data === 'string' ? result.data : JSON.stringify(result?.data ?? null, null, 1);
    const body = clip(data, modelResultChars);
    const verification = call.verification
      ? `\nVerification: ${call.verification.ok ? 'ok' : 'failed'}: ${call.verification.detail}`
      : '';
    return `${result?.untrusted ? fenceUntrusted(tool?.name ?? call.tool, body) : body}${verification}`;
  }

  async function refuse(
    conversationId: string,
    callId: string,
    name: string,
    args: Record<string, unknown>,
    reason: string,
  ): Promise<store.StoredToolCall> {
    const risk =
      jarvisTools.find((t) => t.name === name)?.risk ?? deps.tools.get(name)?.risk ?? 'destructive';
    const call = await store.insertToolCall(sql, {
      conversationId,
      callId,
      tool: name,
      args,
      target: null,
      risk,
      state: 'refused',
      decidedBy: null,
      error: reason,
    });
    await store.audit(sql, 'jarvis.tool.refused', call, reason);
    emit(conversationId, { kind: 'tool', call: store.toView(call) });
    await say(conversationId, 'tool', toolMessageOf(undefined, call), { toolCallId: callId });
    return call;
  }

  /** Runs a call that is already 'running' (the policy or a person let it), verifies, answers it. */
  async function execute(tool: AnyJarvisTool, call: store.StoredToolCall): Promise<store.StoredToolCall> {
    emit(call.conversationId, { kind: 'tool', call: store.toView(call) });
    const ctx = toolContext();
    let finished: store.StoredToolCall;
    try {
      const outcome = await tool.run(call.args, ctx);
      if (!outcome.ok) {
        finished = await store.finishToolCall(sql, call.id, { state: 'failed', error: outcome.error });
      } else {
        let verification: { ok: boolean; detail: string; rolledBack?: boolean } | null = null;
        if (tool.risk !== 'read' && tool.verify) {
          verification = await tool.verify(call.args, ctx).catch((error: unknown) => ({
            ok: false,
            detail: `the check failed: ${error instanceof Error ? error.message : String(error)}`,
          }));
          if (!verification.ok && tool.rollback) {
            try {
              await tool.rollback(call.args, ctx);
              verification = { ...verification, rolledBack: true };
            } catch (error) {
              verification = {
                ...verification,
                detail: `${verification.detail}; the rollback failed: ${error instanceof Error ? error.message : String(error)}`,
                rolledBack: false,
              };
            }
          }
        }
        finished = await store.finishToolCall(sql, call.id, {
          state: verification && !verification.ok ? 'failed' : 'succeeded',
          result: { summary: outcome.summary, data: outcome.data, untrusted: outcome.untrusted === true },
          error: verification && !verification.ok ? `verification failed: ${verification.detail}` : null,
          verification,
        });
      }
    } catch (error) {
      finished = await store.finishToolCall(sql, call.id, {
        state: 'failed',
        error: error instanceof Error ? error.message : String(error),
      });
    }
    const summary =
      finished.state === 'succeeded'
        ? ((finished.result as { summary?: string } | null)?.summary ?? 'done')
        : (finished.error ?? 'failed');
    await store.audit(
      sql,
      finished.state === 'succeeded' ? 'jarvis.tool.executed' : 'jarvis.tool.failed',
      finished,
      summary,
    );
    emit(call.conversationId, { kind: 'tool', call: store.toView(finished) });
    await say(call.conversationId, 'tool', toolMessageOf(tool, finished), { toolCallId: call.callId });
    return finished;
  }

  /** One call the model (or a plan) asked for: refused, run, or proposed to a person. */
  async function handleCall(
    conversationId: string,
    callId: string,
    name: string,
    rawArgs: string | Record<string, unknown>,
    settings: JarvisSettings,
  ): Promise<store.StoredToolCall> {
    let args: unknown = rawArgs;
    if (typeof rawArgs === 'string') {
      try {
        args = rawArgs.trim() ? JSON.parse(rawArgs) : {};
      } catch {
        return refuse(
          conversationId,
          callId,
          name,
          { raw: rawArgs.slice(0, 2_000) },
          'the arguments are not valid JSON',
        );
      }
    }
    const record =
      args && typeof args === 'object' && !Array.isArray(args)
        ? (args as Record<string, unknown>)
        : { value: args };
    const tool = deps.tools.get(name);
    if (!tool) return refuse(conversationId, callId, name, record, `there is no tool named "${name}"`);
    const parsed = tool.args.safeParse(args);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`)
        .join('; ');
      return refuse(conversationId, callId, name, record, `invalid arguments: ${issues}`);
    }
    const target = tool.target(parsed.data);
    const policies = await store.loadPolicies(sql);
    const verdict = decide({ tool: tool.name, risk: tool.risk, target }, policies, {
      autonomyEnabled: settings.autonomyEnabled,
    });
    const call = await store.insertToolCall(sql, {
      conversationId,
      callId,
      tool: tool.name,
      args: parsed.data as Record<string, unknown>,
      target,
      risk: tool.risk,
      state: verdict.run ? 'running' : 'proposed',
      decidedBy: verdict.run ? 'policy' : null,
    });
    if (verdict.run) return execute(tool, call);
    await store.audit(sql, 'jarvis.tool.proposed', call, `waiting for approval (${verdict.because})`);
    emit(conversationId, { kind: 'tool', call: store.toView(call) });
    if (deps.approvals) {
      const posted = await deps.approvals.request(call, settings);
      if (posted) await store.setDiscordMessage(sql, call.id, posted);
    }
    return call;
  }

  /** Model steps until an answer in words, a proposal, a budget or the step limit. The conversation is claimed. */
  async function loop(conversationId: string) {
    const settings = await store.loadSettings(sql);
    for (let step = 0; step < settings.maxStepsPerTurn; step++) {
      const spent = await store.tokensSpent(sql, conversationId);
      if (spent.conversation >= settings.conversationTokenBudget || spent.today >= settings.dailyTokenBudget)
        return stop(conversationId, 'budget');
      const reply = await deps.model.step(
        await modelMessages(conversationId),
        modelTools,
        (text) => emit(conversationId, { kind: 'delta', text }),
        deps.signal,
      );
      if (!reply.ok) {
        await say(conversationId, 'assistant', failureMessages[reply.reason] ?? 'The model failed.');
        return setState(conversationId, 'failed', reply.reason === 'no_key' ? 'no_model' : reply.reason);
      }
      await store.recordUsage(sql, conversationId, {
        promptTokens: reply.promptTokens,
        completionTokens: reply.completionTokens,
        costMicros: Math.round(
          reply.promptTokens * settings.pricePerMillionInput +
            reply.completionTokens * settings.pricePerMillionOutput,
        ),
      });
      await say(
        conversationId,
        'assistant',
        reply.text,
        reply.toolCalls.length ? { toolCalls: reply.toolCalls } : {},
      );
      if (reply.toolCalls.length === 0) return setState(conversationId, 'idle', null);
      let proposed = false;
      for (const c of reply.toolCalls) {
        const call = await handleCall(conversationId, c.id, c.name, c.arguments, settings);
        if (call.state === 'proposed') proposed = true;
      }
      if (proposed) {
        await setState(conversationId, 'waiting', null);
        // A decision may have come while the turn was still running; it found the conversation busy.
        return settle(conversationId);
      }
    }
    return stop(conversationId, 'max_steps');
  }

  async function stop(conversationId: string, reason: 'budget' | 'max_steps') {
    await say(conversationId, 'assistant', stopMessages[reason]!);
    await setState(conversationId, 'idle', reason);
  }

  async function runClaimed(conversationId: string) {
    try {
      if (!deps.model.configured) {
        await say(conversationId, 'assistant', noModelMessage);
        return await setState(conversationId, 'failed', 'no_model');
      }
      await loop(conversationId);
    } catch (error) {
      log.error('a Jarvis turn failed', { err: error, conversationId });
      await setState(conversationId, 'failed', 'error').catch(() => {});
    }
  }

  /** Acts on decisions not yet acted on, then continues the turn when nothing waits any more. */
  async function settle(conversationId: string): Promise<void> {
    const open = await store.unsettledCalls(sql, conversationId);
    for (const call of open) if (call.state === 'approved' || call.state === 'denied') await actOn(call);
    const still = await store.unsettledCalls(sql, conversationId);
    if (still.length > 0) return;
    const claimed = await store.claimConversation(sql, conversationId, ['waiting']);
    if (!claimed) return;
    emit(conversationId, { kind: 'state', state: 'running', stopReason: null });
    if (!deps.model.configured) return setState(conversationId, 'idle', null);
    await runClaimed(conversationId);
  }

  async function actOn(call: store.StoredToolCall) {
    if (call.state === 'approved') {
      const claimed = await store.claimApproved(sql, call.id);
      if (!claimed) return;
      await deps.approvals?.decided(claimed);
      const tool = deps.tools.get(claimed.tool);
      if (!tool) {
        const failed = await store.finishToolCall(sql, claimed.id, {
          state: 'failed',
          error: 'the tool is gone',
        });
        await store.audit(sql, 'jarvis.tool.failed', failed, 'the tool is gone');
        emit(failed.conversationId, { kind: 'tool', call: store.toView(failed) });
        await say(failed.conversationId, 'tool', toolMessageOf(undefined, failed), {
          toolCallId: failed.callId,
        });
        return;
      }
      await execute(tool, claimed);
    } else if (call.state === 'denied') {
      // One answer per denial even when two processes act on the same notice.
      const answered = await sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext(${call.id}))`;
        if (await store.hasAnswer(tx as unknown as Sql, call.conversationId, call.callId)) return false;
        await store.insertMessage(tx as unknown as Sql, {
          conversationId: call.conversationId,
          role: 'tool',
          content: toolMessageOf(undefined, call),
          toolCallId: call.callId,
        });
        return true;
      });
      if (!answered) return;
      emit(call.conversationId, { kind: 'tool', call: store.toView(call) });
      await deps.approvals?.decided(call);
    }
  }

  return {
    hasModel: () => deps.model.configured,

    async runTurn(conversationId) {
      const claimed = await store.claimConversation(sql, conversationId, ['idle', 'waiting', 'failed']);
      if (!claimed) {
        log.info('conversation busy or gone; turn not started', { conversationId });
        return;
      }
      emit(conversationId, { kind: 'state', state: 'running', stopReason: null });
      await runClaimed(conversationId);
    },

    async resume(toolCallId) {
      const call = await store.getToolCall(sql, toolCallId);
      if (!call) return;
      await actOn(call);
      await settle(call.conversationId);
    },

    async submit(conversationId, submitted: SubmittedCall): Promise<ToolCallView> {
      const settings = await store.loadSettings(sql);
      const callId = `plan_${crypto.randomUUID()}`;
      const argsText = JSON.stringify(submitted.args);
      // Shown as the assistant's own call, so the history stays one the model can read.
      await say(conversationId, 'assistant', submitted.why ?? '', {
        toolCalls: [{ id: callId, name: submitted.tool, arguments: argsText }],
      });
      const call = await handleCall(conversationId, callId, submitted.tool, submitted.args, settings);
      if (call.state === 'proposed') {
        const current = await store.getConversation(sql, conversationId);
        if (current && current.state !== 'running') await setState(conversationId, 'waiting', null);
      }
      return store.toView(call);
    },

    subscribe(conversationId, listener) {
      const set = listeners.get(conversationId) ?? new Set();
      set.add(listener);
      listeners.set(conversationId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(conversationId);
      };
    },
  };
}
