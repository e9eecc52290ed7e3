/**
 * The jarvis runner's SQL: conversations and their messages, tool calls (claimed with a conditional
 * update so a call runs exactly once across processes), token usage, the owner's policies and
 * settings, and the audit rows of every step.
 */
import type { JarvisRisk } from '@homelab/db/jarvis/catalog';
import type { JarvisPolicy } from '@homelab/db/jarvis/policy';
import { type JarvisSettings, jarvisSettingsKey, readJarvisSettings } from '@homelab/db/jarvis/settings';
import type { Sql } from 'postgres';
import type { ToolCallView } from './contracts';

export type ConversationState = 'idle' | 'running' | 'waiting' | 'failed';
export type Conversation = {
  id: string;
  state: ConversationState;
  stopReason: string | null;
  promptTokens: number;
  completionTokens: number;
};
export type StoredMessage = {
  id: number;
  role: 'user' | 'assistant' | 'tool';
  content: string;
  toolCalls: { id: string; name: string; arguments: string }[] | null;
  toolCallId: string | null;
  at: string;
};
export type StoredToolCall = ToolCallView & {
  callId: string;
  discordMessage: { channelId: string; messageId: string } | null;
};

// Timestamps come back as text: the pool is drizzle's, which turns postgres.js's date parsing off.
const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());
const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

const callColumns = (sql: Sql) => sql`
  id, conversation_id as "conversationId", call_id as "callId", tool, args, target, risk, state,
  decided_by as "decidedBy", decided_by_label as "decidedByLabel", result, error, verification,
  discord_message as "discordMessage", created_at as "createdAt", finished_at as "finishedAt"`;

function toCall(row: StoredToolCall): StoredToolCall {
  return { ...row, createdAt: iso(row.createdAt) as string, finishedAt: iso(row.finishedAt) };
}

export function toView(call: StoredToolCall): ToolCallView {
  const { callId: _callId, discordMessage: _discordMessage, ...view } = call;
  return view;
}

export async function getConversation(sql: Sql, id: string): Promise<Conversation | null> {
  const [row] = await sql<Conversation[]>`
    select id, state, stop_reason as "stopReason", prompt_tokens as "promptTokens",
      completion_tokens as "completionTokens"
    from jarvis_conversations where id = ${id}`;
  return row ?? null;
}

/** Takes the conversation for one process's turn; null when it is running elsewhere (or gone). */
export async function claimConversation(
  sql: Sql,
  id: string,
  from: readonly ConversationState[],
): Promise<Conversation | null> {
  const [row] = await sql<Conversation[]>`
    update jarvis_conversations set state = 'running', stop_reason = null, updated_at = now()
    where id = ${id} and state = any(${from as string[]}::text[])
    returning id, state, stop_reason as "stopReason", prompt_tokens as "promptTokens",
      completion_tokens as "completionTokens"`;
  return row ?? null;
}

export async function setConversationState(
  sql: Sql,
  id: string,
  state: ConversationState,
  stopReason: string | null,
): Promise<void> {
  await sql`
    update jarvis_conversations set state = ${state}, stop_reason = ${stopReason}, updated_at = now()
    where id = ${id}`;
}

export async function listMessages(sql: Sql, conversationId: string): Promise<StoredMessage[]> {
  const rows = await sql<StoredMessage[]>`
    select id, role, content, tool_calls as "toolCalls", tool_call_id as "toolCallId", at
    from jarvis_messages where conversation_id = ${conversationId} order by id`;
  return rows.map((r) => ({ ...r, id: Number(r.id), at: iso(r.at) as string }));
}

export async function insertMessage(
  sql: Sql,
  message: {
    conversationId: string;
    role: 'user' | 'assistant' | 'tool';
    content: string;
    toolCalls?: { id: string; name: string; arguments: string }[];
    toolCallId?: string;
  },
): Promise<StoredMessage> {
  const [row] = await sql<StoredMessage[]>`
    insert into jarvis_messages (conversation_id, role, content, tool_calls, tool_call_id)
    values (${message.conversationId}, ${message.role}, ${message.content},
      ${json(message.toolCalls)}::jsonb, ${message.toolCallId ?? null})
    returning id, role, content, tool_calls as "toolCalls", tool_call_id as "toolCallId", at`;
  return { ...row!, id: Number(row!.id), at: iso(row!.at) as string };
}

