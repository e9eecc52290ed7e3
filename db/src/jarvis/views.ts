/**
 * A Jarvis tool call as it is shown: in the runner's live feed, in the API's answers and on the
 * page. The runner builds it, functions relays it, the deployment analyzer's proposal holds one.
 */
import { z } from 'zod';
import { jarvisDecisionSources, jarvisRisks, jarvisToolCallStates } from '../schema/jarvis';

export const toolCallViewSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  tool: z.string(),
  args: z.record(z.string(), z.unknown()),
  target: z.string().nullable(),
  risk: z.enum(jarvisRisks),
  state: z.enum(jarvisToolCallStates),
  decidedBy: z.enum(jarvisDecisionSources).nullable(),
  decidedByLabel: z.string().nullable(),
  result: z.unknown(),
  error: z.string().nullable(),
  verification: z
    .object({ ok: z.boolean(), detail: z.string(), rolledBack: z.boolean().optional() })
    .nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ToolCallView = z.infer<typeof toolCallViewSchema>;
