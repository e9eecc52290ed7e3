/** Test data for the Jarvis pages, in the API's shapes. Imported only by tests. */
import type { Attention, ConversationDetail, ToolCall } from './api';

export const conversationId = 'c0000000-0000-4000-8000-000000000001';

export const toolCall = (over: Partial<ToolCall> = {}): ToolCall => ({
  id: 'a0000000-0000-4000-8000-000000000001',
  conversationId,
  tool: 'restart_container',
  args: { container: 'nextcloud', timeoutSeconds: 10 },
  target: 'nextcloud',
  risk: 'reversible',
  state: 'proposed',
  decidedBy: null,
  decidedByLabel: null,
  decidedAt: null,
  result: null,
  error: null,
  verification: null,
  createdAt: '2026-01-30T10:00:05.000Z',
  finishedAt: null,
  ...over,
});

export const detail = (over: Partial<ConversationDetail> = {}): ConversationDetail => ({
  conversation: {
    id: conversationId,
    title: 'Why is nextcloud down?',
    origin: 'chat',
    incidentId: null,
    state: 'idle',
    stopReason: null,
    promptTokens: 1_200,
    completionTokens: 300,
    costMicros: 420,
    createdAt: '2026-01-30T10:00:00.000Z',
    updatedAt: '2026-01-30T10:00:10.000Z',
  },
  messages: [
    {
      id: 1,
      role: 'user',
      content: 'Why is nextcloud down?',
      toolCallId: null,
      at: '2026-01-30T10:00:00.000Z',
    },
  ],
  toolCalls: [],
  ...over,
});

export const attention = (over: Partial<Attention> = {}): Attention => ({
  incidents: [],
  approvals: { count: 0, calls: [] },
  certificates: [],
  updates: [],
  model: { connected: true, configured: true, model: 'gpt-4o-mini' },
  ...over,
});