/** Whether a tool message answers this call already (a decision is acted on once). */
export async function hasAnswer(sql: Sql, conversationId: string, callId: string): Promise<boolean> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from jarvis_messages
    where conversation_id = ${conversationId} and role = 'tool' and tool_call_id = ${callId}`;
  return (row?.n ?? 0) > 0;
}

export async function insertToolCall(
  sql: Sql,
  call: {
    conversationId: string;
    callId: string;
    tool: string;
    args: Record<string, unknown>;
    target: string | null;
    risk: JarvisRisk;
    state: 'proposed' | 'running' | 'refused';
    decidedBy: 'policy' | null;
    error?: string;
  },
): Promise<StoredToolCall> {
  const [row] = await sql<StoredToolCall[]>`
    insert into jarvis_tool_calls (conversation_id, call_id, tool, args, target, risk, state, decided_by,
      decided_by_label, decided_at, error, finished_at)
    values (${call.conversationId}, ${call.callId}, ${call.tool}, ${json(call.args)}::jsonb, ${call.target},
      ${call.risk}, ${call.state}, ${call.decidedBy}, ${call.decidedBy ? 'policy' : null},
      ${call.decidedBy ? sql`now()` : null}, ${call.error ?? null},
      ${call.state === 'refused' ? sql`now()` : null})
    returning ${callColumns(sql)}`;
  return toCall(row!);
}

export async function getToolCall(sql: Sql, id: string): Promise<StoredToolCall | null> {
  const [row] = await sql<
    StoredToolCall[]
  >`select ${callColumns(sql)} from jarvis_tool_calls where id = ${id}`;
  return row ? toCall(row) : null;
}

/**
 * approved → running, only for a person's decision: the one path by which a call the policy did not
 * allow runs. Exactly one process wins the update.
 */
export async function claimApproved(sql: Sql, id: string): Promise<StoredToolCall | null> {
  const [row] = await sql<StoredToolCall[]>`
    update jarvis_tool_calls set state = 'running'
    where id = ${id} and state = 'approved' and decided_by in ('web', 'discord')
    returning ${callColumns(sql)}`;
  return row ? toCall(row) : null;
}

export async function finishToolCall(
  sql: Sql,
  id: string,
  outcome: {
    state: 'succeeded' | 'failed';
    result?: unknown;
    error?: string | null;
    verification?: { ok: boolean; detail: string; rolledBack?: boolean } | null;
  },
): Promise<StoredToolCall> {
  const [row] = await sql<StoredToolCall[]>`
    update jarvis_tool_calls set state = ${outcome.state}, result = ${json(outcome.result)}::jsonb,
      error = ${outcome.error ?? null}, verification = ${json(outcome.verification ?? undefined)}::jsonb,
      finished_at = now()
    where id = ${id}
    returning ${callColumns(sql)}`;
  return toCall(row!);
}

export async function setDiscordMessage(
  sql: Sql,
  id: string,
  message: { channelId: string; messageId: string } | null,
): Promise<void> {
  await sql`update jarvis_tool_calls set discord_message = ${json(message ?? undefined)}::jsonb where id = ${id}`;
}

/** Calls still in flight: a proposal waiting for a person, or a decision not yet acted on. */
export async function unsettledCalls(sql: Sql, conversationId: string): Promise<StoredToolCall[]> {
  const rows = await sql<StoredToolCall[]>`
    select ${callColumns(sql)} from jarvis_tool_calls c
    where conversation_id = ${conversationId}
      and (state in ('proposed', 'approved', 'running')
        or (state = 'denied' and not exists (
          select 1 from jarvis_messages m
          where m.conversation_id = c.conversation_id and m.role = 'tool' and m.tool_call_id = c.call_id)))
    order by created_at`;
  return rows.map(toCall);
}

/** Decided calls whose decision no process has acted on (a notification lost, a crash). */
export async function decidedNotActedOn(sql: Sql): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select c.id from jarvis_tool_calls c
    where c.state = 'approved'
      or (c.state = 'denied' and not exists (
        select 1 from jarvis_messages m
        where m.conversation_id = c.conversation_id and m.role = 'tool' and m.tool_call_id = c.call_id))
    order by c.created_at`;
  return rows.map((r) => r.id);
}

