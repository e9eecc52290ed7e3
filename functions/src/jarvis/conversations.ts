/**
 * `/api/jarvis/conversations`: chats with Jarvis and the investigations incidents started. A
 * person's message is saved here and handed to the jarvis runner with NOTIFY 'jarvis'
 * {kind:'turn'}; the runner answers into the database and the live feed this relays.
 */
import { jarvisConversations, jarvisMessages, jarvisToolCalls } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { operator, reader } from '../auth/middleware';
import { type AppContext, auditAs, db } from '../lib/context';
import { conflict, notFound } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse, sseResponse, writeErrors } from '../lib/router';
import { relayStream } from '../lib/runners';
import { toolCallView } from './decide';
import {
  conversationDetailSchema,
  conversationSchema,
  idParam,
  iso,
  messageInput,
  messageSchema,
} from './schemas';

const tags = ['jarvis'];

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const list = createRoute({
  method: 'get',
  path: '/conversations',
  tags,
  summary: 'Conversations, most recently active first',
  middleware: [reader] as const,
  request: { query: pageQuery },
  responses: {
    200: jsonResponse(
      z.object({ conversations: z.array(conversationSchema), total: z.number().int() }),
      'A page of conversations',
    ),
    ...errors(400, 401, 403, 503),
  },
});
const create = createRoute({
  method: 'post',
  path: '/conversations',
  tags,
  summary: 'Start a conversation with a first message (Jarvis answers on the live feed)',
  middleware: [operator] as const,
  request: { body: jsonBody(messageInput) },
  responses: { 201: jsonResponse(conversationDetailSchema, 'Started'), ...errors(...writeErrors) },
});
const getOne = createRoute({
  method: 'get',
  path: '/conversations/{id}',
  tags,
  summary: 'A conversation with its messages and tool calls',
  middleware: [reader] as const,
  request: { params: idParam },
  responses: {
    200: jsonResponse(conversationDetailSchema, 'The conversation'),
    ...errors(401, 403, 404, 503),
  },
});
const post = createRoute({
  method: 'post',
  path: '/conversations/{id}/messages',
  tags,
  summary: 'Send a message (refused while Jarvis is still answering)',
  middleware: [operator] as const,
  request: { params: idParam, body: jsonBody(messageInput) },
  responses: {
    202: jsonResponse(messageSchema, 'Saved; Jarvis answers on the live feed'),
    ...errors(...writeErrors),
  },
});
const stream = createRoute({
  method: 'get',
  path: '/conversations/{id}/stream',
  tags,
  summary: 'The live feed: `delta`, `message`, `tool` and `state` events',
  middleware: [reader] as const,
  request: { params: idParam },
  responses: {
    200: sseResponse('text/event-stream of ConversationEvent JSON'),
    ...errors(401, 403, 404, 503),
  },
});
const remove = createRoute({
  method: 'delete',
  path: '/conversations/{id}',
  tags,
  summary: 'Delete a conversation, its messages and tool calls (the audit log keeps its steps)',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errors(...writeErrors) },
});

type ConversationRow = typeof jarvisConversations.$inferSelect;
type MessageRow = typeof jarvisMessages.$inferSelect;

