/**
 * Jarvis, the copilot: conversations with the model (a person's chat, or an investigation an
 * incident started), every tool call with its risk, decision and result, the owner's autonomy
 * policies, runbooks, diagnoses of incidents (searchable so a problem is recognised next time)
 * and the tokens spent per day.
 */
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { incidents } from './monitoring';

export const jarvisRisks = ['read', 'reversible', 'destructive'] as const;
export const jarvisConversationStates = ['idle', 'running', 'waiting', 'failed'] as const;
export const jarvisToolCallStates = [
  /** Waiting for a person: approve or deny. */
  'proposed',
  'approved',
  'denied',
  'running',
  'succeeded',
  'failed',
  /** Never run: invalid arguments, an unknown tool, or refused by the policy check in code. */
  'refused',
] as const;
/** Who let a call run: the policy (read tools, autonomy) or a person (web or Discord). */
export const jarvisDecisionSources = ['policy', 'web', 'discord'] as const;
export const jarvisDiagnosisStates = [
  'investigating',
  'diagnosed',
  'remediating',
  'resolved',
  'failed',
] as const;

export const jarvisConversations = pgTable(
  'jarvis_conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    origin: text('origin', { enum: ['chat', 'incident', 'analyzer'] })
      .notNull()
      .default('chat'),
    incidentId: uuid('incident_id').references(() => incidents.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    state: text('state', { enum: jarvisConversationStates }).notNull().default('idle'),
    /** Why the last turn stopped early (budget, model unreachable…), for the page to say. */
    stopReason: text('stop_reason'),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    /** US dollars × 1,000,000, from the owner's prices per million tokens. */
    costMicros: bigint('cost_micros', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('jarvis_conversations_updated_idx').on(t.updatedAt)],
);

export const jarvisMessages = pgTable(
  'jarvis_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => jarvisConversations.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    role: text('role', { enum: ['user', 'assistant', 'tool'] }).notNull(),
    content: text('content').notNull().default(''),
    /** assistant: the calls the model asked for, as OpenAI sends them ({id, name, arguments}). */
    toolCalls: jsonb('tool_calls').$type<{ id: string; name: string; arguments: string }[]>(),
    /** tool: the call this answers. */
    toolCallId: text('tool_call_id'),
  },
  (t) => [index('jarvis_messages_conversation_idx').on(t.conversationId, t.id)],
);

export const jarvisToolCalls = pgTable(
  'jarvis_tool_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => jarvisConversations.id, { onDelete: 'cascade' }),
    /** The model's id for the call (tool messages answer it). */
    callId: text('call_id').notNull(),
    tool: text('tool').notNull(),
    args: jsonb('args').$type<Record<string, unknown>>().notNull(),
    /** What the call acts on (a container name, a monitor id…), for policies and the page. */
    target: text('target'),
    risk: text('risk', { enum: jarvisRisks }).notNull(),
    state: text('state', { enum: jarvisToolCallStates }).notNull(),
    decidedBy: text('decided_by', { enum: jarvisDecisionSources }),
    /** The person who decided (user id, or Discord user id for a button press). */
    decidedById: text('decided_by_id'),
    decidedByLabel: text('decided_by_label'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    result: jsonb('result').$type<unknown>(),
    error: text('error'),
    /** After a remediation: whether the symptom is gone, and what was checked. */
    verification: jsonb('verification').$type<{ ok: boolean; detail: string; rolledBack?: boolean }>(),
    /** The Discord approval message, so a decision elsewhere can update it. */
    discordMessage: jsonb('discord_message').$type<{ channelId: string; messageId: string }>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('jarvis_tool_calls_conversation_idx').on(t.conversationId, t.createdAt),
    index('jarvis_tool_calls_state_idx').on(t.state),
  ],
);

/** Autonomy the owner granted: a reversible tool on matching targets runs without asking. */
export const jarvisPolicies = pgTable(
  'jarvis_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tool: text('tool').notNull(),
    /** A target name, or a pattern with `*` wildcards; `*` is every target. */
    target: text('target').notNull().default('*'),
    autonomous: boolean('autonomous').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('jarvis_policies_tool_target_idx').on(t.tool, t.target)],
);

export const jarvisRunbooks = pgTable('jarvis_runbooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  /** Words of an incident's cause or message that make this runbook apply (any of them). */
  symptoms: text('symptoms').array().notNull(),
  /** Markdown: the steps. */
  body: text('body').notNull(),
  /** The tools a plan following this runbook may use. */
  allowedTools: text('allowed_tools').array().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type JarvisEvidence = { tool: string; summary: string; excerpt?: string };
export type JarvisPlanStep = { tool: string; args: Record<string, unknown>; why: string };

export const jarvisDiagnoses = pgTable(
  'jarvis_diagnoses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id').references(() => incidents.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').references(() => jarvisConversations.id, {
      onDelete: 'set null',
    }),
    state: text('state', { enum: jarvisDiagnosisStates }).notNull().default('investigating'),
    /** 'rules': the built-in checks (no model needed); 'model': written by the model. */
    source: text('source', { enum: ['rules', 'model'] }),
    /** What kind of problem (crash_loop, disk_full, cert_expiring, dns_drift, unknown…) and on what. */
    problem: text('problem'),
    subject: text('subject'),
    summary: text('summary'),
    evidence: jsonb('evidence').$type<JarvisEvidence[]>().notNull().default([]),
    plan: jsonb('plan').$type<JarvisPlanStep[]>().notNull().default([]),
    runbookId: uuid('runbook_id').references(() => jarvisRunbooks.id, { onDelete: 'set null' }),
    /** How it ended: what fixed it, for the next time the same problem appears. */
    resolution: text('resolution'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One investigation per incident, however many runners hear of it.
    uniqueIndex('jarvis_diagnoses_incident_idx').on(t.incidentId),
    index('jarvis_diagnoses_problem_idx').on(t.problem, t.subject),
  ],
);

export const jarvisUsage = pgTable('jarvis_usage', {
  day: date('day').primaryKey(),
  promptTokens: integer('prompt_tokens').notNull().default(0),
  completionTokens: integer('completion_tokens').notNull().default(0),
  costMicros: bigint('cost_micros', { mode: 'number' }).notNull().default(0),
});