/** What a crashed process left running: the turn failed, the call's outcome is unknown. */
export async function failInterrupted(sql: Sql): Promise<{ conversations: number; calls: number }> {
  const calls = await sql`
    update jarvis_tool_calls set state = 'failed', error = 'interrupted: the runner stopped while it ran',
      finished_at = now()
    where state = 'running'`;
  const conversations = await sql`
    update jarvis_conversations set state = 'failed', stop_reason = 'interrupted', updated_at = now()
    where state = 'running'`;
  return { conversations: conversations.count, calls: calls.count };
}

export async function recordUsage(
  sql: Sql,
  conversationId: string,
  usage: { promptTokens: number; completionTokens: number; costMicros: number },
): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      update jarvis_conversations set prompt_tokens = prompt_tokens + ${usage.promptTokens},
        completion_tokens = completion_tokens + ${usage.completionTokens},
        cost_micros = cost_micros + ${usage.costMicros}, updated_at = now()
      where id = ${conversationId}`;
    await tx`
      insert into jarvis_usage (day, prompt_tokens, completion_tokens, cost_micros)
      values ((now() at time zone 'utc')::date, ${usage.promptTokens}, ${usage.completionTokens}, ${usage.costMicros})
      on conflict (day) do update set prompt_tokens = jarvis_usage.prompt_tokens + excluded.prompt_tokens,
        completion_tokens = jarvis_usage.completion_tokens + excluded.completion_tokens,
        cost_micros = jarvis_usage.cost_micros + excluded.cost_micros`;
  });
}

/** Tokens spent so far: by this conversation, and today (UTC) by every conversation. */
export async function tokensSpent(
  sql: Sql,
  conversationId: string,
): Promise<{ conversation: number; today: number }> {
  const [row] = await sql<{ conversation: number | null; today: number | null }[]>`
    select
      (select prompt_tokens + completion_tokens from jarvis_conversations where id = ${conversationId})::int
        as conversation,
      (select prompt_tokens + completion_tokens from jarvis_usage
        where day = (now() at time zone 'utc')::date)::int as today`;
  return { conversation: row?.conversation ?? 0, today: row?.today ?? 0 };
}

export async function loadPolicies(sql: Sql): Promise<JarvisPolicy[]> {
  return sql<JarvisPolicy[]>`select tool, target, autonomous from jarvis_policies`;
}

export async function loadSettings(sql: Sql): Promise<JarvisSettings> {
  const [row] = await sql<{ value: unknown }[]>`select value from settings where key = ${jarvisSettingsKey}`;
  return readJarvisSettings(row?.value);
}

export type AuditAction =
  | 'jarvis.tool.proposed'
  | 'jarvis.tool.executed'
  | 'jarvis.tool.failed'
  | 'jarvis.tool.refused';

/** One audit row per step, as the runner: actor 'system', label 'jarvis'. */
export async function audit(
  sql: Sql,
  action: AuditAction,
  call: StoredToolCall,
  summary: string,
): Promise<void> {
  const outcome =
    action === 'jarvis.tool.failed' ? 'failure' : action === 'jarvis.tool.refused' ? 'denied' : 'success';
  const detail = {
    conversationId: call.conversationId,
    toolCallId: call.id,
    tool: call.tool,
    args: call.args,
    summary,
  };
  await sql`
    insert into audit_log (actor_kind, actor_label, action, target, outcome, detail)
    values ('system', 'jarvis', ${action}, ${call.target}, ${outcome}, ${JSON.stringify(detail)}::jsonb)`;
}
