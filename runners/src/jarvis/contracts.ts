/**
 * How the jarvis runner's parts meet: the agent (model loop, policy, approvals, execution), the
 * investigator (incidents → diagnosis → plan) and the routes. NOTIFY 'jarvis' carries
 * `{kind:'incident', id}` (a trigger on incidents), `{kind:'turn', conversationId}` (functions saved
 * a person's message) and `{kind:'decision', id}` (a tool call was approved or denied).
 */
import type { toolCallViewSchema } from '@homelab/db/jarvis/views';
import type { JarvisEvidence, JarvisPlanStep } from '@homelab/db/schema';
import type { z } from 'zod';

export type JarvisNotice =
  | { kind: 'incident'; id: string }
  | { kind: 'turn'; conversationId: string }
  | { kind: 'decision'; id: string };

/** What a conversation's live feed sends to open pages (SSE event name = kind). */
export type ConversationEvent =
  | { kind: 'delta'; text: string }
  | {
      kind: 'message';
      message: { id: number; role: 'user' | 'assistant' | 'tool'; content: string; at: string };
    }
  | { kind: 'tool'; call: ToolCallView }
  | { kind: 'state'; state: 'idle' | 'running' | 'waiting' | 'failed'; stopReason: string | null };

export type ToolCallView = z.infer<typeof toolCallViewSchema>;

export type SubmittedCall = { tool: string; args: Record<string, unknown>; why?: string };

export type JarvisAgent = {
  /** Runs the conversation's next turn (its last message is the person's); resolves when it stops. */
  runTurn(conversationId: string): Promise<void>;
  /** Acts on a decision recorded in the database (approved → run and verify; denied → tell the model), then continues. */
  resume(toolCallId: string): Promise<void>;
  /**
   * A call that did not come from the model (a diagnosis plan step): same policy check, same
   * audit, proposed or run. Runs and verifies it when the policy allows.
   */
  submit(conversationId: string, call: SubmittedCall): Promise<ToolCallView>;
  /** Live events of one conversation; returns an unsubscribe function. */
  subscribe(conversationId: string, listener: (event: ConversationEvent) => void): () => void;
  /** Whether a model is configured (key, or a local server). */
  hasModel(): boolean;
};

/** What the built-in checks conclude about an incident, with no model involved. */
export type RulesDiagnosis = {
  problem: 'crash_loop' | 'container_down' | 'disk_full' | 'cert_expiring' | 'dns_drift' | 'unknown';
  /** What it is about: a container name, a mount, a host name. */
  subject: string | null;
  summary: string;
  evidence: JarvisEvidence[];
  plan: JarvisPlanStep[];
};
