/**
 * How the Jarvis pages name things: risk tiers, call and conversation states, stop reasons and
 * costs, in words and badge tones (the text always says it; colour is never the only cue).
 */
// @unocss-include: the icon classes below are plain strings in a .ts file, which UnoCSS skips by default.
import type { Tone } from '../../ui/Badge';
import type { Conversation, Diagnosis, ToolCall } from './api';

export const riskLook = {
  read: { tone: 'info', icon: 'i-ph-eye', text: 'Read' },
  reversible: { tone: 'warn', icon: 'i-ph-arrow-counter-clockwise', text: 'Reversible' },
  destructive: { tone: 'danger', icon: 'i-ph-warning', text: 'Destructive' },
} as const satisfies Record<ToolCall['risk'], { tone: Tone; icon: string; text: string }>;

export const callStateLook = {
  proposed: { tone: 'warn', icon: 'i-ph-hand', text: 'Waiting for approval' },
  approved: { tone: 'info', icon: 'i-ph-check', text: 'Approved' },
  denied: { tone: 'neutral', icon: 'i-ph-prohibit', text: 'Denied' },
  running: { tone: 'info', icon: 'i-ph-circle-notch', text: 'Running' },
  succeeded: { tone: 'ok', icon: 'i-ph-check-circle', text: 'Done' },
  failed: { tone: 'danger', icon: 'i-ph-x-circle', text: 'Failed' },
  refused: { tone: 'danger', icon: 'i-ph-shield-warning', text: 'Refused by policy' },
} as const satisfies Record<ToolCall['state'], { tone: Tone; icon: string; text: string }>;

export const conversationStateLook = {
  idle: { tone: 'neutral', icon: 'i-ph-chat-circle', text: 'Idle' },
  running: { tone: 'info', icon: 'i-ph-circle-notch', text: 'Answering' },
  waiting: { tone: 'warn', icon: 'i-ph-hand', text: 'Waiting for you' },
  failed: { tone: 'danger', icon: 'i-ph-warning-octagon', text: 'Stopped' },
} as const satisfies Record<Conversation['state'], { tone: Tone; icon: string; text: string }>;

export const diagnosisStateLook = {
  investigating: { tone: 'info', icon: 'i-ph-magnifying-glass', text: 'Investigating' },
  diagnosed: { tone: 'warn', icon: 'i-ph-stethoscope', text: 'Diagnosed' },
  remediating: { tone: 'info', icon: 'i-ph-wrench', text: 'Remediating' },
  resolved: { tone: 'ok', icon: 'i-ph-check-circle', text: 'Resolved' },
  failed: { tone: 'danger', icon: 'i-ph-x-circle', text: 'Failed' },
} as const satisfies Record<Diagnosis['state'], { tone: Tone; icon: string; text: string }>;

const stopReasons: Record<string, string> = {
  budget:
    'Jarvis stopped because the token budget is spent (for this conversation or for today). Raise the budget under Autonomy, or wait for tomorrow.',
  max_steps:
    'Jarvis stopped after the most model calls one answer may take, so a tool loop cannot run away. Send a message to let it continue.',
  no_model:
    'No AI model is configured on the server (OPENAI_BASE_URL, OPENAI_API_KEY, JARVIS_MODEL). Incidents still get the built-in diagnosis.',
  interrupted: 'The answer was interrupted when the Jarvis runner restarted. Send a message to try again.',
  error: 'The model could not be reached or answered with an error. Send the message again in a moment.',
};

/** Why the last turn stopped, in words, or null when it simply finished. */
export const explainStop = (reason: string | null): string | null =>
  reason === null ? null : (stopReasons[reason] ?? `Jarvis stopped: ${reason.replaceAll('_', ' ')}.`);

/** Costs are stored in millionths of a US dollar. */
export function formatCost(micros: number): string {
  const dollars = micros / 1_000_000;
  if (dollars === 0) return '$0.00';
  if (dollars < 0.01) return '< $0.01';
  return `$${dollars.toFixed(2)}`;
}

export const formatTokens = (tokens: number) => tokens.toLocaleString('en-US');

/** The call exactly as it will run, for the card and the confirmation. */
export const formatArgs = (args: Record<string, unknown>) => JSON.stringify(args, null, 2);

/** What a tool's result says in one line: the runner stores `{summary, data}`. */
export function resultSummary(result: unknown): string | null {
  if (result && typeof result === 'object' && 'summary' in result) {
    const summary = (result as { summary: unknown }).summary;
    if (typeof summary === 'string') return summary;
  }
  return null;
}