const conversationView = (row: ConversationRow) => ({
  id: row.id,
  title: row.title,
  origin: row.origin,
  incidentId: row.incidentId,
  state: row.state,
  stopReason: row.stopReason,
  promptTokens: row.promptTokens,
  completionTokens: row.completionTokens,
  costMicros: Number(row.costMicros),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

const messageView = (row: MessageRow) => ({
  id: Number(row.id),
  role: row.role,
  content: row.content,
  toolCallId: row.toolCallId,
  at: iso(row.at),
});

/** The first line of the first message, short enough for a list. */
export function titleOf(message: string): string {
  const line = message.trim().split('\n')[0]!.trim();
  return line.length > 80 ? `${line.slice(0, 79).trimEnd()}…` : line;
}

const notifyTurn = (conversationId: string) =>
  sql`select pg_notify('jarvis', ${JSON.stringify({ kind: 'turn', conversationId })})`;

async function detail(c: AppContext, id: string) {
  const { db: database } = db(c);
  const [conversation] = await database
    .select()
    .from(jarvisConversations)
    .where(eq(jarvisConversations.id, id));
  if (!conversation) throw notFound('There is no such conversation.');
  const [messages, calls] = await Promise.all([
    database
      .select()
      .from(jarvisMessages)
      .where(eq(jarvisMessages.conversationId, id))
      .orderBy(asc(jarvisMessages.id)),
    database
      .select()
      .from(jarvisToolCalls)
      .where(eq(jarvisToolCalls.conversationId, id))
      .orderBy(asc(jarvisToolCalls.createdAt)),
  ]);
  return {
    conversation: conversationView(conversation),
    messages: messages.map(messageView),
    toolCalls: calls.map(toolCallView),
  };
}

export const conversationRoutes = createRouter()
  .openapi(list, async (c) => {
    const { limit, offset } = c.req.valid('query');
    const { db: database } = db(c);
    const [rows, [count]] = await Promise.all([
      database
        .select()
        .from(jarvisConversations)
        .orderBy(desc(jarvisConversations.updatedAt), desc(jarvisConversations.id))
        .limit(limit)
        .offset(offset),
      database.select({ n: sql<number>`count(*)::int` }).from(jarvisConversations),
    ]);
    return c.json({ conversations: rows.map(conversationView), total: Number(count?.n ?? 0) }, 200);
  })
  .openapi(create, async (c) => {
    const { message } = c.req.valid('json');
    const title = titleOf(message);
    auditAs(c, 'jarvis.conversation.create', undefined, { title });
    const id = await db(c).db.transaction(async (tx) => {
      const [conversation] = await tx
        .insert(jarvisConversations)
        .values({ title, origin: 'chat', createdBy: c.get('auth')!.user.id })
        .returning({ id: jarvisConversations.id });
      await tx
        .insert(jarvisMessages)
        .values({ conversationId: conversation!.id, role: 'user', content: message });
      await tx.execute(notifyTurn(conversation!.id));
      return conversation!.id;
    });
    auditAs(c, 'jarvis.conversation.create', id, { title });
    return c.json(await detail(c, id), 201);
  })
  .openapi(getOne, async (c) => c.json(await detail(c, c.req.valid('param').id), 200))
  .openapi(post, async (c) => {
    const { id } = c.req.valid('param');
    const { message } = c.req.valid('json');
    auditAs(c, 'jarvis.conversation.message', id);
    const saved = await db(c).db.transaction(async (tx) => {
      // Locked so a turn the runner is claiming right now cannot miss this message.
      const [conversation] = await tx
        .select({ state: jarvisConversations.state })
        .from(jarvisConversations)
        .where(eq(jarvisConversations.id, id))
        .for('update');
      if (!conversation) throw notFound('There is no such conversation.');
      if (conversation.state === 'running')
        throw conflict('Jarvis is still answering; send the message when it has finished.');
      const [row] = await tx
        .insert(jarvisMessages)
        .values({ conversationId: id, role: 'user', content: message })
        .returning();
      await tx
        .update(jarvisConversations)
        .set({ updatedAt: sql`now()` })
        .where(eq(jarvisConversations.id, id));
      await tx.execute(notifyTurn(id));
      return row!;
    });
    return c.json(messageView(saved), 202);
  })
  .openapi(stream, async (c) => {
    const { id } = c.req.valid('param');
    return relayStream(c, 'jarvis', { path: `/conversations/${id}/stream` }) as never;
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'jarvis.conversation.delete', id);
    const { db: database } = db(c);
    const [row] = await database
      .select({ state: jarvisConversations.state })
      .from(jarvisConversations)
      .where(eq(jarvisConversations.id, id));
    if (!row) throw notFound('There is no such conversation.');
    if (row.state === 'running') throw conflict('Jarvis is still answering; delete it when it has finished.');
    await database.delete(jarvisConversations).where(eq(jarvisConversations.id, id));
    return c.body(null, 204);
  });
