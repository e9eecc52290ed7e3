/**
 * A person's decision on a proposed tool call, from the web or a Discord button: `proposed →
 * approved|denied`, its audit row and NOTIFY 'jarvis' {kind:'decision'} in one transaction, so the
 * runner never sees a decision without its audit row, and a second decision (another tab, the other
 * channel) finds nothing left to decide.
 */
import type { RequestDb } from '@homelab/db/client/request';
import { auditLog, jarvisConversations, jarvisToolCalls } from '@homelab/db/schema';
import { and, desc, eq, sql } from 'drizzle-orm';
import { iso, isoOrNull } from './schemas';

type ToolCallRow = typeof jarvisToolCalls.$inferSelect;

export function toolCallView(row: ToolCallRow) {
  return {
    id: row.id,
    conversationId: row.conversationId,
    tool: row.tool,
    args: row.args,
    target: row.target,
    risk: row.risk,
    state: row.state,
    decidedBy: row.decidedBy,
    decidedByLabel: row.decidedByLabel,
    decidedAt: isoOrNull(row.decidedAt),
    result: row.result ?? null,
    error: row.error,
    verification: row.verification ?? null,
    createdAt: iso(row.createdAt),
    finishedAt: isoOrNull(row.finishedAt),
  };
}

export type Verdict = 'approved' | 'denied';

export type Decider = {
  source: 'web' | 'discord';
  /** A user id (web) or a Discord user id. */
  id: string;
  label: string;
  /** The audit row's actor and request fields. */
  audit: {
    actorKind: 'user' | 'api_key';
    actorId: string;
    ip?: string | null;
    userAgent?: string | null;
    requestId?: string | null;
  };
};

export type DecisionOutcome =
  | { ok: true; call: ReturnType<typeof toolCallView> }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already_decided'; call: ReturnType<typeof toolCallView> };

export async function decideToolCall(
  database: RequestDb['db'],
  id: string,
  verdict: Verdict,
  by: Decider,
  reason?: string,
): Promise<DecisionOutcome> {
  return database.transaction(async (tx) => {
    const [row] = await tx
      .update(jarvisToolCalls)
      .set({
        state: verdict,
        decidedBy: by.source,
        decidedById: by.id,
        decidedByLabel: by.label,
        decidedAt: sql`now()`,
        ...(verdict === 'denied' && reason ? { error: `Denied: ${reason}` } : {}),
      })
      .where(and(eq(jarvisToolCalls.id, id), eq(jarvisToolCalls.state, 'proposed')))
      .returning();
    if (!row) {
      const [existing] = await tx.select().from(jarvisToolCalls).where(eq(jarvisToolCalls.id, id));
      return existing
        ? { ok: false as const, reason: 'already_decided' as const, call: toolCallView(existing) }
        : { ok: false as const, reason: 'not_found' as const };
    }
    const action = verdict === 'approved' ? 'jarvis.tool.approved' : 'jarvis.tool.denied';
    await tx.insert(auditLog).values({
      actorKind: by.audit.actorKind,
      actorId: by.audit.actorId,
      actorLabel: by.label,
      action,
      target: row.target,
      ip: by.audit.ip ?? null,
      userAgent: by.audit.userAgent ?? null,
      requestId: by.audit.requestId ?? null,
      outcome: 'success',
      status: '200',
      detail: {
        conversationId: row.conversationId,
        toolCallId: row.id,
        tool: row.tool,
        args: row.args,
        summary: `${verdict === 'approved' ? 'Approved' : 'Denied'} by ${by.label}${reason ? `: ${reason}` : ''}`,
        ...(reason ? { reason } : {}),
      },
    });
    await tx.execute(sql`select pg_notify('jarvis', ${JSON.stringify({ kind: 'decision', id: row.id })})`);
    return { ok: true as const, call: toolCallView(row) };
  });
}

/** Calls waiting for a person, newest first, with their conversation's title. */
export async function pendingCalls(database: RequestDb['db'], limit = 100) {
  const rows = await database
    .select({ call: jarvisToolCalls, conversationTitle: jarvisConversations.title })
    .from(jarvisToolCalls)
    .innerJoin(jarvisConversations, eq(jarvisConversations.id, jarvisToolCalls.conversationId))
    .where(eq(jarvisToolCalls.state, 'proposed'))
    .orderBy(desc(jarvisToolCalls.createdAt))
    .limit(limit);
  return rows.map((r) => ({ ...toolCallView(r.call), conversationTitle: r.conversationTitle }));
}

export async function pendingCount(database: RequestDb['db']) {
  const [row] = await database
    .select({ n: sql<number>`count(*)::int` })
    .from(jarvisToolCalls)
    .where(eq(jarvisToolCalls.state, 'proposed'));
  return Number(row?.n ?? 0);
}
