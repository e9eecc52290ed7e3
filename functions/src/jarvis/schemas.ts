/** The shapes of /api/jarvis: what the page sends (validated here) and what it reads back. */
import { jarvisTool } from '@homelab/db/jarvis/catalog';
import { toolCallViewSchema } from '@homelab/db/jarvis/views';
import { jarvisConversationStates, jarvisDiagnosisStates } from '@homelab/db/schema';
import { z } from '@hono/zod-openapi';

export const idParam = z.object({ id: z.uuid({ error: 'must be an id' }) });

export const messageInput = z
  .object({ message: z.string().trim().min(1, 'write a message').max(8_000) })
  .openapi('JarvisMessageInput');

export const decisionInput = z
  .object({ reason: z.string().trim().max(500).optional() })
  .openapi('JarvisDecisionInput');

const stamp = z.string().openapi({ format: 'date-time' });

export const conversationSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    origin: z.enum(['chat', 'incident', 'analyzer']),
    incidentId: z.uuid().nullable(),
    state: z.enum(jarvisConversationStates),
    stopReason: z.string().nullable(),
    promptTokens: z.number().int(),
    completionTokens: z.number().int(),
    /** US dollars × 1,000,000. */
    costMicros: z.number().int(),
    createdAt: stamp,
    updatedAt: stamp,
  })
  .openapi('JarvisConversation');

export const messageSchema = z
  .object({
    id: z.number().int(),
    role: z.enum(['user', 'assistant', 'tool']),
    content: z.string(),
    toolCallId: z.string().nullable(),
    at: stamp,
  })
  .openapi('JarvisMessage');

// The call as the runner shows it, plus when it was decided; timestamps documented as date-time.
export const toolCallSchema = toolCallViewSchema
  .extend({ decidedAt: stamp.nullable(), createdAt: stamp, finishedAt: stamp.nullable() })
  .openapi('JarvisToolCall');

export const pendingCallSchema = toolCallSchema
  .extend({ conversationTitle: z.string() })
  .openapi('JarvisPendingCall');

export const conversationDetailSchema = z
  .object({
    conversation: conversationSchema,
    messages: z.array(messageSchema),
    toolCalls: z.array(toolCallSchema),
  })
  .openapi('JarvisConversationDetail');

export const policyInput = z
  .object({
    tool: z.string().trim().min(1),
    target: z.string().trim().min(1).max(200).default('*'),
    autonomous: z.boolean().default(true),
  })
  .openapi('JarvisPolicyInput');

export const policySchema = z
  .object({
    id: z.uuid(),
    tool: z.string(),
    target: z.string(),
    autonomous: z.boolean(),
    createdAt: stamp,
  })
  .openapi('JarvisPolicy');

const knownTool = z.string().refine((name) => jarvisTool(name) !== undefined, {
  error: 'is not one of Jarvis’s tools',
});

export const runbookInput = z
  .object({
    title: z.string().trim().min(1).max(200),
    symptoms: z
      .array(z.string().trim().min(1, 'a symptom cannot be empty').max(100))
      .min(1, 'name at least one symptom')
      .max(30),
    body: z.string().trim().min(1, 'write the steps').max(20_000),
    allowedTools: z.array(knownTool).max(50).default([]),
  })
  .openapi('JarvisRunbookInput');

export const runbookSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    symptoms: z.array(z.string()),
    body: z.string(),
    allowedTools: z.array(z.string()),
    createdAt: stamp,
    updatedAt: stamp,
  })
  .openapi('JarvisRunbook');

export const diagnosisSchema = z
  .object({
    id: z.uuid(),
    incidentId: z.uuid().nullable(),
    conversationId: z.uuid().nullable(),
    state: z.enum(jarvisDiagnosisStates),
    source: z.enum(['rules', 'model']).nullable(),
    problem: z.string().nullable(),
    subject: z.string().nullable(),
    summary: z.string().nullable(),
    evidence: z.array(z.object({ tool: z.string(), summary: z.string(), excerpt: z.string().optional() })),
    plan: z.array(z.object({ tool: z.string(), args: z.record(z.string(), z.unknown()), why: z.string() })),
    runbookId: z.uuid().nullable(),
    resolution: z.string().nullable(),
    createdAt: stamp,
    updatedAt: stamp,
    incident: z
      .object({
        cause: z.string(),
        /** The monitor's or alert rule's name. */
        source: z.string().nullable(),
        startedAt: stamp,
        resolvedAt: stamp.nullable(),
      })
      .nullable(),
  })
  .openapi('JarvisDiagnosis');

export const usageDaySchema = z.object({
  day: z.string(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costMicros: z.number().int(),
});

export const usageSchema = z
  .object({
    today: usageDaySchema,
    dailyTokenBudget: z.number().int(),
    last30Days: z.array(usageDaySchema),
    total30Days: usageDaySchema.omit({ day: true }),
  })
  .openapi('JarvisUsage');

export const modelStatusSchema = z
  .object({
    /** Whether the jarvis runner answered. */
    connected: z.boolean(),
    /** Whether a model is configured there (a key, or a local server). */
    configured: z.boolean(),
    model: z.string().nullable(),
  })
  .openapi('JarvisModelStatus');

export const attentionSchema = z
  .object({
    incidents: z.array(
      z.object({
        id: z.uuid(),
        cause: z.string(),
        lastMessage: z.string().nullable(),
        source: z.string().nullable(),
        startedAt: stamp,
        diagnosis: z
          .object({ id: z.uuid(), state: z.enum(jarvisDiagnosisStates), summary: z.string().nullable() })
          .nullable(),
      }),
    ),
    approvals: z.object({ count: z.number().int(), calls: z.array(pendingCallSchema) }),
    certificates: z.array(
      z.object({
        monitorId: z.uuid(),
        name: z.string(),
        daysLeft: z.number().int(),
        validTo: stamp.nullable(),
      }),
    ),
    /** Images with a newer version in their registry; null when the docker runner did not answer. */
    updates: z.array(z.object({ image: z.string(), containers: z.array(z.string()) })).nullable(),
    model: modelStatusSchema,
  })
  .openapi('JarvisAttention');

export const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();
export const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));
